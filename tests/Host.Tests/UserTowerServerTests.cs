using System.Globalization;
using RsPipeline.Catalog.Formats.Npy;
using RsPipeline.Host.Tests.Infrastructure;
using RsPipeline.TestSupport;
using RsPipeline.TestSupport.Reference;
using RsPipeline.Protos.Rs;

namespace RsPipeline.Host.Tests;

public sealed class UserTowerServerTests : IDisposable
{
    private readonly TestCatalog _unused = new();

    public void Dispose() => _unused.Dispose();

    [Fact]
    public async Task TorchScriptCatalogueAndTower_AnswerTheSeedContract_AsThePythonReference()
    {
        await using var server = await TestServer.StartAsync(TestServer.Arguments(
            _unused,
            $"--Catalog:EmbeddingsPath={Fixtures.CatalogTorchScript}",
            "--Catalog:Format=TorchScript",
            "--Catalog:TensorName=item_embeddings",
            $"--Catalog:ItemIdsPath={Fixtures.ItemIds}",
            $"--Inference:UserTower:Path={Fixtures.UserTower}",
            $"--Inference:UserTower:InputDimension={Fixtures.Features}",
            "--Recall:DefaultTopK=10"));
        var features = NpyReader.Read(Fixtures.TowerFeatures);
        var expected = await File.ReadAllLinesAsync(Fixtures.TowerTop10);

        for (var r = 0; r < features.Rows; r++)
        {
            var text = string.Join(",", features.Values.Slice(r * Fixtures.Features, Fixtures.Features).ToArray().Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
            var reply = await server.Seed.CallRsItemsAsync(new userRequest { Vector = text }).ResponseAsync.DefaultTimeout();
            Assert.Equal(expected[r], reply.Items);
        }
    }
}
