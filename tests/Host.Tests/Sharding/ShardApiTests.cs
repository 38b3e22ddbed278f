using System.Globalization;
using Grpc.Core;
using RsPipeline.Host.Tests.Infrastructure;
using RsPipeline.Shard.V1;
using RsPipeline.TestSupport;

namespace RsPipeline.Host.Tests.Sharding;

/// <summary>The shard API of a real server holding shard 1 of 2 of the test catalogue.</summary>
public sealed class ShardApiTests : IAsyncLifetime, IDisposable
{
    private readonly TestCatalog _catalog = new();
    private TestServer _server = null!;

    private Shard.V1.Shard.ShardClient Client => new(_server.Channel);

    public async Task InitializeAsync() =>
        _server = await TestServer.StartAsync(TestServer.Arguments(_catalog, "--Catalog:Shard:Index=1", "--Catalog:Shard:Count=2"));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _catalog.Dispose();

    [Fact]
    public async Task Info_TellsTheShardsPlaceInTheWholeCatalogue()
    {
        var info = await Client.InfoAsync(new InfoRequest()).ResponseAsync.DefaultTimeout();

        Assert.Equal((1u, 2u, 1000ul, 1000ul, (uint)TestCatalog.Dimension), (info.ShardIndex, info.ShardCount, info.FirstRow, info.Rows, info.Dimension));
        Assert.Matches("^[0-9a-f]{12}$", info.CatalogVersion);
    }

    [Fact]
    public async Task ScoreBatch_AnswersEachQuerysTopKAmongItsRows_WithGlobalIds_AndExclusions()
    {
        var queries = Enumerable.Range(0, 5).Select(TestCatalog.Query).ToArray();
        var request = new ScoreBatchRequest();
        foreach (var query in queries)
        {
            var shardQuery = new ShardQuery { TopK = 20 };
            shardQuery.Vector.AddRange(query);
            request.Queries.Add(shardQuery);
        }

        var plain = await Client.ScoreBatchAsync(request).ResponseAsync.DefaultTimeout();
        var excluded = plain.Results[0].ItemIds.Take(3).ToArray();
        request.Queries[0].ExcludeItemIds.AddRange(excluded);
        var withExclusions = await Client.ScoreBatchAsync(request).ResponseAsync.DefaultTimeout();

        Assert.Equal((1u, 2u), (plain.ShardIndex, plain.ShardCount));
        Assert.Equal(queries.Length, plain.Results.Count);
        for (var q = 0; q < queries.Length; q++)
        {
            var ids = plain.Results[q].ItemIds;
            Assert.All(ids, id => Assert.InRange(int.Parse(id, CultureInfo.InvariantCulture), 1000, 1999));
            // The shard's rows are the catalogue's second half: rank them as one catalogue less the first half.
            var firstHalf = Enumerable.Range(0, 1000).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
            _catalog.AssertTopK(queries[q], ids, 20, firstHalf);
        }

        Assert.Empty(withExclusions.Results[0].ItemIds.Intersect(excluded));
        Assert.Equal(plain.Results[0].ItemIds.Skip(3), withExclusions.Results[0].ItemIds.Take(17));
        Assert.Equal(20, withExclusions.Results[0].ItemIds.Count);
    }

    [Theory]
    [InlineData("empty", "the batch holds no queries")]
    [InlineData("short", "query 1 has 15 values, the shard's dimension is 16")]
    [InlineData("nan", "query 0: value 3 is not a finite number")]
    [InlineData("k0", "query 0: top_k must be between 1 and")]
    public async Task ScoreBatch_RefusesAMalformedBatch_InvalidArgumentNamingTheProblem(string problem, string expected)
    {
        var request = new ScoreBatchRequest();
        if (problem != "empty")
        {
            for (var i = 0; i < 2; i++)
            {
                var query = new ShardQuery { TopK = problem == "k0" ? 0u : 5u };
                query.Vector.AddRange(TestCatalog.Query(i).Take(problem == "short" && i == 1 ? 15 : 16));
                request.Queries.Add(query);
            }

            if (problem == "nan")
            {
                request.Queries[0].Vector[3] = float.NaN;
            }
        }

        var error = await Assert.ThrowsAsync<RpcException>(() => Client.ScoreBatchAsync(request).ResponseAsync.DefaultTimeout());

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith(expected, error.Status.Detail, StringComparison.Ordinal);
    }
}
