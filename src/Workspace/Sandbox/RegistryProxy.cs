using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DevBot.Workspace.Sandbox;

/// <summary>
/// The install stage's only way out of the sandbox: an HTTP proxy on a Unix socket (bound into the sandbox, where a
/// bridge makes it a loopback port) that lets through what the allow-list names and nothing else — the design of
/// Anthropic's sandbox-runtime (bubblewrap plus a filtering proxy over a socket). <c>CONNECT host:443</c> is tunnelled
/// to an allowed registry host; a plain <c>GET http://host/…</c> is forwarded (for an operator's HTTP mirror). A host
/// name is allowed only where it resolves to public addresses, so an allowed name cannot be pointed at the silo or its
/// network; loopback or private addresses are reached only when an entry names that address and port exactly.
/// Everything refused is answered 403 and remembered.
/// </summary>
public sealed class RegistryProxy : IAsyncDisposable
{
    private const int MaxHeaderBytes = 32 * 1024;
    private readonly Socket _listener;
    private readonly IReadOnlyList<string> _allowed;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _accepting;
    private readonly ConcurrentDictionary<Task, byte> _connections = new();

    private RegistryProxy(string socketPath, IReadOnlyList<string> allowed)
    {
        SocketPath = socketPath;
        _allowed = allowed.Select(a => a.Trim().ToLowerInvariant()).Where(a => a.Length > 0).ToList();
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        if (!OperatingSystem.IsWindows())
        {
            // The sandbox runs as another uid: it must be able to connect.
            File.SetUnixFileMode(socketPath, (UnixFileMode)0b110_110_110);
        }

        _listener.Listen(64);
        _accepting = AcceptAsync();
    }

    public string SocketPath { get; }

    /// <summary>Every request refused (host and port), for the run's report and for tests.</summary>
    public ConcurrentQueue<string> Refused { get; } = new();

    /// <summary>Every host reached (host and port).</summary>
    public ConcurrentQueue<string> Reached { get; } = new();

    /// <summary>
    /// Starts a proxy on <paramref name="socketPath"/> for <paramref name="allowed"/>: host names (<c>registry.npmjs.org</c>),
    /// wildcards for subdomains (<c>*.nuget.org</c>), or <c>address:port</c> for one exact loopback or private endpoint.
    /// </summary>
    public static RegistryProxy Start(string socketPath, IReadOnlyList<string> allowed) => new(socketPath, allowed);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Dispose();
        await _accepting.ContinueWith(_ => { }, TaskScheduler.Default);
        await Task.WhenAll(_connections.Keys).ContinueWith(_ => { }, TaskScheduler.Default);
        try
        {
            File.Delete(SocketPath);
        }
        catch (IOException)
        {
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stopping.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            var connection = ServeAsync(client);
            _connections.TryAdd(connection, 0);
            _ = connection.ContinueWith(t => _connections.TryRemove(t, out _), TaskScheduler.Default);
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using var clientStream = new NetworkStream(client, ownsSocket: true);
        try
        {
            var (head, rest) = await ReadHeadAsync(clientStream);
            if (head is null)
            {
                return;
            }

            var requestLine = head.Split("\r\n", 2)[0];
            var parts = requestLine.Split(' ');
            if (parts.Length != 3)
            {
                await RefuseAsync(clientStream, 400, "Bad Request", "a malformed request line");
                return;
            }

            var (method, target) = (parts[0], parts[1]);
            var isConnect = method.Equals("CONNECT", StringComparison.OrdinalIgnoreCase);
            if (!TryEndpoint(target, isConnect, out var host, out var port, out var path))
            {
                await RefuseAsync(clientStream, 400, "Bad Request", $"'{target}' is not a host and port or an absolute http:// URL");
                return;
            }

            var addresses = await AllowedAddressesAsync(host, port);
            if (addresses is null)
            {
                Refused.Enqueue($"{host}:{port}");
                await RefuseAsync(clientStream, 403, "Forbidden", $"{host}:{port} is not an allowed package registry of this install");
                return;
            }

            using var upstream = new Socket(SocketType.Stream, ProtocolType.Tcp);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            try
            {
                await upstream.ConnectAsync(addresses, port, timeout.Token);
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException)
            {
                await RefuseAsync(clientStream, 502, "Bad Gateway", $"{host}:{port} could not be reached");
                return;
            }

            Reached.Enqueue($"{host}:{port}");
            await using var upstreamStream = new NetworkStream(upstream, ownsSocket: false);
            if (isConnect)
            {
                await clientStream.WriteAsync("HTTP/1.1 200 Connection Established\r\n\r\n"u8.ToArray(), _stopping.Token);
            }
            else
            {
                // Forward in origin form, without proxy headers, one request per connection.
                var headers = head.Split("\r\n").Skip(1).Where(h => h.Length > 0
                    && !h.StartsWith("proxy-", StringComparison.OrdinalIgnoreCase) && !h.StartsWith("connection:", StringComparison.OrdinalIgnoreCase));
                var forwarded = $"{method} {path} HTTP/1.1\r\n{string.Join("\r\n", headers)}\r\nConnection: close\r\n\r\n";
                await upstreamStream.WriteAsync(Encoding.ASCII.GetBytes(forwarded), _stopping.Token);
            }

            if (rest.Length > 0)
            {
                await upstreamStream.WriteAsync(rest, _stopping.Token);
            }

            await Task.WhenAny(clientStream.CopyToAsync(upstreamStream, _stopping.Token), upstreamStream.CopyToAsync(clientStream, _stopping.Token));
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // A connection that ends mid-way ends; the client sees it.
        }
    }

