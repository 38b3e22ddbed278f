using RsPipeline.TestSupport;
using RsPipeline.Torch.Native;
using TorchSharp;

namespace RsPipeline.Torch.Tests;

public class TorchExactScorerLeakTests
{
    [Fact]
    public void ScoreTopK_Repeated_LeavesNoLiveTensors()
    {
        TorchNativeLoader.EnsureLoaded();
        var statistics = DisposeScopeManager.Statistics;
        var catalog = TestCatalogs.Create(500, 8, integral: false, seed: 3);
        var queries = TestCatalogs.Values(4 * 8, integral: false, new Random(4));
        var indices = new int[4 * 10];
        var scores = new float[4 * 10];
        var beforeConstruction = statistics.ThreadTotalLiveCount;
        var scorer = new TorchExactScorer(catalog, new TorchOptions { ItemTileRows = 64 });
        scorer.ScoreTopK(queries, 4, 10, indices, scores);
        var afterFirstCall = statistics.ThreadTotalLiveCount;

        for (var i = 0; i < 5; i++)
        {
            var rows = 1 + (i % 4);
            scorer.ScoreTopK(queries.AsSpan(0, rows * 8), rows, 10, indices, scores);
        }

        var afterRepeats = statistics.ThreadTotalLiveCount;
        scorer.Dispose();

        Assert.True(afterFirstCall > beforeConstruction, "the scorer's resident tensors should be counted");
        Assert.Equal(afterFirstCall, afterRepeats);
        Assert.Equal(beforeConstruction, statistics.ThreadTotalLiveCount);
    }
}
