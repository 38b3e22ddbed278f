using Microsoft.Extensions.Configuration;
using RsPipeline.Catalog;
using RsPipeline.Pipeline.Inference;
using RsPipeline.Pipeline.Inference.Tower;

namespace RsPipeline.Pipeline.Tests.Inference;

public class InferenceOptionsValidatorTests
{
    private static InferenceOptionsValidator SimdOnlyHost(bool towers = false) =>
        new([new FakeProvider(ScorerKind.Simd)], towers ? [new FakeTowerLoader()] : []);

    [Fact]
    public void Defaults_Succeed()
    {
        var result = SimdOnlyHost().Validate(null, new InferenceOptions());

        Assert.True(result.Succeeded);
    }

    [Fact]
    public void ScorerTheHostDoesNotProvide_NamesTheKeyAndWhatIsAvailable()
    {
        var result = SimdOnlyHost().Validate(null, new InferenceOptions { Scorer = ScorerKind.Torch });

        Assert.Equal(["Inference:Scorer is Torch, which this host does not provide: available Simd"], result.Failures);
    }

    [Fact]
    public void EverythingWrong_ReportsEachKey()
    {
        var options = new InferenceOptions
        {
            Scorer = (ScorerKind)7,
            UserTower = new UserTowerOptions { Path = "/nonexistent/tower.pt", InputDimension = 0, Method = " " },
        };

        var result = SimdOnlyHost().Validate(null, options);

        Assert.Collection(
            result.Failures!,
            f => Assert.StartsWith("Inference:Scorer is 7: expected one of Torch, Simd, Gpu", f, StringComparison.Ordinal),
            f => Assert.Equal("Inference:UserTower:Path is set, but this host cannot run user towers (no LibTorch support registered)", f),
            f => Assert.StartsWith("Inference:UserTower:Path: file '/nonexistent/tower.pt' does not exist", f, StringComparison.Ordinal),
            f => Assert.StartsWith("Inference:UserTower:InputDimension is 0", f, StringComparison.Ordinal),
            f => Assert.StartsWith("Inference:UserTower:Method is empty", f, StringComparison.Ordinal));
    }

    [Fact]
    public void TowerWithALoaderAndAFile_Succeeds()
    {
        var path = Path.GetTempFileName();
        try
        {
            var options = new InferenceOptions { UserTower = new UserTowerOptions { Path = path, InputDimension = 1 } };

            Assert.True(SimdOnlyHost(towers: true).Validate(null, options).Succeeded);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void NoTowerPath_IgnoresTheOtherTowerKeys()
    {
        var options = new InferenceOptions { UserTower = new UserTowerOptions { Path = "", InputDimension = -4 } };

        Assert.True(SimdOnlyHost().Validate(null, options).Succeeded);
        Assert.Null(options.UserTower.Path);
    }

    [Theory]
    [InlineData("Inference:Device", "cpu", "Inference:Device has moved: set Inference:Torch:Device instead")]
    [InlineData("Inference:TorchIntraOpThreads", "2", "Inference:TorchIntraOpThreads has moved: set Inference:Torch:IntraOpThreads instead")]
    [InlineData("Inference:ItemTileRows", "4096", "Inference:ItemTileRows has moved: set Inference:Torch:ItemTileRows instead")]
    public void MovedKey_IsAnErrorNamingItsNewPlace(string key, string value, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(key, value)]).Build();

        var result = new MovedInferenceKeysValidator(configuration).Validate(null, new InferenceOptions());

        Assert.StartsWith(expected, Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public void NoMovedKey_Succeeds()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("Inference:Torch:Device", "cpu")]).Build();

        Assert.True(new MovedInferenceKeysValidator(configuration).Validate(null, new InferenceOptions()).Succeeded);
    }

    private sealed class FakeProvider(ScorerKind kind) : IItemScorerProvider
    {
        public ScorerKind Kind => kind;

        public IItemScorer Create(ItemCatalog catalog) => throw new NotSupportedException();
    }

    private sealed class FakeTowerLoader : IUserEncoderLoader
    {
        public IUserEncoder Load(UserTowerOptions options, int outputDimension) => throw new NotSupportedException();
    }
}
