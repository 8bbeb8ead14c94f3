using DevBot.Grains.FrontEnd;
using DevBot.Grains.Retention;
using DevBot.CodeIndex;
using DevBot.Gateway;
using DevBot.Grains.Agents;
using DevBot.Grains.CodeIndex;
using DevBot.Grains.Projects;
using DevBot.Workspace;
using DevBot.Workspace.Git;
using DevBot.Workspace.Sandbox;
using DevBot.Workspace.Stacks;
using DevBot.Grains.Credits;
using DevBot.Grains.Keys;
using DevBot.Grains.Pricing;
using DevBot.Grains.Reports;
using DevBot.Grains.Users;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace DevBot.Grains.Hosting;

public static class DevBotGrainServices
{
    /// <summary>What DevBot's grains need in a silo: the database, the stores over it and their options (validated on start).</summary>
    public static IServiceCollection AddDevBotGrainServices(this IServiceCollection services, IConfiguration configuration, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        services.TryAddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<CreditOptions>().Bind(configuration.GetSection(CreditOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<UserOptions>().Bind(configuration.GetSection(UserOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<LedgerStore>();
        services.TryAddSingleton<LedgerBatchWriter>();
        services.TryAddSingleton<PricingStore>();
        services.TryAddSingleton<UserStore>();
        services.TryAddSingleton<ReportStore>();
        services.AddOptions<DevBot.Grains.Admin.OperatorAccessOptions>().Bind(configuration.GetSection(DevBot.Grains.Admin.OperatorAccessOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<DevBot.Grains.Admin.OperatorAccessStore>();
        services.TryAddSingleton<DevBot.Grains.Observability.AlertStore>();
        services.AddSingleton<DevBot.Grains.Observability.AlertLoggerProvider>();
        services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(sp => sp.GetRequiredService<DevBot.Grains.Observability.AlertLoggerProvider>());
        services.AddHostedService(sp => sp.GetRequiredService<DevBot.Grains.Observability.AlertLoggerProvider>());
        services.AddOptions<ReportOptions>().Bind(configuration.GetSection(ReportOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<ApiKeyStore>();
        services.AddOptions<ApiKeyPoolOptions>().Bind(configuration.GetSection(ApiKeyPoolOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddDevBotModelGateway(configuration);
        services.AddOptions<WorkspaceOptions>().Bind(configuration.GetSection(WorkspaceOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SandboxOptions>().Bind(configuration.GetSection(SandboxOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<SandboxOptions>, SandboxOptionsValidator>();
        services.AddOptions<CodeIndexOptions>().Bind(configuration.GetSection(CodeIndexOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<IRepositoryStore, PostgresRepositoryStore>();
        services.TryAddSingleton<WorkspaceManager>();
        services.TryAddSingleton<SandboxRunner>();
        services.AddHostedService<SandboxReadinessProbe>();
        services.AddOptions<StackOptions>().Bind(configuration.GetSection(StackOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<ProjectToolbox>();
        services.TryAddSingleton<ItemChecks>();
        services.TryAddSingleton<CodeIndexStore>();
        services.AddOptions<ProjectOptions>().Bind(configuration.GetSection(ProjectOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<ProjectStore>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, DeadSiloWatcher>();
        services.TryAddSingleton<FrontEndStore>();
        services.AddOptions<RetentionOptions>().Bind(configuration.GetSection(RetentionOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<RetentionStore>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, RetentionScheduler>();
        services.AddSingleton<WorkspaceJanitor>();
        services.AddHostedService(sp => sp.GetRequiredService<WorkspaceJanitor>());
        services.TryAddSingleton<PromptLibrary>();
        services.TryAddSingleton<AgentKit>();
        services.TryAddSingleton<IResponseJournal, PostgresResponseJournal>();
        return services;
    }
}
