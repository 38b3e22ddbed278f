using System.Diagnostics;
using Grpc.Core;
using RsPipeline.Host.Tests.Infrastructure;
using RsPipeline.Recall.V1;
using RsPipeline.TestSupport;

namespace RsPipeline.Host.Tests;

[Collection(SharedServer.Name)]
public sealed class RecallServiceTests(ServerFixture fixture)
{
    private Recall.V1.Recall.RecallClient Client => fixture.Server.Typed;

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 10)]
    [InlineData(3, TestServer.MaxTopK)]
    public async Task Recall_TopK_ReturnsBruteForceTopKWithScores(int seed, int k)
    {
        var query = TestCatalog.Query(seed);

        var reply = await Client.RecallAsync(Request(query, k, includeScores: true));

        fixture.Catalog.AssertTopK(query, reply.ItemIds, k);
        Assert.Equal(k, reply.Scores.Count);
        Assert.True(reply.Scores.Zip(reply.Scores.Skip(1)).All(p => p.First >= p.Second - 1e-5f), "scores are not best first");
        Assert.Equal(fixture.Server.Gate.CatalogVersion, reply.CatalogVersion);
        Assert.False(string.IsNullOrEmpty(reply.CatalogVersion));
    }

    [Fact]
    public async Task Recall_TopKZero_UsesDefaultAndNoScores()
    {
        var query = TestCatalog.Query(5);

        var reply = await Client.RecallAsync(Request(query, 0));

        fixture.Catalog.AssertTopK(query, reply.ItemIds, 100);
        Assert.Empty(reply.Scores);
    }

    [Fact]
    public async Task Recall_Exclusions_AreLeftOut()
    {
        var query = TestCatalog.Query(6);
        var best = await Client.RecallAsync(Request(query, 10));
        var request = Request(query, 20);
        request.ExcludeItemIds.Add(best.ItemIds.Take(5));
        request.ExcludeItemIds.Add("no-such-item");

        var reply = await Client.RecallAsync(request);

        fixture.Catalog.AssertTopK(query, reply.ItemIds, 20, request.ExcludeItemIds);
    }

    [Fact]
    public async Task Recall_TopKAboveMax_InvalidArgumentNamingKey()
    {
        var error = await AssertFails(Client.RecallAsync(Request(TestCatalog.Query(1), TestServer.MaxTopK + 1)), StatusCode.InvalidArgument);

        Assert.Contains("Recall:MaxTopK", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recall_TooManyExclusions_InvalidArgumentNamingKey()
    {
        var request = Request(TestCatalog.Query(1), 10);
        request.ExcludeItemIds.Add(Enumerable.Range(0, TestServer.MaxExcludedItems + 1).Select(i => $"x{i}"));

        var error = await AssertFails(Client.RecallAsync(request), StatusCode.InvalidArgument);

        Assert.Contains("Recall:MaxExcludedItems", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recall_WrongDimension_InvalidArgumentNamingExpectedAndActual()
    {
        var error = await AssertFails(Client.RecallAsync(Request([1f, 2f, 3f, 4f, 5f], 10)), StatusCode.InvalidArgument);

        Assert.Contains($"expected {TestCatalog.Dimension} values, got 5", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recall_NaN_InvalidArgument()
    {
        var query = TestCatalog.Query(1);
        query[3] = float.NaN;

        await AssertFails(Client.RecallAsync(Request(query, 10)), StatusCode.InvalidArgument);
    }

    [Fact]
    public async Task Recall_DeadlinePassesWhileQueued_DeadlineExceededAndPipelineSeesIt()
    {
        using (fixture.Server.Gate.Hold())
        {
            var call = Client.RecallAsync(Request(TestCatalog.Query(1), 10), deadline: DateTime.UtcNow.AddMilliseconds(300));

            await AssertFails(call, StatusCode.DeadlineExceeded);
            var held = await fixture.Server.Gate.Entered.DefaultTimeout();
            Assert.NotNull(held.Deadline);
            await fixture.Server.Gate.CancellationObserved.DefaultTimeout();
        }
    }

    [Fact]
    public async Task Recall_CallerCancels_CancelledAndPipelineSeesIt()
    {
        using (fixture.Server.Gate.Hold())
        {
            using var cts = new CancellationTokenSource();
            var call = Client.RecallAsync(Request(TestCatalog.Query(1), 10), cancellationToken: cts.Token);
            await fixture.Server.Gate.Entered.DefaultTimeout();

            await cts.CancelAsync();

            await AssertFails(call, StatusCode.Cancelled);
            await fixture.Server.Gate.CancellationObserved.DefaultTimeout();
        }
    }

    [Fact]
    public async Task Recall_TraceParent_BecomesPipelineParentContext()
    {
        var traceId = ActivityTraceId.CreateRandom();
        var headers = new Metadata { { "traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01" } };

        await Client.RecallAsync(Request(TestCatalog.Query(1), 10), headers);

        Assert.Equal(traceId, fixture.Server.Gate.LastRequest?.ParentContext.TraceId);
    }

    [Fact]
    public async Task RecallMany_Page_AnswersEachUserInOrder()
    {
        var page = new RecallManyRequest();
        var queries = Enumerable.Range(0, TestServer.MaxUsersPerCall).Select(i => TestCatalog.Query(100 + i)).ToArray();
        page.Users.Add(queries.Select((q, i) => Request(q, 5 + i, includeScores: i % 2 == 0)));

        var reply = await Client.RecallManyAsync(page);

        Assert.Equal(queries.Length, reply.Replies.Count);
        for (var i = 0; i < queries.Length; i++)
        {
            fixture.Catalog.AssertTopK(queries[i], reply.Replies[i].ItemIds, 5 + i);
            Assert.Equal(i % 2 == 0 ? 5 + i : 0, reply.Replies[i].Scores.Count);
        }
    }

    [Fact]
    public async Task RecallMany_Empty_EmptyReply()
    {
        var reply = await Client.RecallManyAsync(new RecallManyRequest());

        Assert.Empty(reply.Replies);
    }

    [Fact]
    public async Task RecallMany_TooManyUsers_InvalidArgumentNamingKey()
    {
        var page = new RecallManyRequest();
        page.Users.Add(Enumerable.Range(0, TestServer.MaxUsersPerCall + 1).Select(i => Request(TestCatalog.Query(i), 10)));

        var error = await AssertFails(Client.RecallManyAsync(page), StatusCode.InvalidArgument);

        Assert.Contains("Server:MaxUsersPerCall", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecallMany_OneUserOverLimit_RejectedUpFrontNamingUser()
    {
        var page = new RecallManyRequest();
        page.Users.Add(Request(TestCatalog.Query(1), 10));
        page.Users.Add(Request(TestCatalog.Query(2), TestServer.MaxTopK + 1));
        var submitted = fixture.Server.Gate.Submitted;

        var error = await AssertFails(Client.RecallManyAsync(page), StatusCode.InvalidArgument);

        Assert.StartsWith("users[1]: top_k", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(submitted, fixture.Server.Gate.Submitted);
    }

    [Fact]
    public async Task RecallMany_OneUserWrongDimension_InvalidArgumentNamingUser()
    {
        var page = new RecallManyRequest();
        page.Users.Add(Request(TestCatalog.Query(1), 10));
        page.Users.Add(Request(TestCatalog.Query(2), 10));
        page.Users.Add(Request([1f, 2f, 3f], 10));

        var error = await AssertFails(Client.RecallManyAsync(page), StatusCode.InvalidArgument);

        Assert.Equal($"users[2]: wrong dimension: expected {TestCatalog.Dimension} values, got 3", error.Status.Detail);
    }

    private static RecallRequest Request(float[] vector, int topK, bool includeScores = false)
    {
        var request = new RecallRequest { TopK = (uint)topK, IncludeScores = includeScores };
        request.Vector.Add(vector);
        return request;
    }

    private static async Task<RpcException> AssertFails<T>(AsyncUnaryCall<T> call, StatusCode expected)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync.DefaultTimeout());
        Assert.Equal(expected, error.StatusCode);
        return error;
    }
}
