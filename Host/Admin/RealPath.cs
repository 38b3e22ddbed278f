namespace RsPipeline.Host.Admin;

/// <summary>
/// A path with every symbolic link resolved, component by component, as the kernel would open it
/// (like POSIX realpath, but a missing last part is allowed): <c>..</c> after a link goes to the
/// link target's parent, not to the lexical parent, so a check on the result is a check on what opens.
/// </summary>
internal static class RealPath
{
    // The kernel's own limit on links followed in one lookup (Linux MAXSYMLINKS is 40).
    private const int MaxLinksFollowed = 40;

    /// <summary>Resolves <paramref name="path"/> (relative to the working directory when not rooted).</summary>
    /// <exception cref="IOException">More than 40 links were followed (a loop).</exception>
    public static string Resolve(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var absolute = Path.IsPathRooted(path) ? path : Path.Combine(Environment.CurrentDirectory, path);
        var root = Path.GetPathRoot(absolute)!;
        var pending = new Stack<string>(Parts(absolute[root.Length..]).Reverse());
        var current = root;
        var linksFollowed = 0;
        while (pending.TryPop(out var part))
        {
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? root;
                continue;
            }

            var next = Path.Join(current, part);
            if (new FileInfo(next).LinkTarget is not { } target)
            {
                current = next;
                continue;
            }

            if (++linksFollowed > MaxLinksFollowed)
            {
                throw new IOException($"too many symbolic links while resolving '{path}'");
            }

            // The target replaces the link: its parts are resolved next, from the link's directory (or the root).
            foreach (var targetPart in Parts(Path.IsPathRooted(target) ? target[Path.GetPathRoot(target)!.Length..] : target).Reverse())
            {
                pending.Push(targetPart);
            }

            current = Path.IsPathRooted(target) ? Path.GetPathRoot(target)! : current;
        }

        return current;
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="directory"/> or lies under it (both already resolved).</summary>
    public static bool IsUnder(string path, string directory)
    {
        var prefix = Path.EndsInDirectorySeparator(directory) ? directory : directory + Path.DirectorySeparatorChar;
        return path == directory || path.StartsWith(prefix, StringComparison.Ordinal);
    }

    private static string[] Parts(string relative) =>
        relative.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
}
