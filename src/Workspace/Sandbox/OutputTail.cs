using System.Text;

namespace DevBot.Workspace.Sandbox;

/// <summary>Keeps the last <c>limit</c> bytes of a stream of output and counts the rest.</summary>
internal sealed class OutputTail(int limit)
{
    private readonly byte[] _ring = new byte[limit];
    private long _total;

    public long Total => Interlocked.Read(ref _total);

    public void Append(ReadOnlySpan<byte> data)
    {
        lock (_ring)
        {
            if (data.Length > limit)
            {
                // Only the last `limit` bytes can survive; the ones before them are counted as if written.
                _total += data.Length - limit;
                data = data[^limit..];
            }

            foreach (var b in data)
            {
                _ring[_total % limit] = b;
                _total++;
            }
        }
    }

    public string Render()
    {
        lock (_ring)
        {
            if (_total <= limit)
            {
                return Encoding.UTF8.GetString(_ring, 0, (int)_total);
            }

            var start = (int)(_total % limit);
            var bytes = _ring[start..].Concat(_ring[..start]).ToArray();
            return $"[… {_total - limit} earlier bytes of output omitted …]\n" + Encoding.UTF8.GetString(bytes);
        }
    }
}
