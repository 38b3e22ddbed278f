using RsPipeline.Pipeline.Batching;

namespace RsPipeline.Pipeline.Tests.Batching;

/// <summary>The arithmetic a policy decides with.</summary>
public class BatchQueueStateTests
{
    private static readonly BatchSettings Settings = new(8, TimeSpan.FromMilliseconds(5), BatchingPolicy.FixedWindow);

    [Fact]
    public void After_ASpanWhoseTicksEqualWhatIsLeftBeforeNever_SaturatesAtNever()
    {
        // 2^33 s at 2^30 ticks per second is exactly 2^63 ticks, and long.MaxValue - 1 rounds to the
        // same double: the boundary itself must saturate, as adding it would overflow.
        var state = new BatchQueueState(ReadOnlySpan<WaitingRequest>.Empty, 1, 1L << 30, Settings, Completing: false);

        Assert.Equal(long.MaxValue, state.After(1, TimeSpan.FromSeconds(1L << 33)));
    }

    [Fact]
    public void After_AnOrdinarySpan_AddsItsTicks()
    {
        var state = new BatchQueueState(ReadOnlySpan<WaitingRequest>.Empty, 1_000, 1_000_000, Settings, Completing: false);

        Assert.Equal(6_000, state.After(1_000, TimeSpan.FromMilliseconds(5)));
    }
}
