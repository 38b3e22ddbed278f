using RsPipeline.TestSupport.Reference;

namespace RsPipeline.Catalog.Tests;

public class CatalogOptionsValidatorTests
{
    private readonly CatalogOptionsValidator _validator = new();

    [Fact]
    public void Defaults_AreValid()
    {
        var result = _validator.Validate(null, new CatalogOptions());

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void ExistingFiles_AreValid()
    {
        var options = new CatalogOptions { EmbeddingsPath = TestData.CatalogueNpy, ItemIdsPath = TestData.ItemIds, Version = "v1" };

        var result = _validator.Validate(null, options);

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void SeveralProblems_AreAllReportedAtOnce()
    {
        var options = new CatalogOptions
        {
            ItemIdsPath = "/nonexistent/ids.txt",
            SyntheticItemCount = 0,
            SyntheticDimension = -3,
        };

        var result = _validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Equal(4, result.Failures!.Count());
        Assert.Contains(result.Failures!, f => f.StartsWith("Catalog:ItemIdsPath: file '/nonexistent/ids.txt' does not exist", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Catalog:ItemIdsPath is set but Catalog:EmbeddingsPath is not", StringComparison.Ordinal));
        Assert.Contains("Catalog:SyntheticItemCount must be ≥ 1, was 0", result.Failures!);
        Assert.Contains("Catalog:SyntheticDimension must be ≥ 1, was -3", result.Failures!);
    }

    [Fact]
    public void MissingEmbeddingsFile_IsNamed()
    {
        var result = _validator.Validate(null, new CatalogOptions { EmbeddingsPath = "missing.npy" });

        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith("Catalog:EmbeddingsPath: file 'missing.npy' does not exist", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyValues_CountAsUnset_SoAConfigFileCanSayNone()
    {
        var options = new CatalogOptions { EmbeddingsPath = "", ItemIdsPath = " ", Version = "" };

        var result = _validator.Validate(null, options);

        Assert.True(result.Succeeded, result.FailureMessage);
        Assert.Null(options.EmbeddingsPath);
        Assert.Null(options.ItemIdsPath);
        Assert.Null(options.Version);
    }

    [Fact]
    public void SyntheticMatrixTooLarge_NamesBothKeys()
    {
        var result = _validator.Validate(null, new CatalogOptions { SyntheticItemCount = 100_000_000, SyntheticDimension = 64 });

        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith("Catalog:SyntheticItemCount × Catalog:SyntheticDimension must be ≤", failure, StringComparison.Ordinal);
    }
}
