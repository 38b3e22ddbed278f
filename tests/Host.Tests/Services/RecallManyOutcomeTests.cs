using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using RsPipeline.Host.Tests.Infrastructure;
using RsPipeline.Pipeline.Telemetry;
using RsPipeline.Recall.V1;
using RsPipeline.TestSupport;
using static RsPipeline.Pipeline.Telemetry.RsPipelineTelemetry;

namespace RsPipeline.Host.Tests.Services;

/// <summary>
/// Issue 13, defect 7: when one user of a RecallMany fails, the others, which the server stops,
/// are counted with that failure's outcome (the status their caller gets), not as cancelled.
/// </summary>
public sealed class RecallManyOutcomeTests : IDisposable
{
    private readonly TestCatalog _catalog = new();

    public void Dispose() => _catalog.Dispose();

    [Fact]
    public async Task TheOtherUsersOfAFailedPage_AreCountedWithItsOutcome_NotCancelled()
    {
        // The good users wait out a 10-second batch window, so the bad one fails while they are queued.
        // It is the last user: every user reaches the pipeline before the page fails (a user submitted
        // after that ends the page on the spot, and the users after it are never submitted, nor counted).
        var bad = TestServer.MaxUsersPerCall - 1;
        await using var server = await TestServer.StartAsync(TestServer.Arguments(_catalog, "--Batching:Policy=FixedWindow", "--Batching:MaxBatchDelay=00:00:10", "--Batching:MaxBatchSize=64"));
        using var requests = new MetricCollector<long>(server.App.Services.GetRequiredService<RsPipelineTelemetry>().Meter, Instruments.Requests);
        var page = new RecallManyRequest();
        for (var i = 0; i < TestServer.MaxUsersPerCall; i++)
        {
            var user = new Recall.V1.RecallRequest { TopK = 3 };
            user.Vector.Add(i == bad ? [1f, 2f] : TestCatalog.Query(i));
            page.Users.Add(user);
        }

        var error = await Assert.ThrowsAsync<RpcException>(() => server.Typed.RecallManyAsync(page).ResponseAsync.DefaultTimeout());
        await requests.WaitForMeasurementsAsync(TestServer.MaxUsersPerCall, TestTimeouts.Default);
        var outcomes = requests.GetMeasurementSnapshot().GroupBy(m => (string)m.Tags[Attributes.Outcome]!).ToDictionary(g => g.Key, g => g.Sum(m => m.Value));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith($"users[{bad}]: ", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(new Dictionary<string, long> { ["invalid_argument"] = TestServer.MaxUsersPerCall }, outcomes);
    }
}
