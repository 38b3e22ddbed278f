namespace RsPipeline.TestSupport.Reference;

/// <summary>
/// Locates the reference data computed outside the project (shared/testdata/, see its README.md).
/// Found by walking up from the test binaries to the directory holding RsPipeline.sln, then
/// ../shared/testdata, or the repository's verbatim copy in tests/reference-data where shared/ is absent.
/// </summary>
public static class TestData
{
    private const string SolutionFileName = "RsPipeline.sln";

    private static readonly Lazy<string> LazyDirectory = new(Locate);

    /// <summary>The full path of the shared/testdata folder.</summary>
    /// <exception cref="InvalidOperationException">The solution or the folder cannot be found; the message says where it looked.</exception>
    public static string Directory => LazyDirectory.Value;

    /// <summary>The reference catalogue: 5,000 × 32 float32, C order.</summary>
    public static string CatalogueNpy => PathOf("catalogue_5000x32.npy");

    /// <summary>The reference item ids, <c>sku-00000</c>… one a line.</summary>
    public static string ItemIds => PathOf("item_ids.txt");

    /// <summary>Query vectors as the seed's request strings, one a line.</summary>
    public static string Queries => PathOf("queries.txt");

    /// <summary>The exact top-20 ids for each query, best first, same line order.</summary>
    public static string ExpectedTop20 => PathOf("expected_top20.txt");

    /// <summary>The full path of a file in the testdata folder, checked to exist.</summary>
    /// <exception cref="InvalidOperationException">The file is missing.</exception>
    public static string PathOf(string fileName)
    {
        var path = Path.Combine(Directory, fileName);
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException($"reference test data file '{path}' is missing; shared/testdata/README.md lists what should be there");
    }

    /// <summary>The verbatim copy of shared/testdata kept in the repository (tests/reference-data).</summary>
    public static string? VendoredDirectory => SolutionDirectory() is { } root ? Path.Combine(root, "tests", "reference-data") : null;

    /// <summary>shared/testdata beside the clone, where present (CI and development checkouts).</summary>
    public static string? SharedDirectory => SolutionDirectory() is { } root ? Path.GetFullPath(Path.Combine(root, "..", "shared", "testdata")) : null;

    // The authoritative copy is shared/testdata beside the clone; a clone without it (a new user's
    // /tmp checkout) uses the verbatim copy in tests/reference-data, kept identical by a test.
    private static string Locate()
    {
        var root = SolutionDirectory()
            ?? throw new InvalidOperationException($"no {SolutionFileName} found in '{AppContext.BaseDirectory}' or any folder above it, so the reference data cannot be located");
        foreach (var candidate in new[] { SharedDirectory!, VendoredDirectory! })
        {
            if (System.IO.Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"reference test data is missing: neither ../shared/testdata nor tests/reference-data exists beside {SolutionFileName} in '{root}'");
    }

    private static string? SolutionDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SolutionFileName)))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
