using RsPipeline.Pipeline.Inference;
using RsPipeline.Catalog;

namespace RsPipeline.Pipeline.Tests.Reload;

public class ScorerOverridesTests
{
    private static readonly CatalogOptions Configured = new()
    {
        EmbeddingsPath = "old.pt", ItemIdsPath = "old-ids.txt", Version = "v1", Format = CatalogFormat.TorchScript, TensorName = "items",
    };

    [Fact]
    public void NewEmbeddingsFile_BringsItsOwnIdsAndVersion_KeepsFormatAndTensorName()
    {
        var options = new ScorerOverrides { EmbeddingsPath = "new.pt" }.Apply(Configured);

        Assert.Equal(("new.pt", null, null, CatalogFormat.TorchScript, "items"), (options.EmbeddingsPath, options.ItemIdsPath, options.Version, options.Format, options.TensorName));
    }

    [Fact]
    public void WithoutEmbeddingsFile_OnlyTheGivenFieldsChange()
    {
        var options = new ScorerOverrides { Version = "v2" }.Apply(Configured);

        Assert.Equal(("old.pt", "old-ids.txt", "v2"), (options.EmbeddingsPath, options.ItemIdsPath, options.Version));
    }

    [Fact]
    public void TowerPath_KeepsTheConfiguredInputDimensionAndMethod()
    {
        var configured = new InferenceOptions { UserTower = { Path = "a.pt", InputDimension = 12, Method = "encode" } };

        var options = new ScorerOverrides { UserTowerPath = "b.pt" }.Apply(configured);

        Assert.Equal(("b.pt", 12, "encode"), (options.UserTower.Path, options.UserTower.InputDimension, options.UserTower.Method));
        Assert.Same(configured, ScorerOverrides.None.Apply(configured));
    }
}
