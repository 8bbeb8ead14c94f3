namespace DevBot.Gateway;

public enum ModelRole
{
    /// <summary>Strong model: questions, docs, plans, verification, README.</summary>
    Architect = 0,

    /// <summary>Cheaper model: TODO items as edits.</summary>
    Implementer = 1,

    /// <summary>Embeddings for the code index.</summary>
    Embedding = 2,
}
