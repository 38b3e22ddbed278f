using Microsoft.Extensions.FileSystemGlobbing;

namespace RsPipeline.Host.Tests.Deploy;

/// <summary>
/// The files `docker build .` sends as its context: the repository less what .dockerignore leaves
/// out (patterns relative to the root; a pattern naming a folder leaves out everything below it).
/// </summary>
public static class DockerContext
{
    /// <summary>The context's files, as paths relative to <paramref name="root"/>.</summary>
    public static IReadOnlyList<string> Files(string root)
    {
        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddInclude("**/*");
        foreach (var pattern in IgnorePatterns(Path.Combine(root, ".dockerignore")))
        {
            matcher.AddExclude(pattern);
            matcher.AddExclude(pattern + "/**");
        }

        return matcher.GetResultsInFullPath(root).Select(path => Path.GetRelativePath(root, path)).Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>Copies the context of <paramref name="root"/> into <paramref name="destination"/>.</summary>
    public static void CopyTo(string root, string destination)
    {
        foreach (var file in Files(root))
        {
            var target = Path.Combine(destination, file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(root, file), target);
        }
    }

    private static IEnumerable<string> IgnorePatterns(string path) =>
        File.ReadAllLines(path)
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.StartsWith('!')
                ? throw new NotSupportedException($"{path}: exceptions ('{line}') are not understood by this reader; keep .dockerignore to plain patterns")
                : line.TrimEnd('/'));
}
