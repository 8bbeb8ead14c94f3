namespace DevBot.CodeIndex;

/// <summary>The k best-scored items without sorting them all (a bounded min-heap); ties broken by id.</summary>
internal static class TopK
{
    public static List<(string Id, double Score)> Select(IEnumerable<(string Id, double Score)> items, int k)
    {
        var heap = new PriorityQueue<(string Id, double Score), (double Score, string Id)>(k + 1, Comparer.Instance);
        foreach (var item in items)
        {
            heap.Enqueue(item, (item.Score, item.Id));
            if (heap.Count > k)
            {
                heap.Dequeue();
            }
        }

        var result = new List<(string Id, double Score)>(heap.Count);
        while (heap.Count > 0)
        {
            result.Add(heap.Dequeue());
        }

        result.Reverse();
        return result;
    }

    /// <summary>Orders the heap so that the worst item (lowest score, then highest id) leaves first.</summary>
    private sealed class Comparer : IComparer<(double Score, string Id)>
    {
        public static readonly Comparer Instance = new();

        public int Compare((double Score, string Id) x, (double Score, string Id) y)
        {
            var byScore = x.Score.CompareTo(y.Score);
            return byScore != 0 ? byScore : string.CompareOrdinal(y.Id, x.Id);
        }
    }
}