    /// <summary>The addresses to connect to, or null when the endpoint is not allowed.</summary>
    private async Task<IPAddress[]?> AllowedAddressesAsync(string host, int port)
    {
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal))
        {
            // An address reaches only itself, and only when an entry names it with this port.
            return _allowed.Contains($"{literal}:{port}".ToLowerInvariant()) || _allowed.Contains($"[{literal}]:{port}".ToLowerInvariant()) ? [literal] : null;
        }

        if (port is not (443 or 80) || !_allowed.Any(a => Matches(a, host)))
        {
            return null;
        }

        IPAddress[] resolved;
        try
        {
            resolved = await Dns.GetHostAddressesAsync(host, _stopping.Token);
        }
        catch (SocketException)
        {
            return null;
        }

        // A name that resolves to the silo's own machine or network is refused whatever the list says (DNS rebinding).
        return resolved.Length > 0 && resolved.All(IsPublic) ? resolved : null;
    }

    private static bool Matches(string entry, string host)
    {
        host = host.ToLowerInvariant().TrimEnd('.');
        return entry.StartsWith("*.", StringComparison.Ordinal)
            ? host.EndsWith(entry[1..], StringComparison.Ordinal) && host.Length > entry.Length - 1
            : !entry.Contains(':', StringComparison.Ordinal) && host == entry;
    }

    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
        {
            return false;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast);
        }

        var b = address.GetAddressBytes();
        return !(b[0] == 10 || b[0] == 0 || b[0] == 127 || (b[0] == 172 && b[1] >= 16 && b[1] <= 31) || (b[0] == 192 && b[1] == 168)
                 || (b[0] == 169 && b[1] == 254) || (b[0] == 100 && b[1] >= 64 && b[1] <= 127) || b[0] >= 224);
    }

    private static bool TryEndpoint(string target, bool isConnect, out string host, out int port, out string path)
    {
        host = string.Empty;
        port = 0;
        path = "/";
        if (isConnect)
        {
            var colon = target.LastIndexOf(':');
            host = colon > 0 ? target[..colon] : string.Empty;
            return colon > 0 && int.TryParse(target[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is > 0 and < 65536;
        }

        if (!Uri.TryCreate(target, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
        {
            return false;
        }

        host = uri.Host;
        port = uri.Port;
        path = uri.PathAndQuery;
        return true;
    }

    private async Task<(string? Head, byte[] Remainder)> ReadHeadAsync(Stream stream)
    {
        var buffer = new byte[MaxHeaderBytes];
        var filled = 0;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (filled < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(filled), timeout.Token);
            if (read == 0)
            {
                return (null, []);
            }

            filled += read;
            var end = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8);
            if (end >= 0)
            {
                return (Encoding.ASCII.GetString(buffer, 0, end + 2), buffer[(end + 4)..filled]);
            }
        }

        return (null, []);
    }

    private async Task RefuseAsync(Stream stream, int status, string reason, string why)
    {
        var body = $"DevBot's sandbox refused this request: {why}.\n";
        var response = $"HTTP/1.1 {status} {reason}\r\nContent-Type: text/plain\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}";
        await stream.WriteAsync(Encoding.UTF8.GetBytes(response), _stopping.Token);
    }
}
