using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using RsPipeline.Admin.V1;
using RsPipeline.Client;
using RsPipeline.TestSupport;
using static RsPipeline.Host.Tests.ClientLibrary.ScriptedServer;

namespace RsPipeline.Host.Tests.ClientLibrary;

/// <summary>The client library's call policy, watched on the wire: retries, pushback, hedging, deadline, token.</summary>
public sealed class RsPipelineClientPolicyTests
{
    private static readonly float[] Vector = [0.5f, -1.25f, 3f];

    // How early a .NET timer may fire against Stopwatch time: timers are scheduled on a coarse
    // monotonic clock (on Linux its ticks can be 4 ms apart), Stopwatch reads a fine one.
    private static readonly TimeSpan TimerGranularity = TimeSpan.FromMilliseconds(5);

    [Fact]
    public async Task Unavailable_RetriedUntilAnswered()
    {
        await using var server = await StartAsync((attempt, _) => attempt < 2 ? Fail(StatusCode.Unavailable) : Reply("7,8"));
        await using var client = Client(server, o => o.InitialBackoff = TimeSpan.FromMilliseconds(1));

        var ids = await client.GetRequiredService<RsPipelineClient>().CallRsItemsAsync(Vector);

        Assert.Equal(["7", "8"], ids);
        Assert.Equal(3, server.Attempts.Count);
    }

    [Fact]
    public async Task Unavailable_OnEveryAttempt_FailsAfterMaxAttempts()
    {
        await using var server = await StartAsync((_, _) => Fail(StatusCode.Unavailable));
        await using var client = Client(server, o => (o.MaxAttempts, o.InitialBackoff) = (4, TimeSpan.FromMilliseconds(1)));

        var error = await Assert.ThrowsAsync<RpcException>(() => client.GetRequiredService<RsPipelineClient>().CallRsItemsAsync(Vector));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Equal(4, server.Attempts.Count);
    }

    [Fact]
    public async Task InvalidArgument_NotRetried()
    {
        await using var server = await StartAsync((_, _) => Fail(StatusCode.InvalidArgument));
        await using var client = Client(server);

        await Assert.ThrowsAsync<RpcException>(() => client.GetRequiredService<RsPipelineClient>().CallRsItemsAsync(Vector));

        Assert.Single(server.Attempts);
    }

    [Fact]
    public async Task ResourceExhaustedWithPushback_NextAttemptWaitsThePushback()
    {
        const int pushbackMs = 300;
        await using var server = await StartAsync((attempt, _) => attempt == 0 ? Fail(StatusCode.ResourceExhausted, pushbackMs.ToString(System.Globalization.CultureInfo.InvariantCulture)) : Reply());
        await using var client = Client(server, o => (o.InitialBackoff, o.DefaultDeadline) = (TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(10)));

        await client.GetRequiredService<RsPipelineClient>().CallRsItemsAsync(Vector);

        var attempts = server.Attempts.ToArray();
        Assert.Equal(2, attempts.Length);

        // A lower bound only: the backoff alone (under 1 ms) would have retried at once. Less the
        // timers' granularity: the client's wait is a timer, which can end a millisecond or so before
        // its time as Stopwatch measures it (a CI run saw the retry arrive just under 300 ms).
        var between = TimeProvider.System.GetElapsedTime(attempts[0].ArrivedTimestamp, attempts[1].ArrivedTimestamp);
        Assert.True(between >= TimeSpan.FromMilliseconds(pushbackMs) - TimerGranularity, $"the retry arrived {between.TotalMilliseconds:F1} ms after the first attempt");
    }

    [Fact]
    public async Task Hedging_SlowFirstAttempt_SecondCopyAnswers()
    {
        await using var server = await StartAsync(async (attempt, context) =>
        {
            if (attempt == 0)
            {
                // The first copy never answers: only the hedge can.
                await Task.Delay(Timeout.Infinite, context.CancellationToken);
            }

            return await Reply("42");
        });
        // Two copies at most: on a loaded machine the hedge itself may take longer than the hedging
        // delay, and a third copy would then be sent.
        await using var client = Client(server, o => (o.HedgingDelay, o.MaxAttempts, o.DefaultDeadline) = (TimeSpan.FromMilliseconds(20), 2, TimeSpan.FromSeconds(10)));

        var ids = await client.GetRequiredService<RsPipelineClient>().CallRsItemsAsync(Vector).DefaultTimeout();

        Assert.Equal(["42"], ids);
        Assert.Equal(2, server.Attempts.Count);
    }

    [Fact]
    public async Task CallWithoutDeadline_GetsTheDefaultDeadline()
    {
        await using var server = await StartAsync(async (_, context) =>
        {
            await Task.Delay(Timeout.Infinite, context.CancellationToken);
            return await Reply();
        });
        await using var client = Client(server, o => o.DefaultDeadline = TimeSpan.FromMilliseconds(300));
        var before = DateTime.UtcNow;

        var error = await Assert.ThrowsAsync<RpcException>(() => client.GetRequiredService<RsPipelineClient>().CallRsItemsAsync(Vector).DefaultTimeout());

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        var deadline = Assert.Single(server.Attempts).Deadline;
        Assert.InRange(deadline, before.AddMilliseconds(200), before.AddSeconds(5));
    }

    [Fact]
    public async Task BearerToken_SentOnEveryCall()
    {
        await using var server = await StartAsync((_, _) => Reply());
        await using var client = Client(server, o => (o.BearerToken, o.AllowBearerTokenWithoutTls) = ("secret-key", true));

        await client.GetRequiredService<RsPipelineClient>().CallRsItemsAsync(Vector);
        await client.GetRequiredService<Protos.Rs.RSer.RSerClient>().CallRsItemsAsync(new Protos.Rs.userRequest { Vector = "1" });

        Assert.All(server.Attempts, attempt => Assert.Equal("Bearer secret-key", attempt.Authorization));
        Assert.Equal(2, server.Attempts.Count);
    }

    [Fact]
    public async Task AdminCalls_NeverRetried()
    {
        await using var server = await StartAsync((_, _) => Reply());

        // The 1 s default deadline could expire on a loaded machine before the first call (connection,
        // JIT) completes, which would answer DEADLINE_EXCEEDED instead of the status under test.
        await using var client = Client(server, o =>
        {
            o.InitialBackoff = TimeSpan.FromMilliseconds(1);
            o.DefaultDeadline = TestTimeouts.Default;
        });

        var error = await Assert.ThrowsAsync<RpcException>(() => client.GetRequiredService<global::RsPipeline.Admin.V1.Admin.AdminClient>().ReloadAsync(new ReloadRequest()).ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Single(server.Attempts);
    }

    private static ServiceProvider Client(ScriptedServer server, Action<RsPipelineClientOptions>? configure = null) =>
        new ServiceCollection().AddRsPipelineClient(options =>
        {
            options.Address = new Uri($"http://127.0.0.1:{server.Port}");
            configure?.Invoke(options);
        }).BuildServiceProvider();
}
