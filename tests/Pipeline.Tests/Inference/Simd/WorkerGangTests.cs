using RsPipeline.Pipeline.Inference.Simd;

namespace RsPipeline.Pipeline.Tests.Inference.Simd;

public class WorkerGangTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Run_RunsEveryParticipantOnce_EachTime(int participants)
    {
        using var gang = new WorkerGang(participants, "test");
        var counts = new int[participants];

        for (var run = 0; run < 5; run++)
        {
            gang.Run(id => Interlocked.Increment(ref counts[id]));
        }

        Assert.All(counts, c => Assert.Equal(5, c));
    }

    [Fact]
    public void Run_WorkerThrows_RethrownAfterAllFinish_AndGangStillWorks()
    {
        using var gang = new WorkerGang(2, "test");
        var finished = 0;

        var error = Assert.Throws<InvalidOperationException>(() => gang.Run(id =>
        {
            Interlocked.Increment(ref finished);
            if (id == 1)
            {
                throw new InvalidOperationException("boom");
            }
        }));

        Assert.Equal("boom", error.Message);
        Assert.Equal(2, finished);
        gang.Run(_ => Interlocked.Increment(ref finished));
        Assert.Equal(4, finished);
    }
}
