namespace RsPipeline.Host.Security.Callers;

/// <summary>Who made a call, as far as the server can tell; <see cref="Name"/> partitions the limits.</summary>
/// <param name="Name">The token's caller name, the client certificate's common name, or "ip-" and the peer address (':' written '-').</param>
/// <param name="Source">How the caller was identified.</param>
public readonly record struct Caller(string Name, CallerSource Source);

/// <summary>How a <see cref="Caller"/> was identified, strongest first.</summary>
public enum CallerSource
{
    /// <summary>A bearer token listed in Auth:TokensPath.</summary>
    Token,

    /// <summary>The client certificate of a mutual TLS connection.</summary>
    Certificate,

    /// <summary>Nothing but the peer's IP address (callers behind one proxy share it).</summary>
    PeerAddress,
}
