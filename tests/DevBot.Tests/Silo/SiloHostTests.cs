using System.Net;
using DevBot.Silo.Hosting;
using DevBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace DevBot.Tests.Silo;

/// <summary>The silo process as operators run it: database preparation, Orleans, dashboard and health over HTTP.</summary>
public sealed class SiloHostTests
{
    [Fact]
    public async Task Start_WithDatabaseUrl_ServesHealthAndDashboard()
    {
        var connectionString = await TestPostgres.CreateEmptyDatabaseAsync("silohost");
        await using var silo = await DevBotSiloApp.StartAsync(SiloArgs(connectionString, "c-" + Guid.NewGuid().ToString("N")[..8]));
        using var http = new HttpClient { BaseAddress = BaseAddress(silo) };

        var health = await Eventually.ReturnsAsync(() => http.GetAsync("/healthz"), r => r.StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(30), "a healthy silo");
        var closed = await http.GetAsync("/dashboard/");
        // The dashboard needs an operator session (issued here as the bot's /admin link would be, then redeemed).
        var access = silo.App.Services.GetRequiredService<DevBot.Grains.Admin.OperatorAccessStore>();
        var (token, _) = await access.IssueSignInAsync(1, TimeSpan.FromMinutes(1));
        var session = (await access.RedeemAsync(token, TimeSpan.FromMinutes(5)))!.Value.Session;
        using var request = new HttpRequestMessage(HttpMethod.Get, "/dashboard/");
        request.Headers.Add("Cookie", "devbot_operator=" + session);
        var dashboard = await http.SendAsync(request);

        using var report = System.Text.Json.JsonDocument.Parse(await health.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", report.RootElement.GetProperty("status").GetString());
        var sandbox = report.RootElement.GetProperty("checks").GetProperty("sandbox");
        Assert.Equal("Healthy", sandbox.GetProperty("status").GetString());
        Assert.Contains("bubblewrap works", sandbox.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Contains("python3", sandbox.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Password", await health.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Unauthorized, closed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Equal("text/html", dashboard.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Orleans", await dashboard.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task TwoSilos_OnOneDatabase_FormOneCluster()
    {
        var connectionString = await TestPostgres.CreateEmptyDatabaseAsync("twosilos");
        var clusterId = "c-" + Guid.NewGuid().ToString("N")[..8];
        await using var first = await DevBotSiloApp.StartAsync(SiloArgs(connectionString, clusterId));
        await using var second = await DevBotSiloApp.StartAsync(SiloArgs(connectionString, clusterId));
        using var http = new HttpClient { BaseAddress = BaseAddress(second) };

        var management = first.App.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        var hosts = await Eventually.ReturnsAsync(() => management.GetHosts(onlyActive: true), h => h.Count == 2,
            TimeSpan.FromSeconds(30), "both silos active in one cluster");
        var health = await Eventually.ReturnsAsync(() => http.GetAsync("/healthz"), r => r.StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(30), "the second silo healthy");

        Assert.Equal(2, hosts.Count);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Start_Embedded_UsesDataFolderAndStopsPostgresOnDispose()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "devbot-silo-embedded-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            string pidFile;
            await using (var silo = await DevBotSiloApp.StartAsync(
                             [.. BaseArgs("c-" + Guid.NewGuid().ToString("N")[..8]), $"--Database:DataDirectory={dataDirectory}"]))
            {
                Assert.NotNull(silo.Database.Embedded);
                pidFile = Path.Combine(silo.Database.Embedded.ClusterDirectory, "postmaster.pid");
                Assert.True(File.Exists(pidFile));
                using var http = new HttpClient { BaseAddress = BaseAddress(silo) };
                await Eventually.ReturnsAsync(() => http.GetAsync("/healthz"), r => r.StatusCode == HttpStatusCode.OK,
                    TimeSpan.FromSeconds(30), "a healthy silo on embedded PostgreSQL");
            }

            Assert.False(File.Exists(pidFile));
            Assert.True(File.Exists(Path.Combine(dataDirectory, "cluster", "PG_VERSION")));
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task Run_WithInvalidPort_ExitsWithUsageCode()
    {
        var connectionString = await TestPostgres.CreateEmptyDatabaseAsync("badport");
        var exitCode = await DevBotSiloApp.RunAsync([.. SiloArgs(connectionString, "bad"), "--Orleans:SiloPort=0"]);

        Assert.Equal(2, exitCode);
    }

    [Fact]
    public async Task Run_WithSiloPortInUse_ExitsWithFailureCode()
    {
        var connectionString = await TestPostgres.CreateEmptyDatabaseAsync("portinuse");
        using var occupant = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var taken = ((IPEndPoint)occupant.LocalEndpoint).Port;

        var exitCode = await DevBotSiloApp.RunAsync(
            [.. SiloArgs(connectionString, "c-" + Guid.NewGuid().ToString("N")[..8]), $"--Orleans:SiloPort={taken}", "--Orleans:AdvertisedIPAddress=127.0.0.1"]);

        Assert.Equal(1, exitCode);
    }

    [Fact]
    public async Task Run_WithoutPostgresBinaries_ExitsNonZero()
    {
        var exitCode = await DevBotSiloApp.RunAsync(
            [.. BaseArgs("nobin"), $"--Database:PostgresBinDirectory={Path.Combine(Path.GetTempPath(), "no-postgres-here")}",
             $"--Database:DataDirectory={Path.Combine(Path.GetTempPath(), "devbot-nobin-" + Guid.NewGuid().ToString("N")[..8])}"]);

        Assert.Equal(3, exitCode);
    }

    [Fact]
    public async Task Run_WithKeysInEnvironmentButNoMasterKey_RefusesToStart()
    {
        var connectionString = await TestPostgres.CreateEmptyDatabaseAsync("nomaster");
        var exitCode = await DevBotSiloApp.RunAsync([.. SiloArgs(connectionString, "nomaster"), "--GOOGLE_API_KEYS=sk-one-1234567,sk-two-7654321"]);

        Assert.Equal(2, exitCode);
    }

    [Fact]
    public async Task Run_WithStoredKeysButNoMasterKey_RefusesToStart()
    {
        var connectionString = await TestPostgres.CreateMigratedDatabaseAsync("storedkeys");
        await Sql.ExecuteAsync(connectionString,
            "INSERT INTO api_keys (provider, secret_ciphertext, secret_nonce, secret_tag, fingerprint, last4) VALUES ('google', '\\x01', '\\x02', '\\x03', '\\x04', 'abcd')");

        var exitCode = await DevBotSiloApp.RunAsync(SiloArgs(connectionString, "storedkeys"));

        Assert.Equal(2, exitCode);
    }

    private static string[] SiloArgs(string connectionString, string clusterId) =>
        [.. BaseArgs(clusterId), $"--DATABASE_URL={connectionString}"];

    private static string[] BaseArgs(string clusterId) =>
    [
        "--urls=http://127.0.0.1:0",
        $"--Orleans:ClusterId={clusterId}",
        $"--Orleans:ServiceId={clusterId}",
        $"--Orleans:SiloPort={FreePorts.Next()}",
        $"--Orleans:GatewayPort={FreePorts.Next()}",
        "--Logging:LogLevel:Default=Warning",
    ];

    private static Uri BaseAddress(DevBotSiloApp silo)
    {
        var addresses = silo.App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return new Uri(addresses.First());
    }
}
