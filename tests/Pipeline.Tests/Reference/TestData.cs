namespace RsPipeline.Pipeline.Tests.Reference;

/// <summary>
/// Locates the reference data computed outside the project (shared/testdata/, see its README.md).
/// The repository is always cloned with shared/ beside it, so the folder is found by walking up
/// from the test binaries to the directory holding RsPipeline.sln and going to ../shared/testdata.
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

    private static string Locate()
    {
        var start = AppContext.BaseDirectory;
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SolutionFileName)))
            {
                var testData = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "testdata"));
                return System.IO.Directory.Exists(testData)
                    ? testData
                    : throw new InvalidOperationException(
                        $"reference test data folder '{testData}' is missing: clone the repository with shared/ beside it (found {SolutionFileName} in '{dir.FullName}')");
            }
        }

        throw new InvalidOperationException($"no {SolutionFileName} found in '{start}' or any folder above it, so shared/testdata cannot be located");
    }
}
