using RsPipeline.Pipeline.Batching;

namespace RsPipeline.Pipeline.Tests.Batching;

/// <summary>The LatencySlo policy's timestamp arithmetic: "never" stays never, and nothing overflows into the past.</summary>
public class LatencySloArithmeticTests
{
    [Theory]
    [InlineData(1_000, 500, 1_500)]
    [InlineData(1_000, -500, 500)]
    [InlineData(1_000, 0, 1_000)]
    [InlineData(100, long.MaxValue - 50, long.MaxValue)]
    [InlineData(long.MaxValue, -5, long.MaxValue)]
    [InlineData(long.MaxValue, 5, long.MaxValue)]
    public void Saturating_AddsWithoutOverflow_AndNeverStaysNever(long timestamp, long ticks, long expected) =>
        Assert.Equal(expected, LatencySloPolicy.Saturating(timestamp, ticks));

    [Fact]
    public void WithoutAModel_ThePolicyIsRefused() =>
        Assert.Throws<ArgumentNullException>(() => new LatencySloPolicy(null!));
}
