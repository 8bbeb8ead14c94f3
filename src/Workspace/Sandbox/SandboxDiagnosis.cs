namespace DevBot.Workspace.Sandbox;

/// <summary>
/// Why bubblewrap could not make its namespaces on this host, and what to change: Ubuntu's AppArmor restriction on
/// unprivileged user namespaces (23.10 and later), user namespaces switched off by sysctl, or a container runtime's
/// default seccomp profile (Docker's blocks the namespace flags of clone and unshare). Host facts are read through
/// <paramref name="read"/> (a /proc or file path → its content, or null), so every branch can be shown in tests.
/// </summary>
public static class SandboxDiagnosis
{
    public static string Remedy(string error, Func<string, string?> read)
    {
        static bool Is(string? value, string expected) => value?.Trim() == expected;

        if (Is(read("/proc/sys/kernel/apparmor_restrict_unprivileged_userns"), "1"))
        {
            return "This host's AppArmor forbids unprivileged user namespaces (kernel.apparmor_restrict_unprivileged_userns=1, Ubuntu 23.10 and later). "
                   + "Give bubblewrap alone a profile that allows them: "
                   + "printf 'abi <abi/4.0>,\\ninclude <tunables/global>\\nprofile bwrap /usr/bin/bwrap flags=(unconfined) {\\n  userns,\\n}\\n' | sudo tee /etc/apparmor.d/bwrap "
                   + "&& sudo apparmor_parser -r /etc/apparmor.d/bwrap — or lift the restriction for the whole host with "
                   + "'sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0'.";
        }

        if (Is(read("/proc/sys/kernel/unprivileged_userns_clone"), "0"))
        {
            return "User namespaces are switched off for unprivileged users (kernel.unprivileged_userns_clone=0): run 'sudo sysctl -w kernel.unprivileged_userns_clone=1' "
                   + "(and set it in /etc/sysctl.d to keep it).";
        }

        if (Is(read("/proc/sys/user/max_user_namespaces"), "0"))
        {
            return "User namespaces are switched off (user.max_user_namespaces=0): run 'sudo sysctl -w user.max_user_namespaces=15000' (and set it in /etc/sysctl.d to keep it).";
        }

        var container = read("/.dockerenv") is not null || read("/run/.containerenv") is not null
                        || (read("/proc/1/cgroup") ?? string.Empty).Contains("docker", StringComparison.Ordinal)
                        || (read("/proc/1/cgroup") ?? string.Empty).Contains("containerd", StringComparison.Ordinal);
        if (container && (error.Contains("Operation not permitted", StringComparison.OrdinalIgnoreCase) || error.Contains("Permission denied", StringComparison.OrdinalIgnoreCase)))
        {
            return "This silo runs in a container whose seccomp profile or AppArmor policy blocks the namespaces bubblewrap creates (Docker's defaults do). "
                   + "Run the silo's container with '--security-opt seccomp=unconfined --security-opt apparmor=unconfined' (compose: security_opt, as DevBot's "
                   + "docker-compose.yml does), or a seccomp profile that allows clone, clone3 and unshare with CLONE_NEWUSER, CLONE_NEWNS, CLONE_NEWPID and CLONE_NEWNET.";
        }

        if (error.Contains("No such file", StringComparison.OrdinalIgnoreCase) && error.Contains("bwrap", StringComparison.Ordinal))
        {
            return "Install bubblewrap: 'apt-get install bubblewrap'.";
        }

        return "Check that 'bwrap --unshare-all --ro-bind / / true' works for the silo's user on this host; its error above names what the kernel refused.";
    }

    /// <summary>The host's files as <see cref="Remedy"/> reads them: the content, or null when missing or unreadable.</summary>
    public static string? ReadHostFile(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
