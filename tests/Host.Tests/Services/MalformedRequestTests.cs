using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RsPipeline.Host.Tests.Infrastructure;
using RsPipeline.TestSupport;

namespace RsPipeline.Host.Tests.Services;

/// <summary>
/// Issue 13, defect 5: bytes that are not a valid request message, sent raw to the real server,
/// get INVALID_ARGUMENT naming the problem (not UNKNOWN "Exception was thrown by handler."), and
/// a stream of them writes one log entry per Server:FailureLogInterval, no stack traces.
/// </summary>
public sealed class MalformedRequestTests : IDisposable
{
    private static readonly Marshaller<byte[]> Raw = Marshallers.Create(bytes => bytes, bytes => bytes);

    // Field 1 (string vector / packed floats), length 2, bytes C3 28: not UTF-8.
    private static readonly byte[] NonUtf8String = [0x0A, 0x02, 0xC3, 0x28];

    // Field 1 claims 16 bytes, one follows.
    private static readonly byte[] Truncated = [0x0A, 0x10, 0x00];

    private readonly TestCatalog _catalog = new();

    public void Dispose() => _catalog.Dispose();

    private Task<TestServer> StartAsync(params string[] extra) =>
        TestServer.StartAsync(TestServer.Arguments(_catalog, extra), builder => builder.Logging.AddFakeLogging());

    private static async Task<RpcException> SendRawAsync(TestServer server, string service, string method, byte[] body)
    {
        var call = server.Channel.CreateCallInvoker().AsyncUnaryCall(new Method<byte[], byte[]>(MethodType.Unary, service, method, Raw, Raw), null, new CallOptions(), body);
        return await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync.DefaultTimeout());
    }

    [Theory]
    [InlineData("rs.RSer", "CallRsItems")]
    [InlineData("rspipeline.recall.v1.Recall", "Recall")]
    [InlineData("rspipeline.recall.v1.Recall", "RecallMany")]
    public async Task TruncatedMessage_IsInvalidArgument_NamingTheProblem(string service, string method)
    {
        await using var server = await StartAsync();

        var error = await SendRawAsync(server, service, method, Truncated);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("not a valid protobuf message", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains($"{service}/{method}", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NonUtf8StringField_IsInvalidArgument_NamingTheProblem()
    {
        await using var server = await StartAsync();

        var error = await SendRawAsync(server, "rs.RSer", "CallRsItems", NonUtf8String);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("invalid UTF-8", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ManyMalformedCalls_AreLoggedOncePerInterval_WithoutStackTraces_AndServingContinues()
    {
        await using var server = await StartAsync("--Server:FailureLogInterval=01:00:00");
        const int calls = 40;

        for (var i = 0; i < calls; i++)
        {
            var error = await SendRawAsync(server, "rs.RSer", "CallRsItems", i % 2 == 0 ? NonUtf8String : Truncated);
            Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        }

        var reply = await server.Seed.CallRsItemsAsync(new Protos.Rs.userRequest { Vector = string.Join(',', TestCatalog.Query(3)) }).ResponseAsync.DefaultTimeout();
        var logs = server.App.Services.GetFakeLogCollector().GetSnapshot();

        Assert.Single(logs, entry => entry.Id.Name == "MalformedRequest");
        Assert.DoesNotContain(logs, entry => entry.Exception is not null || entry.Level >= LogLevel.Error);
        Assert.NotEmpty(reply.Items);
    }
}
