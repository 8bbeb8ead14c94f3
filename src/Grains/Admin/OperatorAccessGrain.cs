using DevBot.GrainInterfaces.Admin;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace DevBot.Grains.Admin;

[StatelessWorker]
public sealed class OperatorAccessGrain(
    OperatorAccessStore store,
    IOptions<OperatorAccessOptions> options,
    IConfiguration configuration,
    ILogger<OperatorAccessGrain> logger) : Grain, IOperatorAccessGrain
{
    public async Task<SignInLink?> CreateSignInLinkAsync(long operatorId)
    {
        if (!OperatorIds.IsOperator(configuration, operatorId))
        {
            logger.LogWarning("Refused a sign-in link for {OperatorId}: not in Bot__OperatorIds", operatorId);
            return null;
        }

        var (token, expires) = await store.IssueSignInAsync(operatorId, options.Value.SignInLinkLifetime);
        logger.LogInformation("Sign-in link issued to operator {OperatorId}, valid until {ExpiresAt:u}", operatorId, expires);
        return new SignInLink($"{options.Value.PublicUrl.TrimEnd('/')}/admin/signin?token={token}", expires);
    }
}
