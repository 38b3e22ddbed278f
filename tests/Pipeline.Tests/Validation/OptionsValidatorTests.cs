using RsPipeline.Pipeline.Batching;

namespace RsPipeline.Pipeline.Tests.Validation;

public class OptionsValidatorTests
{
    [Fact]
    public void BatchingOptions_Defaults_AreValid()
    {
        var result = new BatchingOptionsValidator().Validate(null, new BatchingOptions());

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void BatchingOptions_SeveralProblems_AreAllReported_EachNamingItsKey()
    {
        var options = new BatchingOptions
        {
            MaxBatchSize = 64,
            MaxBatchDelay = TimeSpan.FromMilliseconds(-1),
            QueueCapacity = 10,
            ParseParallelism = 0,
            RespondParallelism = 1000,
            Policy = (BatchingPolicy)42,
            LatencyTarget = TimeSpan.Zero,
        };

        var failures = new BatchingOptionsValidator().Validate(null, options).Failures!.ToArray();

        Assert.Equal(6, failures.Length);
        Assert.Contains("Batching:LatencyTarget must be more than 0 and at most 00:00:10, was 00:00:00", failures);
        Assert.Contains(failures, f => f.StartsWith("Batching:MaxBatchDelay", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Batching:QueueCapacity (10) must be at least Batching:MaxBatchSize (64)", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Batching:ParseParallelism", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Batching:RespondParallelism", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Batching:Policy", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(10_001)]
    public void BatchingOptions_ALatencyTargetOutOfRange_IsReportedByKey(int milliseconds)
    {
        var failure = Assert.Single(new BatchingOptionsValidator().Validate(null, new BatchingOptions { LatencyTarget = TimeSpan.FromMilliseconds(milliseconds) }).Failures!);

        Assert.StartsWith("Batching:LatencyTarget must be more than 0 and at most 00:00:10", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.001)]
    [InlineData(10_000)]
    public void BatchingOptions_LatencyTargetsAtTheBounds_AreAccepted(double milliseconds)
    {
        var result = new BatchingOptionsValidator().Validate(null, new BatchingOptions { Policy = BatchingPolicy.LatencySlo, LatencyTarget = TimeSpan.FromMilliseconds(milliseconds) });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData(25, -1)]
    [InlineData(25, 25)]
    [InlineData(25, 30)]
    public void BatchingOptions_AMarginNegativeOrNotBelowTheTarget_IsReportedByKey(int targetMs, int marginMs)
    {
        var options = new BatchingOptions { LatencyTarget = TimeSpan.FromMilliseconds(targetMs), LatencyTargetMargin = TimeSpan.FromMilliseconds(marginMs) };

        var failure = Assert.Single(new BatchingOptionsValidator().Validate(null, options).Failures!);

        Assert.Equal($"Batching:LatencyTargetMargin must be at least 0 and less than Batching:LatencyTarget (00:00:00.0250000), was {TimeSpan.FromMilliseconds(marginMs)}", failure);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(24.999)]
    public void BatchingOptions_MarginsFromZeroToJustBelowTheTarget_AreAccepted(double marginMs)
    {
        var options = new BatchingOptions { Policy = BatchingPolicy.LatencySlo, LatencyTarget = TimeSpan.FromMilliseconds(25), LatencyTargetMargin = TimeSpan.FromMilliseconds(marginMs) };

        var result = new BatchingOptionsValidator().Validate(null, options);

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void BatchingOptions_AgainstATargetOutOfRange_OnlyTheTargetIsReported_NotTheMargin()
    {
        var options = new BatchingOptions { LatencyTarget = TimeSpan.FromMilliseconds(-5), LatencyTargetMargin = TimeSpan.FromMilliseconds(3) };

        var failure = Assert.Single(new BatchingOptionsValidator().Validate(null, options).Failures!);

        Assert.StartsWith("Batching:LatencyTarget must be", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void RecallOptions_DefaultAboveMax_AndNegativeExclusions_AreBothReported()
    {
        var failures = new RecallOptionsValidator().Validate(null, new RecallOptions { DefaultTopK = 500, MaxTopK = 100, MaxExcludedItems = -1 }).Failures!.ToArray();

        Assert.Equal(2, failures.Length);
        Assert.Contains(failures, f => f.StartsWith("Recall:DefaultTopK must be between 1 and Recall:MaxTopK (100), was 500", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Recall:MaxExcludedItems", StringComparison.Ordinal));
    }
}
