using Microsoft.Extensions.Options;

namespace DevBot.Workspace.Sandbox;

/// <summary>
/// Checks at start that the toolchain folders given to the sandbox expose nothing private: no home folder, no
/// <c>/tmp</c>, not the working copies or the sandbox's staging folder, nor any folder that holds them.
/// </summary>
public sealed class SandboxOptionsValidator(IOptions<WorkspaceOptions> workspace) : IValidateOptions<SandboxOptions>
{
    public ValidateOptionsResult Validate(string? name, SandboxOptions options)
    {
        try
        {
            SandboxLayout.CheckToolchainPaths(options.ToolchainPaths,
                [workspace.Value.Root, options.StagingRoot ?? Path.GetTempPath()]);
            return ValidateOptionsResult.Success;
        }
        catch (SandboxUnavailableException ex)
        {
            return ValidateOptionsResult.Fail(ex.Message);
        }
    }
}
