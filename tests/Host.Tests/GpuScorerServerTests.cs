using RsPipeline.Host.Tests.Infrastructure;
using RsPipeline.Protos.Rs;
using RsPipeline.TestSupport;

namespace RsPipeline.Host.Tests;

/// <summary>The whole server over gRPC with the GPU scorer's kernels, run on ILGPU's CPU accelerator (no GPU here).</summary>
public sealed class GpuScorerServerTests : IDisposable
{
    private readonly TestCatalog _catalog = new();

    public void Dispose() => _catalog.Dispose();

    [Fact]
    public async Task GpuScorerOnTheCpuAccelerator_AnswersBothContracts_Exactly()
    {
        await using var server = await TestServer.StartAsync(TestServer.Arguments(_catalog, "--Inference:Scorer=Gpu", "--Inference:Gpu:Accelerator=Cpu", "--Inference:Gpu:ThreadsPerGroup=16", "--Recall:DefaultTopK=20",
            // The warm-up scores a batch of MaxBatchSize rows; kept small, since the CPU accelerator emulates every GPU thread.
            "--Batching:MaxBatchSize=4"));

        for (var seed = 1; seed <= 3; seed++)
        {
            var query = TestCatalog.Query(seed);
            var seedReply = await server.Seed.CallRsItemsAsync(new userRequest { Vector = TestCatalog.ToText(query) }).ResponseAsync.DefaultTimeout();
            var typed = new Recall.V1.RecallRequest { TopK = 50 };
            typed.Vector.Add(query);
            var typedReply = await server.Typed.RecallAsync(typed).ResponseAsync.DefaultTimeout();

            _catalog.AssertTopK(query, seedReply.Items.Split(','), 20);
            _catalog.AssertTopK(query, typedReply.ItemIds, 50);
        }
    }
}
