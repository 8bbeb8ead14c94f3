using DevBot.GrainInterfaces.Keys;

namespace DevBot.Silo.Hosting;

/// <summary>Once the silo runs, adds the keys given in the environment to their providers' pools (known keys are skipped).</summary>
internal sealed class ApiKeySeeder(IGrainFactory grains, IConfiguration configuration, ILogger<ApiKeySeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var (provider, secrets) in ApiKeyEnvironment.Read(configuration))
        {
            if (secrets.Count == 0)
            {
                continue;
            }

            var added = await grains.GetGrain<IApiKeyPoolGrain>(provider).SeedAsync(secrets);
            logger.LogInformation("{Provider}: {Given} key(s) in the environment, {Added} new", provider, secrets.Count, added);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
