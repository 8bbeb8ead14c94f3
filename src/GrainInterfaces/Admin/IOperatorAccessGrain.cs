namespace DevBot.GrainInterfaces.Admin;

/// <summary>Sign-in for the operator page and the dashboard (key 0): the bot asks for a link for an operator.</summary>
[Alias("DevBot.Admin.IOperatorAccessGrain")]
public interface IOperatorAccessGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// A one-time link that signs <paramref name="operatorId"/> in; null when the silo knows its operators
    /// (<c>Bot__OperatorIds</c>) and this id is not one of them.
    /// </summary>
    Task<SignInLink?> CreateSignInLinkAsync(long operatorId);
}
