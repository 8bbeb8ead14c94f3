using DevBot.CodeIndex;

namespace DevBot.Tests.CodeIndex;

/// <summary>
/// The semantic embedders run offline (the model is inside the NuGet package), and on questions that share no words
/// with the code that answers them they find it where hashed identifiers cannot. Small on purpose: each text costs
/// the model tens of milliseconds.
/// </summary>
public sealed class SemanticEmbedderTests
{
    /// <summary>Six files of a tiny shop, each answering one plain-language question in words of its own.</summary>
    private static readonly Dictionary<string, string?> Shop = new()
    {
        ["shop/backoff.py"] = "def wait_before_next_attempt(attempt):\n    \"\"\"Sleeps longer after every failed call to the payment provider.\"\"\"\n    time.sleep(min(30, 0.5 * 2 ** attempt))\n",
        ["shop/receipts.py"] = "def render_receipt_pdf(order):\n    \"\"\"Builds the printable invoice document mailed to the buyer.\"\"\"\n    return pdf.render('receipt.html', order=order)\n",
        ["shop/stock.py"] = "def reserve_items(cart):\n    \"\"\"Holds warehouse quantities so two buyers cannot take the last unit.\"\"\"\n    for line in cart.lines:\n        inventory.hold(line.sku, line.quantity)\n",
        ["shop/passwords.py"] = "def hash_secret(plain):\n    \"\"\"Derives a salted digest with bcrypt before storing a user's login secret.\"\"\"\n    return bcrypt.hashpw(plain.encode(), bcrypt.gensalt())\n",
        ["shop/currency.py"] = "def to_euros(amount, rate_table):\n    \"\"\"Converts a price from dollars or pounds using today's exchange rates.\"\"\"\n    return amount * rate_table[amount.currency]\n",
        ["shop/mailer.py"] = "def send_newsletter(subscribers):\n    \"\"\"Emails the weekly promotions to everyone who opted in.\"\"\"\n    for person in subscribers:\n        smtp.send(person.address, template('weekly'))\n",
    };

    private static readonly (string Question, string File)[] Questions =
    [
        ("how do we retry a failing charge with increasing delays?", "shop/backoff.py"),
        ("where is the bill for a purchase generated?", "shop/receipts.py"),
        ("what prevents overselling when stock runs out?", "shop/stock.py"),
        ("how are user credentials protected at rest?", "shop/passwords.py"),
        ("how are foreign money amounts converted?", "shop/currency.py"),
        ("who gets the marketing messages each week?", "shop/mailer.py"),
    ];

    [Theory]
    [InlineData("minilm")]
    [InlineData("arctic")]
    public async Task SentenceEmbedder_WithThePackagedModel_EmbedsOfflineInto384NormalisedDimensions(string name)
    {
        var embedder = SentenceEmbedder.Create(name);

        var vectors = await embedder.GenerateAsync(["retry a failed request", "try the request again after an error", "bake a chocolate cake"]);
        var query = await embedder.EmbedQueryAsync("retry a failed request");

        Assert.All(vectors, v => Assert.Equal(384, v.Vector.Length));
        Assert.All(vectors, v => Assert.InRange(System.Numerics.Tensors.TensorPrimitives.Norm(v.Vector.Span), 0.99f, 1.01f));
        var similar = System.Numerics.Tensors.TensorPrimitives.Dot(vectors[0].Vector.Span, vectors[1].Vector.Span);
        var unrelated = System.Numerics.Tensors.TensorPrimitives.Dot(vectors[0].Vector.Span, vectors[2].Vector.Span);
        Assert.True(similar > unrelated + 0.2f, $"similar {similar}, unrelated {unrelated}");
        Assert.Equal(384, query.Length);
    }

    [Fact]
    public async Task PlainLanguageQuestions_FoundBySemanticVectors_ButNotByHashedIdentifiers()
    {
        var hashed = await AnsweredAsync(new CodeIndexer(new LocalHashEmbedder(), "local"));
        var semantic = await AnsweredAsync(new CodeIndexer(SentenceEmbedder.Create("minilm"), "minilm"));

        Assert.True(semantic == Questions.Length, $"minilm answered {semantic} of {Questions.Length}");
        Assert.True(hashed <= Questions.Length / 2, $"hashed answered {hashed} of {Questions.Length}");
    }

    /// <summary>How many questions have their file first among the vector ranking.</summary>
    private static async Task<int> AnsweredAsync(CodeIndexer indexer)
    {
        await indexer.ApplyAsync(Shop);
        var answered = 0;
        foreach (var (question, file) in Questions)
        {
            var hits = await indexer.SearchAsync(question, 3, mode: SearchMode.Vector);
            answered += hits[0].Chunk.Path == file ? 1 : 0;
        }

        return answered;
    }
}
