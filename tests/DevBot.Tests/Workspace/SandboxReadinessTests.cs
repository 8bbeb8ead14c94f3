using DevBot.Workspace.Sandbox;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DevBot.Tests.Workspace;

/// <summary>
/// The start-up check of the sandbox: really probed on this host, and, where a host refuses bubblewrap its
/// namespaces, a remedy that names the cause. The refusals are the error texts bubblewrap prints and the host facts
/// behind them as reported in bubblewrap's and its users' issue threads (cited per case).
/// </summary>
public sealed class SandboxReadinessTests
{
    [Fact]
    public async Task ThisHost_IsReady_AndSaysWhichToolchainsTheSandboxHas()
    {
        var readiness = await new SandboxRunner(Options.Create(new SandboxOptions()), NullLogger<SandboxRunner>.Instance).ReadinessAsync();

        Assert.True(readiness.Ready, readiness.Describe());
        Assert.Contains("bubblewrap works", readiness.Summary, StringComparison.Ordinal);
        Assert.Contains("python3", readiness.Programs);
        Assert.Equal(SandboxReadiness.Toolchains.Order(), readiness.Programs.Concat(readiness.MissingPrograms).Order());
    }

    [Fact]
    public async Task ABrokenSandbox_IsReportedOnce_AndRunsAreRefusedWithTheReasonInsteadOfFailingAsIfTheCodeHadFailed()
    {
        // A toolchain path the start-up validation would refuse (here not validated) makes bubblewrap fail before any
        // command runs: the path a host that refuses namespaces takes too.
        var runner = new SandboxRunner(Options.Create(new SandboxOptions { ToolchainPaths = ["/"] }), NullLogger<SandboxRunner>.Instance);

        var readiness = await runner.ReadinessAsync();
        var refused = await Assert.ThrowsAsync<SandboxUnavailableException>(() => runner.RunAsync(Path.GetTempPath(), "true"));

        Assert.False(readiness.Ready);
        Assert.Contains("bubblewrap could not start a sandbox here: bwrap:", refused.Message, StringComparison.Ordinal);
        Assert.Equal(readiness.Describe(), refused.Message);
    }

    // Ubuntu 24.04's default: "bwrap: setting up uid map: Permission denied" (akitaonrails/ai-jail#34, whose fix is this
    // profile; containers/bubblewrap#632 "bwrap broke on Ubuntu 24.04").
    [Fact]
    public void UbuntusAppArmorRestriction_IsNamed_WithAProfileForBubblewrapAlone()
    {
        var remedy = SandboxDiagnosis.Remedy("bwrap: setting up uid map: Permission denied", Host(("/proc/sys/kernel/apparmor_restrict_unprivileged_userns", "1\n")));

        Assert.Contains("kernel.apparmor_restrict_unprivileged_userns=1", remedy, StringComparison.Ordinal);
        Assert.Contains("profile bwrap /usr/bin/bwrap flags=(unconfined)", remedy, StringComparison.Ordinal);
        Assert.Contains("userns,", remedy, StringComparison.Ordinal);
        Assert.Contains("apparmor_parser -r /etc/apparmor.d/bwrap", remedy, StringComparison.Ordinal);
    }

    // Hardened and older Debian kernels: the message of containers/bubblewrap#324 and fsquillace/junest#261.
    [Fact]
    public void UserNamespacesSwitchedOff_AreNamed_WithTheSysctlThatTurnsThemOn()
    {
        const string error = "bwrap: No permissions to creating new namespace, likely because the kernel does not allow non-privileged user namespaces.";

        Assert.Contains("kernel.unprivileged_userns_clone=1", SandboxDiagnosis.Remedy(error, Host(("/proc/sys/kernel/unprivileged_userns_clone", "0"))), StringComparison.Ordinal);
        Assert.Contains("user.max_user_namespaces=15000", SandboxDiagnosis.Remedy(error, Host(("/proc/sys/user/max_user_namespaces", "0"))), StringComparison.Ordinal);
    }

    // Inside Docker's defaults: "bwrap: Creating new namespace failed: Operation not permitted" (spacedriveapp/spacebot#429);
    // the fix is the one given in containers/bubblewrap#505 (seccomp and AppArmor unconfined for that container).
    [Fact]
    public void DockersDefaultSeccomp_IsNamed_WithTheSecurityOptionsThatLetBubblewrapRun()
    {
        var remedy = SandboxDiagnosis.Remedy("bwrap: Creating new namespace failed: Operation not permitted",
            Host(("/.dockerenv", string.Empty), ("/proc/sys/user/max_user_namespaces", "63459")));

        Assert.Contains("seccomp=unconfined", remedy, StringComparison.Ordinal);
        Assert.Contains("apparmor=unconfined", remedy, StringComparison.Ordinal);
        Assert.Contains("CLONE_NEWUSER", remedy, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownRefusal_PointsAtTheCommandThatShowsIt()
    {
        Assert.Contains("bwrap --unshare-all --ro-bind / / true", SandboxDiagnosis.Remedy("bwrap: something new", Host()), StringComparison.Ordinal);
    }

    private static Func<string, string?> Host(params (string Path, string Content)[] files) =>
        path => files.FirstOrDefault(f => f.Path == path).Content;
}
