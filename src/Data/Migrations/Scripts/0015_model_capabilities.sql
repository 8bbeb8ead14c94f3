-- What a model can do, beside its price: whether it takes a JSON schema as response_format (OpenRouter lists
-- "structured_outputs" in a model's supported_parameters). Not a price: a change does not make a price version.
CREATE TABLE model_capabilities
(
    provider           text NOT NULL,
    model              text NOT NULL,
    structured_output  boolean NOT NULL,
    source             text NOT NULL,
    updated_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (provider, model)
);
