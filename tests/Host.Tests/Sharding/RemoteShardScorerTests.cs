using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RsPipeline.Host.Routing;
using RsPipeline.Pipeline;
using RsPipeline.Pipeline.Inference;
using RsPipeline.Shard.V1;
using RsPipeline.TestSupport;

namespace RsPipeline.Host.Tests.Sharding;

/// <summary>The router's scorer against scripted shards: what a production router meets besides well-behaved shards.</summary>
public sealed class RemoteShardScorerTests : IAsyncLifetime
{
    private const int Dimension = 4;
    private readonly List<FakeShard> _shards = [];

    public async Task InitializeAsync()
    {
        for (var i = 0; i < 2; i++)
        {
            var info = new InfoReply { Dimension = Dimension, Rows = 10, FirstRow = (ulong)(10 * i), ShardIndex = (uint)i, ShardCount = 2, CatalogVersion = "v1" };
            var shard = await FakeShard.StartAsync(info);
            shard.Score = (request, _) => Task.FromResult(FakeShard.Reply(info, request.Queries.Count, ($"{10 * info.ShardIndex}", 1f)));
            _shards.Add(shard);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var shard in _shards)
        {
            await shard.DisposeAsync();
        }
    }

    [Fact]
    public async Task TheShardsAnswers_AreMergedByScoreThenLowerShard()
    {
        _shards[0].Score = (request, _) => Task.FromResult(FakeShard.Reply(_shards[0].Info, request.Queries.Count, ("3", 5f), ("1", 2f), ("7", 2f)));
        _shards[1].Score = (request, _) => Task.FromResult(FakeShard.Reply(_shards[1].Info, request.Queries.Count, ("12", 9f), ("15", 2f)));
        using var scorer = await ConnectAsync();

        var answer = scorer.ScoreBatch(new float[2 * Dimension], 2, 4, DateTime.UtcNow.AddSeconds(10));

        Assert.Equal(2, answer.Rows.Count);
        Assert.Equal(["12", "3", "1", "7"], answer.Rows[1].ItemIds);
        Assert.Equal([9f, 5f, 2f, 2f], answer.Rows[1].Scores);
        Assert.Equal("v1", answer.CatalogVersion);
    }

    [Fact]
    public async Task AShardSlowerThanTheDeadline_EndsTheBatchDeadlineExceeded_NotHung()
    {
        _shards[1].Score = async (_, context) =>
        {
            await Task.Delay(Timeout.Infinite, context.CancellationToken);
            throw new InvalidOperationException("unreachable");
        };
        using var scorer = await ConnectAsync();

        var watch = Stopwatch.StartNew();
        var error = Assert.Throws<RecallException>(() => scorer.ScoreBatch(new float[Dimension], 1, 1, DateTime.UtcNow.AddMilliseconds(300)));

        Assert.Equal(RecallErrorKind.DeadlineExceeded, error.Kind);
        Assert.Contains("shard 1", error.Message, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task ShardsOfDifferentVersions_AreAskedOnceMore_ThenTheBatchFailsUnavailableNamingThem()
    {
        using var scorer = await ConnectAsync();
        var other = _shards[1].Info.Clone();
        other.CatalogVersion = "v2";
        _shards[1].Score = (request, _) => Task.FromResult(FakeShard.Reply(other, request.Queries.Count, ("10", 1f)));

        var error = Assert.Throws<RecallException>(() => scorer.ScoreBatch(new float[Dimension], 1, 1, DateTime.UtcNow.AddSeconds(10)));

        Assert.Equal(RecallErrorKind.Unavailable, error.Kind);
        Assert.Contains("shard 0: v1, shard 1: v2", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, _shards[1].ScoreCalls);
    }

    [Fact]
    public async Task ARollThatEndsBetweenTheTwoAsks_IsAnsweredFromTheNewVersion()
    {
        using var scorer = await ConnectAsync();
        var calls = 0;
        _shards[0].Score = (request, _) =>
        {
            var info = _shards[0].Info.Clone();
            info.CatalogVersion = Interlocked.Increment(ref calls) == 1 ? "v1" : "v2";
            return Task.FromResult(FakeShard.Reply(info, request.Queries.Count, ("0", 1f)));
        };
        var v2 = _shards[1].Info.Clone();
        v2.CatalogVersion = "v2";
        _shards[1].Score = (request, _) => Task.FromResult(FakeShard.Reply(v2, request.Queries.Count, ("10", 1f)));

        var answer = scorer.ScoreBatch(new float[Dimension], 1, 2, DateTime.UtcNow.AddSeconds(10));

        Assert.Equal("v2", answer.CatalogVersion);
    }

    [Theory]
    [InlineData("index")]
    [InlineData("rows")]
    [InlineData("unpaired")]
    public async Task AShardsWrongAnswer_FailsTheBatchUnavailableNamingTheShard(string wrong)
    {
        using var scorer = await ConnectAsync();
        _shards[1].Score = (request, _) =>
        {
            var info = _shards[1].Info.Clone();
            info.ShardIndex = wrong == "index" ? 0u : 1u;
            var reply = FakeShard.Reply(info, wrong == "rows" ? request.Queries.Count - 1 : request.Queries.Count, ("10", 1f));
            if (wrong == "unpaired")
            {
                reply.Results[0].Scores.Add(0.5f);
            }

            return Task.FromResult(reply);
        };

        var error = Assert.Throws<RecallException>(() => scorer.ScoreBatch(new float[2 * Dimension], 2, 1, DateTime.UtcNow.AddSeconds(10)));

        Assert.Equal(RecallErrorKind.Unavailable, error.Kind);
        Assert.StartsWith($"shard 1 (", error.Message, StringComparison.Ordinal);
        Assert.Contains("answered wrongly", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AShardRefusingTheBatch_FailsItUnavailableWithTheShardsReason()
    {
        using var scorer = await ConnectAsync();
        _shards[0].Score = (_, _) => throw new Grpc.Core.RpcException(new Grpc.Core.Status(Grpc.Core.StatusCode.InvalidArgument, "query 0 has 4 values, the shard's dimension is 8"));

        var error = Assert.Throws<RecallException>(() => scorer.ScoreBatch(new float[Dimension], 1, 1, DateTime.UtcNow.AddSeconds(10)));

        Assert.Equal(RecallErrorKind.Unavailable, error.Kind);
        Assert.Contains("shard 0", error.Message, StringComparison.Ordinal);
        Assert.Contains("the shard's dimension is 8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShardsOfDifferentDimensions_StopTheRoutersStart_NamingThem()
    {
        _shards[1].Info.Dimension = Dimension + 1;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(ConnectAsync);

        Assert.Contains($"shard 1 ({_shards[1].Address}) serves d = {Dimension + 1}, shard 0 d = {Dimension}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AShardAtTheWrongPlace_StopsTheRoutersStart_NamingIt()
    {
        _shards[1].Info.FirstRow = 11;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(ConnectAsync);

        Assert.Contains("shard 1 starts at row 11, the shards before it end at row 10", error.Message, StringComparison.Ordinal);
    }

    private async Task<IRemoteItemScorer> ConnectAsync()
    {
        var options = new RouterOptions { MaxAttempts = 2 };
        foreach (var shard in _shards)
        {
            options.Shards.Add(shard.Address);
        }

        var source = new RemoteScorerSource(Options.Create(options), TimeProvider.System, NullLogger<RemoteScorerSource>.Instance);
        return (IRemoteItemScorer)await source.LoadAsync(ScorerOverrides.None, CancellationToken.None).DefaultTimeout();
    }
}
