using RsPipeline.Host.Tests.Infrastructure;

namespace RsPipeline.Host.Tests.Deploy;

/// <summary>
/// How a published server is kept from writing anywhere but its TMPDIR, as a container with a
/// read-only root filesystem, a non-root user and a writable emptyDir on TMPDIR keeps it:
/// the strongest this machine allows.
/// </summary>
public enum ConfinementKind
{
    /// <summary>
    /// Root with mount namespaces (unshare): every mount but /proc, /sys, /dev and TMPDIR is
    /// remounted read-only in a namespace of the server's own, and the server runs as nobody.
    /// </summary>
    ReadOnlyRoot,

    /// <summary>Root without mount namespaces: the server runs as nobody (setpriv), so missing write bits bind it.</summary>
    NonRootUser,

    /// <summary>Not root: missing write bits bind the server as they bind the test.</summary>
    CurrentUser,
}

/// <summary>Builds the <see cref="HostLaunch"/> that starts a program under a <see cref="ConfinementKind"/>.</summary>
public static class Confinement
{
    private const string Nobody = "65534";

    // $1 = TMPDIR; the rest is the command. TMPDIR gets a mount of its own first, so that the
    // read-only remounts below leave it writable (as an emptyDir is in a pod).
    private const string ReadOnlyRootScript = """
        set -e
        tmp="$1"; shift
        mount --bind "$tmp" "$tmp"
        while read -r _ _ _ _ point _; do
          case "$point" in
            /proc|/proc/*|/sys|/sys/*|/dev|/dev/*|"$tmp") ;;
            *) mount -o remount,bind,ro "$point" ;;
          esac
        done < /proc/self/mountinfo
        exec "$@"
        """;

    private static readonly string[] SetPriv = ["setpriv", $"--reuid={Nobody}", $"--regid={Nobody}", "--clear-groups", "--"];

    /// <summary>The strongest confinement available here, tried with <paramref name="tmpDirectory"/> as TMPDIR.</summary>
    public static async Task<ConfinementKind> DetectAsync(string tmpDirectory)
    {
        if (Environment.UserName != "root")
        {
            return ConfinementKind.CurrentUser;
        }

        var limit = TimeSpan.FromSeconds(30);
        var readOnlyRoot = Launch(ConfinementKind.ReadOnlyRoot, ["true"], tmpDirectory, tmpDirectory);
        if (await ProcessRunner.RunAsync(readOnlyRoot.FileName, readOnlyRoot.Prefix, limit) is { ExitCode: 0 })
        {
            return ConfinementKind.ReadOnlyRoot;
        }

        return await ProcessRunner.RunAsync(SetPriv[0], [.. SetPriv[1..], "true"], limit) is { ExitCode: 0 }
            ? ConfinementKind.NonRootUser
            : throw new Xunit.Sdk.XunitException("running as root, and neither unshare --mount nor setpriv works: nothing would stop the server writing");
    }

    /// <summary>
    /// Runs <paramref name="command"/> under <paramref name="kind"/> with TMPDIR = <paramref name="tmpDirectory"/>
    /// and HOME = <paramref name="home"/> (a folder that exists and is not writable, as in the image).
    /// </summary>
    public static HostLaunch Launch(ConfinementKind kind, IReadOnlyList<string> command, string tmpDirectory, string home)
    {
        string[] full = kind switch
        {
            ConfinementKind.ReadOnlyRoot => ["unshare", "--mount", "--propagation", "private", "--", "sh", "-c", ReadOnlyRootScript, "sh", tmpDirectory, .. SetPriv, .. command],
            ConfinementKind.NonRootUser => [.. SetPriv, .. command],
            _ => [.. command],
        };
        return new HostLaunch(full[0], full[1..], new Dictionary<string, string?> { ["TMPDIR"] = tmpDirectory, ["HOME"] = home });
    }
}
