using FsCheck.Xunit;
using RsPipeline.Pipeline.Batching;

namespace RsPipeline.Pipeline.Tests.Batching;

/// <summary>The running quantile of the time requests spend outside the queue and inference, against hand-computed values.</summary>
public class RequestOverheadModelTests
{
    private static TimeSpan Ms(double milliseconds) => TimeSpan.FromMilliseconds(milliseconds);

    private static void ObserveMany(RequestOverheadModel model, int count, TimeSpan overhead)
    {
        for (var i = 0; i < count; i++)
        {
            model.Observe(overhead);
        }
    }

    [Fact]
    public void BeforeAnyRequest_TheEstimateIsZero()
    {
        Assert.Equal(TimeSpan.Zero, new RequestOverheadModel().Current);
    }

    [Fact]
    public void TheFirstRequest_SetsTheEstimateAtOnce()
    {
        var model = new RequestOverheadModel();

        model.Observe(Ms(3));

        Assert.Equal(Ms(3), model.Current);
    }

    [Fact]
    public void TheEstimate_IsThe99thPercentileOfTheWindow()
    {
        var model = new RequestOverheadModel();

        // 1, 2, …, 200 ms in a scrambled order: the 99th percentile of 200 is the 198th smallest (⌈0.99·200⌉).
        foreach (var ms in Enumerable.Range(1, 200).OrderBy(i => (i * 37) % 200))
        {
            model.Observe(Ms(ms));
        }

        Assert.Equal(Ms(198), model.Current);
    }

    [Fact]
    public void AFewSlowRequests_InAFullWindow_DoNotMoveIt()
    {
        var model = new RequestOverheadModel();

        // Five of 512 at 1 s: the 507th smallest (⌈0.99·512⌉) is still one of the 1 ms ones.
        ObserveMany(model, RequestOverheadModel.Window - 5, Ms(1));
        ObserveMany(model, 5, Ms(1_000));

        Assert.Equal(Ms(1), model.Current);
    }

    [Fact]
    public void ALastingChange_TakesItOver_OnceItFillsTheWindow()
    {
        var model = new RequestOverheadModel();
        ObserveMany(model, RequestOverheadModel.Window, Ms(1));

        ObserveMany(model, RequestOverheadModel.Window - RequestOverheadModel.RefitEvery, Ms(4));
        Assert.Equal(Ms(4), model.Current);

        // Faster again: after a full window of 2 ms (a multiple of the refit interval) the 4 ms are gone.
        ObserveMany(model, RequestOverheadModel.Window, Ms(2));
        Assert.Equal(Ms(2), model.Current);
    }

    [Fact]
    public void OnceTheWindowIsFull_ItRefitsEveryRefitEveryObservations()
    {
        var model = new RequestOverheadModel();
        ObserveMany(model, RequestOverheadModel.Window, Ms(1));

        // Slower requests move it only at the next refit, RefitEvery observations after the last one.
        ObserveMany(model, RequestOverheadModel.RefitEvery - 1, Ms(9));
        Assert.Equal(Ms(1), model.Current);

        model.Observe(Ms(9));
        Assert.Equal(Ms(9), model.Current);
    }

    [Fact]
    public void ANegativeOverhead_IsIgnored()
    {
        var model = new RequestOverheadModel();
        model.Observe(Ms(2));

        model.Observe(Ms(-50));

        Assert.Equal(Ms(2), model.Current);
    }

    [Fact]
    public void ObservedFromManyThreads_TheEstimateIsOneOfTheValuesSeen()
    {
        var model = new RequestOverheadModel();

        Parallel.For(0, 4 * RequestOverheadModel.Window, i => model.Observe(Ms(1 + (i % 2))));

        Assert.Equal(Ms(2), model.Current);
    }

    [Property(MaxTest = 200)]
    public void WhileTheWindowFills_EveryObservation_SetsTheQuantileOfAllSoFar(ushort[] overheads)
    {
        var model = new RequestOverheadModel();
        var seen = new List<long>();

        // Ticks with repeats (a few distinct values) as well as spread ones; at most one window.
        foreach (var overhead in overheads.Take(RequestOverheadModel.Window))
        {
            var ticks = overhead % 3 == 0 ? overhead % 7 : (long)overhead;
            model.Observe(TimeSpan.FromTicks(ticks));
            seen.Add(ticks);

            var sorted = seen.Order().ToArray();
            var expected = sorted[Math.Max(0, (int)Math.Ceiling(RequestOverheadModel.Quantile * sorted.Length) - 1)];
            Assert.Equal(TimeSpan.FromTicks(expected), model.Current);
        }
    }
}
