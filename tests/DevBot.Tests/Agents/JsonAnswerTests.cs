using DevBot.Grains.Agents;

namespace DevBot.Tests.Agents;

/// <summary>
/// JSON answers as models write them. The shapes come from mangiucugna/json_repair's test suite (the library LLM
/// tool-builders use to repair model JSON; tests/test_json_repair.py and tests/test_parse_comment.py, named per case)
/// and from DevBot's own Architect shapes. DevBot reads what is valid JSON around prose, fences, comments, trailing
/// commas and key case; what json_repair would have to guess at (an unclosed string, single quotes, two objects) is
/// refused with the reason, never guessed.
/// </summary>
public sealed class JsonAnswerTests
{
    public static TheoryData<string, string, string> Readable => new()
    {
        // test_prefixed_valid_json_with_trailing_text_uses_value_fast_path: braces inside a string do not end the object.
        { "json_repair prefixed-with-trailing-text", "Here is your JSON:\n{\"text\": \"literal } and ]\"}\nAdditional explanation.", "{\"text\": \"literal } and ]\"}" },
        // test_parenthesized_prose_does_not_hijack_fenced_json
        { "json_repair parenthesized-prose", "\n **Decision**: bla, bla (some clarification):\n\n```json\n{\n  \"key\": \"value\"\n}\n```\n", "{\n  \"key\": \"value\"\n}" },
        // test_numbered_prose_line_does_not_hijack_fenced_json
        { "json_repair numbered-prose", "(1) Keep this note in the explanation.\n\n```json\n{\n  \"key\": \"value\"\n}\n```", "{\n  \"key\": \"value\"\n}" },
        // test_multiple_jsons: a fence on one line with prose around it.
        { "json_repair inline-fence", "lorem ```json {\"key\":\"value\"} ``` ipsum", "{\"key\":\"value\"}" },
        // test_parse_comment: a block comment before the object.
        { "json_repair leading-comment", "/* comment */ {\"key\": \"value\"}", "{\"key\": \"value\"}" },
        // test_parse_many_top_level_comments_without_recursion_error: shell-style comment lines before it.
        { "json_repair hash-comments", "# comment\n# comment\n{\"key\": \"value\"}", "{\"key\": \"value\"}" },
        // test_valid_json: colons and commas inside strings.
        { "json_repair valid-json", "{\"key\": \"value:value\", \"text\": \"The quick brown fox,\"}", "{\"key\": \"value:value\", \"text\": \"The quick brown fox,\"}" },
        // Reasoning models (DeepSeek-R1 and others) put their thinking first; a JSON-looking draft inside it is not the answer.
        { "reasoning block", "<think>\nMaybe {\"pass\": false}? No.\n</think>\n{\"pass\": true}", "{\"pass\": true}" },
        { "orphan closing tag", "I considered {\"pass\": false}.\n</think>\n{\"pass\": true}", "{\"pass\": true}" },
    };

    [Theory]
    [MemberData(nameof(Readable))]
    public void Extract_FindsTheOneObject(string source, string answer, string expected)
    {
        Assert.True(source.Length > 0);
        Assert.Equal(expected, JsonAnswer.Extract(answer));
    }

    public static TheoryData<string, string, string> Refused => new()
    {
        // test_prefixed_invalid_json_falls_back_to_repair_parser: json_repair closes the string; DevBot asks again.
        { "json_repair prefixed-invalid", "Here is your JSON: {\"key\": \"value", "not closed" },
        // test_logging: a missing closing quote.
        { "json_repair missing-quote", "{\"key\": \"value}", "not closed" },
        // test_ensure_ascii: single-quoted keys and values are not JSON.
        { "json_repair single-quotes", "{'test':'统一码'}", "not valid JSON" },
        // test_repair_json_skip_json_loads: a key without a value.
        { "json_repair missing-value", "{\"key\": true, \"key2\": false, \"key3\": }", "not valid JSON" },
        // test_multiple_jsons: two objects are two answers.
        { "json_repair two-objects", "{\"key\":\"value\"}, {\"key\":\"value_after\"}", "more than one JSON object" },
        { "two fenced blocks", "```json\n{\"pass\": true}\n```\nor\n```json\n{\"pass\": false}\n```", "more than one JSON block" },
        { "no object", "I think the work is complete.", "no JSON object" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Read_RefusesWhatItCannotBeSureOf(string source, string answer, string reason)
    {
        Assert.True(source.Length > 0);
        var error = Assert.Throws<MalformedAnswerException>(() => JsonAnswer.Read<VerdictReply>(answer));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_AcceptsTrailingCommasCommentsAndKeyCase()
    {
        var reply = JsonAnswer.Read<VerdictReply>("{\n  \"Pass\": false, // not yet\n  \"FINDINGS\": [{\"title\": \"Add tests\", \"files\": [\"t.py\",], \"check\": \"tests pass\",},],\n}");

        Assert.False(reply.Pass);
        Assert.Equal(["t.py"], Assert.Single(reply.Findings!).Files);
    }

    [Fact]
    public void Read_AWronglyTypedField_IsAnErrorNamingIt_NeverAnEmptyList()
    {
        var error = Assert.Throws<MalformedAnswerException>(() => JsonAnswer.Read<QuestionsReply>("{\"questions\": \"What platforms?\"}"));

        Assert.Contains("\"questions\" has the wrong type (expected a list)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseQuestions_TakesObviousTopicSynonyms_AndRefusesUnknownOnes()
    {
        var answer = StructuredAnswers.ParseQuestions(
            "{\"questions\": [{\"topic\": \"Timeline\", \"text\": \"When?\"}, {\"topic\": \"users\", \"text\": \"Who?\", \"options\": [\"Me\", \" \"]}]}", 5);

        Assert.Equal(["budget", "audience"], answer.Questions.Select(q => q.Topic));
        Assert.Equal(["Me"], answer.Questions[1].Options);
        var error = Assert.Throws<MalformedAnswerException>(() =>
            StructuredAnswers.ParseQuestions("{\"questions\": [{\"topic\": \"colour\", \"text\": \"Which?\"}]}", 5));
        Assert.Contains("topic 'colour'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SchemaOf_TheReplyType_DescribesItsFields()
    {
        var format = Assert.IsType<Microsoft.Extensions.AI.ChatResponseFormatJson>(StructuredAnswers.SchemaOf<QuestionsReply>("q", "d"));

        var schema = format.Schema!.Value.GetRawText();
        Assert.Contains("\"questions\"", schema, StringComparison.Ordinal);
        Assert.Contains("\"topic\"", schema, StringComparison.Ordinal);
        Assert.Contains("audience, platforms", schema, StringComparison.Ordinal);
    }
}
