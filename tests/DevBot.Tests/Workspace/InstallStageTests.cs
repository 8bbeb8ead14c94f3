using System.IO.Compression;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using DevBot.Tests.Infrastructure;
using DevBot.Workspace.Sandbox;
using DevBot.Workspace.Stacks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DevBot.Tests.Workspace;

/// <summary>
/// The install stage: the only sandboxed run with network, and that only to its ecosystem's registries through the
/// filtering proxy; checks and tests after it have none. Real bubblewrap, real socat, real npm and pip.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class InstallStageTests : IDisposable
{
    private readonly TempTree _tree = new();
    private readonly string _root = Path.Combine(Path.GetTempPath(), "devbot-install-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly Guid _project = Guid.NewGuid();
    private readonly long _user = TestUsers.NewId();

    [Fact]
    public async Task NpmInstall_ReachesItsRegistry_AndNothingElse_NotTheSiloNorLoopbackNorAnotherHost()
    {
        using var silo = new TcpListener(IPAddress.Loopback, 0);
        silo.Start();
        var siloPort = ((IPEndPoint)silo.LocalEndpoint).Port;
        var accepted = 0;
        _ = Task.Run(async () =>
        {
            while (true)
            {
                using var client = await silo.AcceptTcpClientAsync();
                Interlocked.Increment(ref accepted);
            }
        });
        var lan = LanAddress();
        _tree.Write("package.json", """{"name": "probe", "version": "1.0.0", "private": true, "dependencies": {"is-number": "7.0.0"}}""");
        _tree.Write("probe.py", Probe(
            ("direct-loopback", $"direct('127.0.0.1', {siloPort})"),
            ("direct-lan", lan is null ? "'skipped'" : $"direct('{lan}', {siloPort})"),
            ("proxy-loopback", $"connect('127.0.0.1:{siloPort}')"),
            ("proxy-localhost", $"connect('localhost:{siloPort}')"),
            ("proxy-other-host", "connect('example.com:443')"),
            ("proxy-registry-other-port", "connect('registry.npmjs.org:22')"),
            ("proxy-plain-http-loopback", $"get('http://127.0.0.1:{siloPort}/healthz')"),
            ("proxy-registry", "connect('registry.npmjs.org:443')")));
        var commands = new ProjectCommands("npm install --no-audit --no-fund && python3 probe.py", null, null, [ProjectStacks.Node]);

        var install = await Toolbox().EnsureInstalledAsync(_project, _user, _tree.Repo, commands);

        Assert.True(install.Status == InstallStatus.Installed, install.Detail + "\n" + install.Run?.Output);
        var output = install.Run!.Output;
        Assert.Contains("proxy-registry: 200", output, StringComparison.Ordinal);
        foreach (var refused in new[] { "proxy-loopback", "proxy-localhost", "proxy-other-host", "proxy-registry-other-port", "proxy-plain-http-loopback" })
        {
            Assert.Contains($"{refused}: 403", output, StringComparison.Ordinal);
        }

        Assert.Matches("direct-loopback: (refused|error)", output);
        Assert.Matches(lan is null ? "direct-lan: skipped" : "direct-lan: (unreachable|error|refused)", output);
        Assert.Equal(0, Volatile.Read(ref accepted));
        Assert.Contains($"127.0.0.1:{siloPort}", install.Run.RefusedHosts);
        Assert.Contains("example.com:443", install.Run.RefusedHosts);
        Assert.Contains("registry.npmjs.org:22", install.Run.RefusedHosts);
        Assert.True(File.Exists(Path.Combine(_root, "deps", _project.ToString("N"), "node_modules", "is-number", "package.json")));
        Assert.False(Directory.Exists(Path.Combine(_tree.Repo, "node_modules")), "the install wrote into the project itself");

        // Installed once: the same manifests are up to date, a changed one installs again.
        Assert.Equal(InstallStatus.UpToDate, (await Toolbox().EnsureInstalledAsync(_project, _user, _tree.Repo, commands)).Status);
        _tree.Write("package.json", """{"name": "probe", "version": "1.0.1", "private": true, "dependencies": {"is-number": "7.0.0"}}""");
        Assert.Equal(InstallStatus.Installed, (await Toolbox().EnsureInstalledAsync(_project, _user, _tree.Repo, commands)).Status);

        // The tests that follow see the dependencies and reach nothing at all: no proxy, no bridge, no name resolution.
        _tree.Write("uses.js", "console.log('is-number:', require('is-number')(5));");
        _tree.Write("probe.py", Probe(
            ("direct-loopback", $"direct('127.0.0.1', {siloPort})"),
            ("direct-registry", "direct('registry.npmjs.org', 443)"),
            ("bridge", "direct('127.0.0.1', 3128)"),
            ("proxy-socket", "os.path.exists('/run/devbot-proxy.sock')"),
            ("proxy-variables", "sorted(k for k in os.environ if 'proxy' in k.lower())")));
        var tests = await Toolbox().RunAsync(_project, _user, _tree.Repo, commands, "node uses.js && python3 probe.py", TimeSpan.FromMinutes(1));

        Assert.True(tests.Succeeded, tests.Output);
        Assert.Contains("is-number: true", tests.Output, StringComparison.Ordinal);
        Assert.Matches("direct-loopback: (refused|error)", tests.Output);
        Assert.Matches("direct-registry: (error|unreachable)", tests.Output);
        Assert.Matches("bridge: (refused|error)", tests.Output);
        Assert.Contains("proxy-socket: False", tests.Output, StringComparison.Ordinal);
        Assert.Contains("proxy-variables: []", tests.Output, StringComparison.Ordinal);
        Assert.Empty(tests.RefusedHosts);
        Assert.Equal(0, Volatile.Read(ref accepted));
    }

    [Fact]
    public async Task FailedInstall_SaysWhichHostWasRefused_AndIsTriedAgainNextTime()
    {
        _tree.Write("requirements.txt", "devbot-sample==1.0.0\n");
        var commands = new ProjectCommands("python3 -c \"import urllib.request; urllib.request.urlopen('https://pypi.org/simple/devbot-sample/', timeout=10)\"",
            null, null, [ProjectStacks.Python]);

        // An install that needs a registry of another ecosystem than the one allowed: refused, and said so.
        var toolbox = Toolbox(o => o.Registries["pypi"] = ["files.pythonhosted.org"]);
        var install = await toolbox.EnsureInstalledAsync(_project, _user, _tree.Repo, commands);

        Assert.Equal(InstallStatus.Failed, install.Status);
        Assert.Contains("pypi.org:443", install.Run!.RefusedHosts);
        Assert.Contains("refused to reach pypi.org:443", install.Detail, StringComparison.Ordinal);
        Assert.Equal(InstallStatus.Failed, (await toolbox.EnsureInstalledAsync(_project, _user, _tree.Repo, commands)).Status);
    }

    /// <summary>
    /// PyPI is not reachable from these machines, so the pip path is proven against a package index this test serves
    /// itself on loopback, configured as the PyPI mirror: the only loopback endpoint the proxy then lets through.
    /// </summary>
    [Fact]
    public async Task PipInstall_FromAMirrorIndex_IntoAVirtualEnvironmentThatTheTestsThenUse()
    {
        await using var index = await LocalPackageIndex.StartAsync("devbot-sample", "1.0.0", "VALUE = 'from the local index'\n");
        _tree.Write("requirements.txt", "devbot-sample==1.0.0\n");
        _tree.Write("app.py", "import devbot_sample\nprint(devbot_sample.VALUE)\n");
        var toolbox = Toolbox(o => o.Mirrors["pypi"] = index.SimpleUrl);
        var commands = ProjectCommands.From("Test command: `.venv/bin/python app.py`", ["requirements.txt", "app.py"]);

        Assert.Equal("python3 -m venv .venv && .venv/bin/pip install -r requirements.txt", commands.Install);
        var install = await toolbox.EnsureInstalledAsync(_project, _user, _tree.Repo, commands);

        Assert.True(install.Status == InstallStatus.Installed, install.Detail + "\n" + install.Run?.Output);
        Assert.Contains("Successfully installed devbot-sample-1.0.0", install.Run!.Output, StringComparison.Ordinal);
        Assert.Contains("/simple/devbot-sample/", index.Requests);
        Assert.Empty(install.Run.RefusedHosts);

        var run = await toolbox.RunAsync(_project, _user, _tree.Repo, commands, commands.Test!, TimeSpan.FromMinutes(1));
        Assert.True(run.Succeeded, run.Output);
        Assert.Contains("from the local index", run.Output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _tree.Dispose();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private ProjectToolbox Toolbox(Action<StackOptions>? configure = null)
    {
        var stacks = new StackOptions { CacheRoot = Path.Combine(_root, "caches"), DependencyRoot = Path.Combine(_root, "deps"), InstallTimeout = TimeSpan.FromMinutes(5) };
        configure?.Invoke(stacks);
        var sandbox = Options.Create(new SandboxOptions { MaxProcesses = 256 });
        return new ProjectToolbox(new SandboxRunner(sandbox, NullLogger<SandboxRunner>.Instance), Options.Create(stacks), sandbox, NullLogger<ProjectToolbox>.Instance);
    }

    /// <summary>An address of this machine other than loopback (the silo's network), if it has one.</summary>
    private static string? LanAddress() =>
        NetworkInterface.GetAllNetworkInterfaces().Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses).Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)?.ToString();

    /// <summary>A Python script that tries each way out and prints "name: outcome" for each, never failing itself.</summary>
    private static string Probe(params (string Name, string Expression)[] attempts) =>
        """
        import os, socket, urllib.request

        PROXY = os.environ.get('HTTPS_PROXY', '')

        def direct(host, port):
            try:
                socket.create_connection((host, port), timeout=5).close()
                return 'connected'
            except ConnectionRefusedError:
                return 'refused'
            except OSError as e:
                return 'unreachable' if e.errno == 101 else 'error ' + str(e)

        def connect(target):
            if not PROXY:
                return 'no proxy'
            host, port = PROXY.rsplit('/', 1)[-1].split(':')
            s = socket.create_connection((host, int(port)), timeout=10)
            s.sendall(('CONNECT %s HTTP/1.1\r\nHost: %s\r\n\r\n' % (target, target)).encode())
            line = s.recv(200).decode(errors='replace').split('\r\n')[0]
            s.close()
            return line.split(' ')[1] if ' ' in line else line

        def get(url):
            try:
                opener = urllib.request.build_opener(urllib.request.ProxyHandler({'http': os.environ.get('HTTP_PROXY', '')}))
                return str(opener.open(url, timeout=10).status)
            except urllib.error.HTTPError as e:
                return str(e.code)
            except Exception as e:
                return 'error ' + str(e)

        """ + string.Join('\n', attempts.Select(a => $"""
        try:
            print('{a.Name}: ' + str({a.Expression}), flush=True)
        except Exception as e:
            print('{a.Name}: error ' + str(e), flush=True)
        """)) + "\n";

    /// <summary>A PEP 503 simple index on loopback serving one pure-Python wheel built here.</summary>
    private sealed class LocalPackageIndex : IAsyncDisposable
    {
        private readonly HttpListener _listener;
        private readonly Task _serving;
        private readonly byte[] _wheel;
        private readonly string _wheelName;
        private readonly string _project;

        private LocalPackageIndex(HttpListener listener, string project, string wheelName, byte[] wheel, string baseUrl)
        {
            _listener = listener;
            _project = project;
            _wheelName = wheelName;
            _wheel = wheel;
            SimpleUrl = baseUrl + "simple/";
            _serving = ServeAsync();
        }

        public string SimpleUrl { get; }

        public System.Collections.Concurrent.ConcurrentBag<string> Requests { get; } = [];

        public static Task<LocalPackageIndex> StartAsync(string project, string version, string moduleSource)
        {
            var module = project.Replace('-', '_');
            var wheelName = $"{module}-{version}-py3-none-any.whl";
            var wheel = Wheel(project, module, version, moduleSource);
            for (var attempt = 0; ; attempt++)
            {
                var port = FreePorts.Next();
                var baseUrl = $"http://127.0.0.1:{port}/";
                var listener = new HttpListener();
                listener.Prefixes.Add(baseUrl);
                try
                {
                    listener.Start();
                    return Task.FromResult(new LocalPackageIndex(listener, project, wheelName, wheel, baseUrl));
                }
                catch (HttpListenerException) when (attempt < 5)
                {
                    listener.Close();
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            _listener.Stop();
            _listener.Close();
            await _serving.ContinueWith(_ => { }, TaskScheduler.Default);
        }

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                var path = context.Request.Url!.AbsolutePath;
                Requests.Add(path);
                byte[] body;
                if (path.TrimEnd('/') == $"/simple/{_project}")
                {
                    var hash = Convert.ToHexStringLower(SHA256.HashData(_wheel));
                    body = Encoding.UTF8.GetBytes($"<!DOCTYPE html><html><body><a href=\"/files/{_wheelName}#sha256={hash}\">{_wheelName}</a></body></html>");
                    context.Response.ContentType = "text/html";
                }
                else if (path == $"/files/{_wheelName}")
                {
                    body = _wheel;
                    context.Response.ContentType = "application/octet-stream";
                }
                else
                {
                    context.Response.StatusCode = 404;
                    body = "not found"u8.ToArray();
                }

                context.Response.ContentLength64 = body.Length;
                await context.Response.OutputStream.WriteAsync(body);
                context.Response.Close();
            }
        }

        /// <summary>A wheel (PEP 427): the module, METADATA, WHEEL and a RECORD with each file's hash.</summary>
        private static byte[] Wheel(string project, string module, string version, string source)
        {
            var info = $"{module}-{version}.dist-info";
            var files = new List<(string Path, byte[] Content)>
            {
                ($"{module}/__init__.py", Encoding.UTF8.GetBytes(source)),
                ($"{info}/METADATA", Encoding.UTF8.GetBytes($"Metadata-Version: 2.1\nName: {project}\nVersion: {version}\n")),
                ($"{info}/WHEEL", Encoding.UTF8.GetBytes("Wheel-Version: 1.0\nGenerator: devbot-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n")),
            };
            var record = new StringBuilder();
            foreach (var (path, content) in files)
            {
                record.Append(path).Append(",sha256=").Append(Convert.ToBase64String(SHA256.HashData(content)).TrimEnd('=').Replace('+', '-').Replace('/', '_'))
                    .Append(',').Append(content.Length).Append('\n');
            }

            record.Append(info).Append("/RECORD,,\n");
            files.Add(($"{info}/RECORD", Encoding.UTF8.GetBytes(record.ToString())));
            using var memory = new MemoryStream();
            using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
            {
                foreach (var (path, content) in files)
                {
                    using var entry = zip.CreateEntry(path).Open();
                    entry.Write(content);
                }
            }

            return memory.ToArray();
        }
    }
}
