namespace RsPipeline.TestSupport.Reference;

/// <summary>
/// The committed model and catalogue fixtures in tests/fixtures/ (written by make_fixtures.py with
/// torch 1.13, which the tests never run): found by walking up from the test binaries to RsPipeline.sln.
/// </summary>
public static class Fixtures
{
    /// <summary>Items, tower input width F and embedding width d of the fixtures.</summary>
    public const int Items = 300, Features = 12, Dimension = 8;

    private static readonly Lazy<string> LazyDirectory = new(Locate);

    public static string Directory => LazyDirectory.Value;

    public static string CatalogNpy => PathOf("catalog.npy");

    public static string CatalogTorchScript => PathOf("catalog.pt");

    public static string CatalogSafetensors => PathOf("catalog.safetensors");

    public static string ItemIds => PathOf("item_ids.txt");

    public static string UserTower => PathOf("user_tower.pt");

    public static string UserTowerWrongDimension => PathOf("user_tower_wrong_dim.pt");

    public static string TowerFeatures => PathOf("tower_features.npy");

    public static string TowerEmbeddings => PathOf("tower_embeddings.npy");

    public static string TowerTop10 => PathOf("tower_top10.txt");

    public static string PathOf(string fileName)
    {
        var path = Path.Combine(Directory, fileName);
        return File.Exists(path) ? path : throw new InvalidOperationException($"fixture '{path}' is missing; tests/fixtures/make_fixtures.py writes it");
    }

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RsPipeline.sln")))
            {
                return Path.Combine(dir.FullName, "tests", "fixtures");
            }
        }

        throw new InvalidOperationException($"no RsPipeline.sln found above '{AppContext.BaseDirectory}', so tests/fixtures cannot be located");
    }
}
