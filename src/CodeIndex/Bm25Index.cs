namespace DevBot.CodeIndex;

/// <summary>Okapi BM25 over <see cref="CodeTokenizer"/> terms, with documents added and removed as files change.</summary>
public sealed class Bm25Index
{
    private const double K1 = 1.2;
    private const double B = 0.75;
    private readonly Dictionary<string, Dictionary<string, int>> _postings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _lengths = new(StringComparer.Ordinal);
    private long _totalLength;

    public int Count => _lengths.Count;

    public void Add(string id, string text)
    {
        if (_lengths.ContainsKey(id))
        {
            return;
        }

        var terms = CodeTokenizer.Tokenize(text);
        _lengths[id] = terms.Count;
        _totalLength += terms.Count;
        foreach (var group in terms.GroupBy(t => t, StringComparer.Ordinal))
        {
            if (!_postings.TryGetValue(group.Key, out var posting))
            {
                _postings[group.Key] = posting = new Dictionary<string, int>(StringComparer.Ordinal);
            }

            posting[id] = group.Count();
        }
    }

    public void Remove(string id, string text)
    {
        if (!_lengths.Remove(id, out var length))
        {
            return;
        }

        _totalLength -= length;
        foreach (var term in CodeTokenizer.Tokenize(text).Distinct(StringComparer.Ordinal))
        {
            if (_postings.TryGetValue(term, out var posting) && posting.Remove(id) && posting.Count == 0)
            {
                _postings.Remove(term);
            }
        }
    }

    /// <summary>Scores of the documents that contain at least one query term, best first.</summary>
    public List<(string Id, double Score)> Search(string query, int limit, Func<string, bool>? filter = null)
    {
        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        var count = _lengths.Count;
        if (count == 0)
        {
            return [];
        }

        var averageLength = Math.Max(1.0, (double)_totalLength / count);
        foreach (var term in CodeTokenizer.Tokenize(query).Distinct(StringComparer.Ordinal))
        {
            if (!_postings.TryGetValue(term, out var posting))
            {
                continue;
            }

            var idf = Math.Log(1 + (count - posting.Count + 0.5) / (posting.Count + 0.5));
            foreach (var (id, frequency) in posting)
            {
                if (filter is not null && !filter(id))
                {
                    continue;
                }

                var length = _lengths[id];
                var score = idf * frequency * (K1 + 1) / (frequency + K1 * (1 - B + B * length / averageLength));
                scores[id] = scores.GetValueOrDefault(id) + score;
            }
        }

        return TopK.Select(scores.Select(s => (s.Key, s.Value)), limit);
    }
}
