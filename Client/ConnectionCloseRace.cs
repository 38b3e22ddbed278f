using Grpc.Core;

namespace RsPipeline.Client;

/// <summary>
/// Tells apart the one INTERNAL status that no server sends: a call started on an HTTP/2 connection
/// just as the server closed it (GOAWAY with NO_ERROR, as a server does when it shuts down).
/// Grpc.Net.Client reports that as INTERNAL, "Error starting gRPC call. HttpRequestException: The
/// HTTP/2 server closed the connection. HTTP/2 error code 'NO_ERROR' …"; the gRPC maintainers
/// consider occasional INTERNAL at a server's shutdown expected (grpc/grpc#14109). Callers that
/// count failures, or tests that hold a server's shutdown to UNAVAILABLE only, treat it apart.
/// </summary>
public static class ConnectionCloseRace
{
    private const string Marker = "The HTTP/2 server closed the connection. HTTP/2 error code 'NO_ERROR'";

    /// <summary>Whether <paramref name="status"/> is that INTERNAL.</summary>
    public static bool Is(Status status) =>
        status.StatusCode == StatusCode.Internal && status.Detail.Contains(Marker, StringComparison.Ordinal);
}
