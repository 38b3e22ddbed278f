using RsPipeline.Host.Tests.Infrastructure;

namespace RsPipeline.Host.Tests;

/// <summary>A client generated from the seed's proto in another language (Python) works unchanged.</summary>
[Collection(SharedServer.Name)]
public sealed class InteropTests(ServerFixture fixture)
{
    [Fact]
    public async Task PythonSeedClient_CallRsItems_MatchesNumpyBruteForce()
    {
        await InteropPython.RunAsync("seed_client.py",
            "--target", $"127.0.0.1:{fixture.Server.Port}",
            "--proto", Path.Combine(InteropPython.Folder, "rs.proto"),
            "--embeddings", fixture.Catalog.EmbeddingsPath,
            "--top-k", "100");
    }
}
