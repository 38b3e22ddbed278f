using System.Net.Sockets;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RsPipeline.Host.Configuration;
using RsPipeline.Host.Tests.Infrastructure;
using RsPipeline.TestSupport;

namespace RsPipeline.Host.Tests;

/// <summary>
/// Issue 13, defect 9: idle and preface-only connections were held without end, and nothing capped
/// their number. Server:MaxConnections, IdleConnectionTimeout and RequestHeadersTimeout bound them.
/// </summary>
public sealed class ConnectionLimitsTests : IDisposable
{
    // The client connection preface (RFC 9113 §3.4) and an empty SETTINGS frame.
    private static readonly byte[] Preface = [.. "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8, 0, 0, 0, 4, 0, 0, 0, 0, 0];

    private readonly TestCatalog _catalog = new();

    public void Dispose() => _catalog.Dispose();

    private static KestrelServerLimits Limits(TestServer server) =>
        server.App.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits;

    private static async Task<Socket> ConnectAsync(TestServer server)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync("127.0.0.1", server.Port).DefaultTimeout();
        return socket;
    }

    // What the server sends first: 0 bytes when it closed the connection.
    private static async Task<int> FirstReadAsync(Socket socket)
    {
        try
        {
            return await socket.ReceiveAsync(new ArraySegment<byte>(new byte[64]), SocketFlags.None).DefaultTimeout();
        }
        catch (SocketException)
        {
            return 0;
        }
    }

    // Reads until the server closes the connection (a GOAWAY may come first); what it sent before.
    private static async Task<int> ReadUntilClosedAsync(Socket socket)
    {
        var total = 0;
        while (await FirstReadAsync(socket) is var read and > 0)
        {
            total += read;
        }

        return total;
    }

    [Fact]
    public async Task Defaults_ReachKestrel()
    {
        await using var server = await TestServer.StartAsync(TestServer.Arguments(_catalog));

        Assert.Equal(RecallServerOptions.DefaultIdleConnectionTimeout, Limits(server).KeepAliveTimeout);
        Assert.Equal(RecallServerOptions.DefaultRequestHeadersTimeout, Limits(server).RequestHeadersTimeout);
        Assert.Equal(TimeSpan.FromSeconds(60), RecallServerOptions.DefaultIdleConnectionTimeout);
    }

    [Fact]
    public async Task ConfiguredTimeouts_ReachKestrel()
    {
        await using var server = await TestServer.StartAsync(TestServer.Arguments(_catalog, "--Server:IdleConnectionTimeout=00:00:07", "--Server:RequestHeadersTimeout=00:00:03"));

        Assert.Equal(TimeSpan.FromSeconds(7), Limits(server).KeepAliveTimeout);
        Assert.Equal(TimeSpan.FromSeconds(3), Limits(server).RequestHeadersTimeout);
    }

    [Fact]
    public async Task AConnectionThatNeverSendsThePreface_IsClosedAfterTheIdleTimeout()
    {
        await using var server = await TestServer.StartAsync(TestServer.Arguments(_catalog, "--Server:IdleConnectionTimeout=00:00:01"));
        using var silent = await ConnectAsync(server);

        // Kestrel checks its timeouts once a second: the close comes within about two, well inside
        // the test's 30 s guard (Kestrel's own default would hold it for 130 s).
        var sent = await ReadUntilClosedAsync(silent).DefaultTimeout();

        // At most a GOAWAY frame before the close.
        Assert.InRange(sent, 0, 64);
    }

    [Fact]
    public async Task ConnectionsBeyondTheCap_AreClosedAtOnce_WhileThoseWithinAreServed()
    {
        // The test's own channel holds one connection; the cap leaves room for one more.
        await using var server = await TestServer.StartAsync(TestServer.Arguments(_catalog, "--Server:MaxConnections=2"));
        using var within = await ConnectAsync(server);
        await within.SendAsync(Preface, SocketFlags.None).DefaultTimeout();
        var served = await FirstReadAsync(within);
        using var beyond = await ConnectAsync(server);
        await beyond.SendAsync(Preface, SocketFlags.None).DefaultTimeout();

        var refused = await FirstReadAsync(beyond);
        var reply = await server.Seed.CallRsItemsAsync(new Protos.Rs.userRequest { Vector = TestCatalog.ToText(TestCatalog.Query(1)) }).ResponseAsync.DefaultTimeout();

        Assert.True(served > 0, "the connection within the cap got the server's SETTINGS");
        Assert.Equal(0, refused);
        Assert.NotEmpty(reply.Items);
    }

    [Fact]
    public void InvalidLimits_AreReported_NamingEachKey()
    {
        var options = new RecallServerOptions { MaxConnections = 0, IdleConnectionTimeout = TimeSpan.Zero, RequestHeadersTimeout = TimeSpan.FromSeconds(-1), FailureLogInterval = TimeSpan.Zero };

        var result = new RecallServerOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Equal(4, result.Failures!.Count());
        Assert.All(["Server:MaxConnections", "Server:IdleConnectionTimeout", "Server:RequestHeadersTimeout", "Server:FailureLogInterval"], key => Assert.Contains(result.Failures!, f => f.StartsWith(key, StringComparison.Ordinal)));
    }
}
