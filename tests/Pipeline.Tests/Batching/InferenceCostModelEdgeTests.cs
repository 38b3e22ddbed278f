using RsPipeline.Pipeline.Batching;

namespace RsPipeline.Pipeline.Tests.Batching;

/// <summary>The cost model at its edges: what it refuses, what it ignores, an empty seed, the first scorer it sees, an even median.</summary>
public class InferenceCostModelEdgeTests
{
    private static readonly object Scorer = new();
    private static readonly object Other = new();

    [Fact]
    public void NullArguments_AreRefused()
    {
        var model = new InferenceCostModel();

        Assert.Throws<ArgumentNullException>(() => model.Seed(null!, []));
        Assert.Throws<ArgumentNullException>(() => model.Seed(Scorer, null!));
        Assert.Throws<ArgumentNullException>(() => model.Observe(null!, 1, TimeSpan.FromMilliseconds(1)));
    }

    [Fact]
    public void AnEmptySeed_LeavesAModelThatPredictsZero()
    {
        var model = new InferenceCostModel();

        model.Seed(Scorer, []);

        Assert.False(model.HasData);
        Assert.Equal(TimeSpan.Zero, model.Predict(8));
    }

    [Fact]
    public void Unseeded_TheFirstScorerObservedIsTheOneFollowed()
    {
        var model = new InferenceCostModel();

        model.Observe(Scorer, 1, TimeSpan.FromMilliseconds(1));
        model.Observe(Other, 1, TimeSpan.FromMilliseconds(100));

        Assert.Equal(TimeSpan.FromMilliseconds(1), model.Predict(1));
    }

    [Fact]
    public void ABatchOfNoRequests_IsIgnored_AndOneTimedAtZero_Counts()
    {
        var model = new InferenceCostModel();
        model.Seed(Scorer, [(1, TimeSpan.FromMilliseconds(2))]);

        model.Observe(Scorer, 0, TimeSpan.FromSeconds(5));
        var afterEmpty = model.Predict(1);
        model.Observe(Scorer, 1, TimeSpan.Zero);
        model.Observe(Scorer, 1, TimeSpan.Zero);

        Assert.Equal(TimeSpan.FromMilliseconds(2), afterEmpty);
        Assert.Equal(TimeSpan.Zero, model.Predict(1));
    }

    [Fact]
    public void AnEvenNumberOfBatches_TakesTheMeanOfTheTwoMiddleOnes()
    {
        var model = new InferenceCostModel();

        model.Seed(Scorer, [(1, TimeSpan.FromMilliseconds(1)), (1, TimeSpan.FromMilliseconds(3))]);

        Assert.Equal(TimeSpan.FromMilliseconds(2), model.Predict(1));
    }
}
