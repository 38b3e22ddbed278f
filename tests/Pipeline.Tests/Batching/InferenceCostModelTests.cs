using RsPipeline.Pipeline.Batching;

namespace RsPipeline.Pipeline.Tests.Batching;

/// <summary>The live model of inference time against batch size: seeded, followed, robust to outliers, per scorer.</summary>
public class InferenceCostModelTests
{
    private static readonly object Scorer = new();

    // A cost known in advance: intercept + perRequest · size, in microseconds.
    private static TimeSpan Cost(int size, double intercept = 1_000, double perRequest = 100) => TimeSpan.FromMicroseconds(intercept + (perRequest * size));

    private static void AssertPredicts(InferenceCostModel model, double intercept, double perRequest)
    {
        foreach (var size in new[] { 1, 3, 8, 64 })
        {
            Assert.Equal(Cost(size, intercept, perRequest).TotalMicroseconds, model.Predict(size).TotalMicroseconds, precision: 3);
        }
    }

    [Fact]
    public void Empty_PredictsZero()
    {
        var model = new InferenceCostModel();

        Assert.False(model.HasData);
        Assert.Equal(TimeSpan.Zero, model.Predict(16));
    }

    [Fact]
    public void Seeded_FromWarmUpBatchesOfSeveralSizes_PredictsTheLineThroughThem()
    {
        var model = new InferenceCostModel();

        model.Seed(Scorer, [(1, Cost(1)), (16, Cost(16)), (32, Cost(32)), (64, Cost(64))]);

        Assert.True(model.HasData);
        AssertPredicts(model, 1_000, 100);
    }

    [Fact]
    public void AfterACostChange_ItFollowsTheNewCost_WithinAWindowOfBatches()
    {
        var model = new InferenceCostModel();
        model.Seed(Scorer, [(1, Cost(1)), (64, Cost(64))]);

        for (var i = 0; i < InferenceCostModel.Window; i++)
        {
            var size = 1 + (i % 16);
            model.Observe(Scorer, size, Cost(size, 3_000, 250));
        }

        AssertPredicts(model, 3_000, 250);
    }

    [Fact]
    public void AFewSlowBatches_DoNotMoveIt()
    {
        var model = new InferenceCostModel();
        for (var i = 0; i < InferenceCostModel.Window; i++)
        {
            var size = 1 + (i % 16);

            // One batch in eight takes ten times as long (a page fault, a collection).
            model.Observe(Scorer, size, i % 8 == 0 ? Cost(size) * 10 : Cost(size));
        }

        AssertPredicts(model, 1_000, 100);
    }

    [Fact]
    public void BatchesOfOneSizeOnly_FollowTheLevelAtThatSize_AndKeepASlope()
    {
        var model = new InferenceCostModel();
        model.Seed(Scorer, [(1, Cost(1)), (64, Cost(64))]);

        for (var i = 0; i < 2 * InferenceCostModel.Window; i++)
        {
            model.Observe(Scorer, 64, Cost(64, 2_000, 100));
        }

        // A line needs two sizes: the slope last fitted stays, only the level follows the batches seen.
        Assert.Equal(Cost(64, 2_000, 100).TotalMicroseconds, model.Predict(64).TotalMicroseconds, precision: 3);
        Assert.InRange(model.Predict(1), TimeSpan.FromMicroseconds(1), model.Predict(32) - TimeSpan.FromMicroseconds(1));
    }

    [Fact]
    public void ANewSeed_DropsWhatWasLearnt_AndIgnoresThePreviousScorersLastBatches()
    {
        var model = new InferenceCostModel();
        var previous = new object();
        var next = new object();
        model.Seed(previous, [(1, Cost(1)), (64, Cost(64))]);

        model.Seed(next, [(1, Cost(1, 500, 10)), (64, Cost(64, 500, 10))]);
        model.Observe(previous, 64, Cost(64) * 100);

        AssertPredicts(model, 500, 10);
    }

    [Fact]
    public void AWindowOfBatchesFromAnotherScorer_WithNoneFromTheSeededOne_IsAdopted()
    {
        var model = new InferenceCostModel();
        var seeded = new object();
        var serving = new object();
        model.Seed(seeded, [(1, Cost(1)), (64, Cost(64))]);

        for (var i = 0; i < InferenceCostModel.Window - 1; i++)
        {
            var size = 1 + (i % 16);
            model.Observe(serving, size, Cost(size, 4_000, 40));
        }

        Assert.Equal(Cost(1).TotalMicroseconds, model.Predict(1).TotalMicroseconds, precision: 3);
        model.Observe(serving, 2, Cost(2, 4_000, 40));
        model.Observe(serving, 9, Cost(9, 4_000, 40));
        AssertPredicts(model, 4_000, 40);
    }
}
