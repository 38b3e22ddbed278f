using RsPipeline.Catalog.Formats;
using RsPipeline.Catalog.Formats.Npy;
using RsPipeline.Pipeline.Inference.Tower;
using RsPipeline.TestSupport.Reference;

namespace RsPipeline.Torch.Tests;

public class TorchUserTowerTests
{
    private const float Tolerance = 1e-5f;

    private static UserTowerOptions Options(string? path = null, int inputDimension = Fixtures.Features, string method = "forward") =>
        new() { Path = path ?? Fixtures.UserTower, InputDimension = inputDimension, Method = method };

    private static float[] Encode(TorchUserTower tower, EmbeddingMatrix features)
    {
        var embeddings = new float[features.Rows * tower.OutputDimension];
        tower.Encode(features.Values, features.Rows, embeddings);
        return embeddings;
    }

    private static void AssertClose(ReadOnlySpan<float> expected, float[] actual, float scale = 1f)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < actual.Length; i++)
        {
            Assert.True(Math.Abs((expected[i] * scale) - actual[i]) <= Tolerance * Math.Max(1f, Math.Abs(actual[i])), $"value {i}: expected {expected[i] * scale}, got {actual[i]}");
        }
    }

    [Fact]
    public void ModuleSavedByTorch113_RunsInLibTorch210_AndMatchesThePythonReference()
    {
        var features = NpyReader.Read(Fixtures.TowerFeatures);
        var expected = NpyReader.Read(Fixtures.TowerEmbeddings);
        using var tower = TorchUserTower.Load(Options(), Fixtures.Dimension, "cpu");

        var embeddings = Encode(tower, features);

        Assert.Equal((Fixtures.Features, Fixtures.Dimension), (tower.InputDimension, tower.OutputDimension));
        AssertClose(expected.Values, embeddings);
    }

    [Fact]
    public void ConfiguredMethod_IsTheOneCalled()
    {
        var features = NpyReader.Read(Fixtures.TowerFeatures);
        var expected = NpyReader.Read(Fixtures.TowerEmbeddings);
        using var tower = TorchUserTower.Load(Options(method: "encode"), Fixtures.Dimension, "cpu");

        var embeddings = Encode(tower, features);

        AssertClose(expected.Values, embeddings, scale: 2f);
    }

    [Fact]
    public void BatchesOfAnySize_ReuseTheBuffers_AndGiveEachRowItsOwnEmbedding()
    {
        var features = NpyReader.Read(Fixtures.TowerFeatures);
        var expected = NpyReader.Read(Fixtures.TowerEmbeddings);
        using var tower = TorchUserTower.Load(Options(), Fixtures.Dimension, "cpu");

        for (var rows = 1; rows <= features.Rows; rows++)
        {
            var embeddings = new float[rows * Fixtures.Dimension];
            tower.Encode(features.Values[..(rows * Fixtures.Features)], rows, embeddings);
            AssertClose(expected.Values[..(rows * Fixtures.Dimension)], embeddings);
        }
    }

    [Fact]
    public void TowerAnsweringAnotherDimension_IsRefusedAtLoad_WithTheShapes()
    {
        var error = Assert.Throws<UserTowerLoadException>(() => TorchUserTower.Load(Options(Fixtures.UserTowerWrongDimension), Fixtures.Dimension, "cpu"));

        Assert.Equal(Fixtures.UserTowerWrongDimension, error.FilePath);
        Assert.Contains("answered shape [2, 5]", error.Message, StringComparison.Ordinal);
        Assert.Contains("expected [2, 8]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WrongInputDimension_IsRefusedAtLoad()
    {
        var error = Assert.Throws<UserTowerLoadException>(() => TorchUserTower.Load(Options(inputDimension: 10), Fixtures.Dimension, "cpu"));

        Assert.Contains("InputDimension = 10", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownMethod_IsRefusedAtLoad()
    {
        var error = Assert.Throws<UserTowerLoadException>(() => TorchUserTower.Load(Options(method: "embed"), Fixtures.Dimension, "cpu"));

        Assert.Contains("'embed'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FileThatIsNotAModule_IsRefusedAtLoad()
    {
        var error = Assert.Throws<UserTowerLoadException>(() => TorchUserTower.Load(Options(Fixtures.TowerTop10), Fixtures.Dimension, "cpu"));

        Assert.Contains("not a loadable TorchScript module", error.Message, StringComparison.Ordinal);
    }
}
