using System.Net;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;

namespace RsPipeline.Host.Security.Callers;

/// <summary>
/// Tells who made a call: the bearer token's caller when tokens are required (a call without a
/// listed token is refused), else the common name of the client certificate on a mutual TLS
/// connection, else the peer's IP address ("ip-" and the address, ':' written '-', so that every
/// name can be a configuration key: CallerLimits:Callers:ip-10.0.0.7).
/// </summary>
internal sealed class CallerResolver(CallerTokens? tokens = null)
{
    private const string BearerPrefix = "Bearer ";
    private const string PeerPrefix = "ip-";

    /// <exception cref="CallerRefusedException">Tokens are required and the call has no listed one.</exception>
    public Caller Resolve(ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (tokens is not null)
        {
            var header = context.RequestHeaders.GetValue("authorization");
            var token = header is not null && header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) ? header[BearerPrefix.Length..].Trim() : null;
            return token is { Length: > 0 } && tokens.CallerOf(token) is { } name
                ? new Caller(name, CallerSource.Token)
                : throw new CallerRefusedException(CallerRefusal.Unauthenticated, "this call needs the metadata 'authorization: Bearer <token>' with a token the server lists (Auth:TokensPath)");
        }

        var connection = context.GetHttpContext().Connection;
        if (connection.ClientCertificate is { } certificate)
        {
            return new Caller(certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false), CallerSource.Certificate);
        }

        var peer = (connection.RemoteIpAddress ?? IPAddress.None).ToString().Replace(':', '-');
        return new Caller(PeerPrefix + peer, CallerSource.PeerAddress);
    }
}
