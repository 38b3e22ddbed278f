namespace RsPipeline.Host.Tests.Infrastructure;

/// <summary>The repository's root (the folder holding RsPipeline.sln), found by walking up from the test binaries.</summary>
public static class RepositoryRoot
{
    private const string SolutionFileName = "RsPipeline.sln";

    private static readonly Lazy<string> LazyPath = new(Locate);

    /// <summary>The root's full path.</summary>
    public static string Path => LazyPath.Value;

    /// <summary>The full path of <paramref name="relative"/> (forward slashes) under the root.</summary>
    public static string Combine(string relative) => System.IO.Path.Combine(Path, relative.Replace('/', System.IO.Path.DirectorySeparatorChar));

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, SolutionFileName)))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no {SolutionFileName} in '{AppContext.BaseDirectory}' or any folder above it");
    }
}
