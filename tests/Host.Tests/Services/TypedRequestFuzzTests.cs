using System.Globalization;
using FsCheck.Xunit;
using Grpc.Core;
using RsPipeline.Host.Tests.Infrastructure;
using RsPipeline.Recall.V1;
using RsPipeline.TestSupport;

namespace RsPipeline.Host.Tests.Services;

/// <summary>
/// Issue 13's fuzzing property of typed messages at a running server: well-formed messages with
/// adversarial field values (<see cref="AdversarialRequests"/>) for each recall method. A request
/// within the contract is answered OK with the exact top-k of what it asked (the right count, no
/// excluded or unknown id, no id twice, scores when asked); one outside it gets INVALID_ARGUMENT
/// naming the problem, or RESOURCE_EXHAUSTED for a message beyond the size limit; never another
/// status. After every case the server still answers a valid request exactly.
/// </summary>
[Collection(SharedServer.Name)]
public sealed class TypedRequestFuzzTests(ServerFixture fixture)
{
    // Recall:DefaultTopK's default: the test server does not set it.
    private const int DefaultTopK = 100;

    private TestServer Server => fixture.Server;

    [Property(MaxTest = 120, Arbitrary = [typeof(AdversarialRequests)])]
    public async Task Recall_AnswersWithinTheContract_OrNamesTheProblem(TypedCase @case)
    {
        var request = @case.Request;
        var (status, reply) = await CallAsync(() => Server.Typed.RecallAsync(request).ResponseAsync);

        if (AdversarialRequests.Oversized(request.CalculateSize()))
        {
            AssertStatus(StatusCode.ResourceExhausted, status);
            Assert.True(AdversarialRequests.NamesSize(status), status.Detail);
        }
        else if (AdversarialRequests.Problem(request) is { } problem)
        {
            AssertStatus(StatusCode.InvalidArgument, status);
            Assert.Contains(problem, status.Detail, StringComparison.Ordinal);
        }
        else
        {
            AssertStatus(StatusCode.OK, status);
            AssertAnswers(request, reply!);
        }

        await AssertStillServingAsync();
    }

    [Property(MaxTest = 60, Arbitrary = [typeof(AdversarialRequests)])]
    public async Task RecallMany_AnswersEveryUserWithinTheContract_OrNamesTheProblem(PageCase @case)
    {
        var page = @case.Request;
        var (status, reply) = await CallAsync(() => Server.Typed.RecallManyAsync(page).ResponseAsync);
        var problems = @case.Users.Select(AdversarialRequests.Problem).ToArray();

        if (AdversarialRequests.Oversized(page.CalculateSize()))
        {
            AssertStatus(StatusCode.ResourceExhausted, status);
        }
        else if (page.Users.Count > TestServer.MaxUsersPerCall)
        {
            AssertStatus(StatusCode.InvalidArgument, status);
            Assert.StartsWith("users holds", status.Detail, StringComparison.Ordinal);
        }
        else if (problems.Any(p => p is not null))
        {
            // The page fails with the first failing user's status, named by its index.
            AssertStatus(StatusCode.InvalidArgument, status);
            Assert.Contains(problems.Select((p, i) => (p, i)).Where(x => x.p is not null), x => status.Detail.StartsWith($"users[{x.i}]: ", StringComparison.Ordinal) && status.Detail.Contains(x.p!, StringComparison.Ordinal));
        }
        else
        {
            AssertStatus(StatusCode.OK, status);
            Assert.Equal(page.Users.Count, reply!.Replies.Count);
            for (var i = 0; i < page.Users.Count; i++)
            {
                AssertAnswers(page.Users[i], reply.Replies[i]);
            }
        }

        await AssertStillServingAsync();
    }

    [Property(MaxTest = 120, Arbitrary = [typeof(AdversarialRequests)])]
    public async Task Seed_AnswersTheTopK_OrNamesTheProblem(SeedCase @case)
    {
        var request = new Protos.Rs.userRequest { Vector = @case.Text };
        var (status, reply) = await CallAsync(() => Server.Seed.CallRsItemsAsync(request).ResponseAsync);

        if (AdversarialRequests.Oversized(request.CalculateSize()))
        {
            AssertStatus(StatusCode.ResourceExhausted, status);
        }
        else if (status.StatusCode == StatusCode.OK)
        {
            var ids = reply!.Items.Split(',');
            AssertWellFormed(ids, DefaultTopK, []);
            if (@case.Query is { } query)
            {
                fixture.Catalog.AssertTopK(query, ids, DefaultTopK);
            }
        }
        else
        {
            // Junk may happen to spell a valid vector; a text built valid must be answered.
            Assert.Null(@case.Query);
            AssertStatus(StatusCode.InvalidArgument, status);
            Assert.False(string.IsNullOrWhiteSpace(status.Detail));
        }

        await AssertStillServingAsync();
    }

    private static async Task<(Status Status, T? Reply)> CallAsync<T>(Func<Task<T>> call)
        where T : class
    {
        try
        {
            return (Status.DefaultSuccess, await call().DefaultTimeout());
        }
        catch (RpcException ex)
        {
            return (ex.Status, null);
        }
    }

    private static void AssertStatus(StatusCode expected, Status actual) =>
        Assert.True(actual.StatusCode == expected, $"expected {expected}, got {actual.StatusCode} \"{actual.Detail}\"");

    private void AssertAnswers(RecallRequest request, RecallReply reply)
    {
        var excluded = request.ExcludeItemIds.ToHashSet();
        var k = Math.Min(request.TopK == 0 ? DefaultTopK : (int)request.TopK, TestCatalog.Count - excluded.Count(IsCatalogueId));
        AssertWellFormed(reply.ItemIds.ToArray(), k, excluded);
        Assert.Equal(request.IncludeScores ? k : 0, reply.Scores.Count);
        Assert.False(string.IsNullOrEmpty(reply.CatalogVersion));
        if (AdversarialRequests.Judgeable(request.Vector))
        {
            fixture.Catalog.AssertTopK(request.Vector.ToArray(), reply.ItemIds, k, excluded);
        }
    }

    private static void AssertWellFormed(string[] ids, int k, HashSet<string> excluded)
    {
        Assert.Equal(k, ids.Length);
        Assert.Equal(k, ids.Distinct().Count());
        Assert.All(ids, id => Assert.True(IsCatalogueId(id) && !excluded.Contains(id), $"'{id}' is not a catalogue id or is excluded"));
    }

    // The catalogue's ids are its row numbers, in their shortest decimal form.
    private static bool IsCatalogueId(string id) =>
        int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var row) && row < TestCatalog.Count && row.ToString(CultureInfo.InvariantCulture) == id;

    private async Task AssertStillServingAsync()
    {
        var probe = new RecallRequest { TopK = 3 };
        var query = TestCatalog.Query(77);
        probe.Vector.Add(query);
        var reply = await Server.Typed.RecallAsync(probe).ResponseAsync.DefaultTimeout();
        fixture.Catalog.AssertTopK(query, reply.ItemIds, 3);
    }
}
