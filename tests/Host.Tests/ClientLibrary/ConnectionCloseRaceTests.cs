using Grpc.Core;
using RsPipeline.Client;

namespace RsPipeline.Host.Tests.ClientLibrary;

public class ConnectionCloseRaceTests
{
    // As Grpc.Net.Client reported it for a call that raced a server's shutdown (ProcessDrainTests, seen in CI).
    private const string RacedDetail = "Error starting gRPC call. HttpRequestException: The HTTP/2 server closed the connection. HTTP/2 error code 'NO_ERROR' (0x0). (HttpProtocolError)";

    [Fact]
    public void TheClientsInternal_ForAConnectionClosedUnderTheCall_IsRecognised() =>
        Assert.True(ConnectionCloseRace.Is(new Status(StatusCode.Internal, RacedDetail)));

    [Theory]
    [InlineData(StatusCode.Internal, "the request could not be scored")]
    [InlineData(StatusCode.Internal, "Error starting gRPC call. HttpRequestException: The HTTP/2 server reset the stream. HTTP/2 error code 'INTERNAL_ERROR' (0x2).")]
    [InlineData(StatusCode.Unavailable, RacedDetail)]
    public void OtherStatuses_AreNot(StatusCode code, string detail) =>
        Assert.False(ConnectionCloseRace.Is(new Status(code, detail)));
}
