using System.Security.Cryptography.X509Certificates;

namespace RsPipeline.Client;

/// <summary>How the client reaches RsPipeline: address, transport security, identity, and the call policy (deadline, retries, hedging).</summary>
public sealed class RsPipelineClientOptions
{
    internal static readonly TimeSpan DefaultDeadlineValue = TimeSpan.FromSeconds(1);
    internal static readonly TimeSpan DefaultInitialBackoff = TimeSpan.FromMilliseconds(50);
    internal static readonly TimeSpan DefaultMaxBackoff = TimeSpan.FromSeconds(1);
    internal static readonly TimeSpan DefaultDnsRefreshInterval = TimeSpan.FromSeconds(30);
    internal const int DefaultMaxAttempts = 3;
    internal const double DefaultBackoffMultiplier = 2;

    /// <summary>
    /// The server: <c>dns:///rspipeline-headless.NAMESPACE.svc.cluster.local:50051</c> (a headless
    /// Service: every pod's address, calls spread round-robin), or <c>http://host:50051</c> /
    /// <c>https://host:50051</c> (one address). Required.
    /// </summary>
    public Uri? Address { get; set; }

    /// <summary>TLS for a <c>dns:</c> address (an http or https address says it itself). Default false.</summary>
    public bool UseTls { get; set; }

    /// <summary>The authorities the server's certificate must chain to instead of the system's (a private CA). Default none.</summary>
    public X509Certificate2Collection? TrustedAuthorities { get; set; }

    /// <summary>The client certificate, with its key, for a server with mutual TLS (Server:Tls:ClientCaPath). Default none.</summary>
    public X509Certificate2? ClientCertificate { get; set; }

    /// <summary>Sent as <c>authorization: Bearer &lt;token&gt;</c> on every call when set (a server with Auth:TokensPath). Default none.</summary>
    public string? BearerToken { get; set; }

    /// <summary>Lets <see cref="BearerToken"/> travel over a cleartext connection (tests, a trusted network); refused otherwise. Default false.</summary>
    public bool AllowBearerTokenWithoutTls { get; set; }

    /// <summary>The deadline of a call that sets none itself; all its attempts share it. Default 1 s.</summary>
    public TimeSpan DefaultDeadline { get; set; } = DefaultDeadlineValue;

    /// <summary>Attempts of a call, the first included, on UNAVAILABLE or RESOURCE_EXHAUSTED; 1 = no retry. Default 3 (at most 5).</summary>
    public int MaxAttempts { get; set; } = DefaultMaxAttempts;

    /// <summary>The first retry's backoff ceiling (each retry waits a random time below the ceiling). Default 50 ms.</summary>
    public TimeSpan InitialBackoff { get; set; } = DefaultInitialBackoff;

    /// <summary>The largest backoff ceiling. Default 1 s.</summary>
    public TimeSpan MaxBackoff { get; set; } = DefaultMaxBackoff;

    /// <summary>How the ceiling grows from one retry to the next. Default 2.</summary>
    public double BackoffMultiplier { get; set; } = DefaultBackoffMultiplier;

    /// <summary>
    /// Hedging for tail latency instead of retries: when set, a call still unanswered after this long
    /// is sent again (to another server with round-robin), up to <see cref="MaxAttempts"/> copies, and
    /// the first answer wins. Every method hedged is a read. Default unset (retries).
    /// </summary>
    public TimeSpan? HedgingDelay { get; set; }

    /// <summary>How often a <c>dns:</c> address is resolved again, so that new pods receive calls. Default 30 s.</summary>
    public TimeSpan DnsRefreshInterval { get; set; } = DefaultDnsRefreshInterval;

    /// <summary>Whether the channel speaks TLS.</summary>
    internal bool Secure => Address?.Scheme == Uri.UriSchemeHttps || (UseTls && Address?.Scheme != Uri.UriSchemeHttp);
}
