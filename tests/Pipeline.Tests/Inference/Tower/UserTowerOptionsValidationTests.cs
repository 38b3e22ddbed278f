using RsPipeline.Pipeline.Inference;
using RsPipeline.Pipeline.Inference.Tower;

namespace RsPipeline.Pipeline.Tests.Inference.Tower;

public class UserTowerOptionsValidationTests
{
    [Fact]
    public void Validate_TowerWithEverythingWrong_ReportsEachKey()
    {
        var options = new InferenceOptions { UserTower = new UserTowerOptions { Path = "missing-tower.pt", InputDimension = 0, Method = " " } };

        var failures = new InferenceOptionsValidator().Validate(null, options).Failures!.ToArray();

        Assert.Equal(3, failures.Length);
        Assert.Contains(failures, f => f.StartsWith("Inference:UserTower:Path: file 'missing-tower.pt' does not exist", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Inference:UserTower:InputDimension is 0", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Inference:UserTower:Method is empty", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_NoTowerPath_IgnoresTheOtherTowerKeys()
    {
        var options = new InferenceOptions { UserTower = new UserTowerOptions { Path = "", InputDimension = -4 } };

        Assert.True(new InferenceOptionsValidator().Validate(null, options).Succeeded);
        Assert.Null(options.UserTower.Path);
    }
}
