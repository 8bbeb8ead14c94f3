using DevBot.Gateway.Keys;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DevBot.Gateway;

public static class GatewayServiceCollectionExtensions
{
    /// <summary>The model gateway, its options (validated on start) and the API-key cipher.</summary>
    public static IServiceCollection AddDevBotModelGateway(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ModelGatewayOptions>().Bind(configuration.GetSection(ModelGatewayOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<MeteringOptions>().Bind(configuration.GetSection(MeteringOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(_ => ApiKeyCipher.FromConfiguration(configuration));
        services.TryAddSingleton<ModelGateway>();
        return services;
    }
}
