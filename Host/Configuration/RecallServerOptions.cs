namespace RsPipeline.Host.Configuration;

/// <summary>The server's own settings, bound from the "Server" section and validated at start.</summary>
public sealed class RecallServerOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Server";

    internal const string DefaultBindAddress = "0.0.0.0";
    internal const int DefaultPort = 50051;
    internal const int DefaultMaxReceiveMessageBytes = 4 * 1024 * 1024;
    internal const int DefaultMaxUsersPerCall = 256;
    internal const int DefaultMaxStreamsPerConnection = 1000;
    internal static readonly TimeSpan DefaultShutdownTimeout = TimeSpan.FromSeconds(30);
    internal static readonly TimeSpan DefaultDrainDelay = TimeSpan.FromSeconds(5);
    internal static readonly TimeSpan DefaultFailureLogInterval = TimeSpan.FromSeconds(10);
    internal const int DefaultMaxConnections = 10_000;
    internal static readonly TimeSpan DefaultIdleConnectionTimeout = TimeSpan.FromSeconds(60);
    internal static readonly TimeSpan DefaultRequestHeadersTimeout = TimeSpan.FromSeconds(10);
    internal static readonly TimeSpan DefaultWarmUpDuration = TimeSpan.FromSeconds(2);

    /// <summary>The IP address Kestrel listens on (HTTP/2: cleartext, or TLS with Server:Tls). Default "0.0.0.0" (all IPv4 interfaces).</summary>
    public string BindAddress { get; set; } = DefaultBindAddress;

    /// <summary>The TCP port; 0 picks a free one. Default 50051.</summary>
    public int Port { get; set; } = DefaultPort;

    /// <summary>The largest request message accepted, in bytes; larger ones fail with RESOURCE_EXHAUSTED. Default 4 MiB.</summary>
    public int MaxReceiveMessageBytes { get; set; } = DefaultMaxReceiveMessageBytes;

    /// <summary>The most users in one RecallMany call. Default 256.</summary>
    public int MaxUsersPerCall { get; set; } = DefaultMaxUsersPerCall;

    /// <summary>
    /// Concurrent calls one HTTP/2 connection may carry (Kestrel's own default is 100). A caller that
    /// multiplexes many users over one channel is capped here, and so is the batch it can fill. Default 1000.
    /// </summary>
    public int MaxStreamsPerConnection { get; set; } = DefaultMaxStreamsPerConnection;

    /// <summary>
    /// Whether server reflection is served on the public port, so that tools such as grpcurl need no
    /// proto file. Default true; the production profile turns it off.
    /// </summary>
    public bool Reflection { get; set; } = true;

    /// <summary>How long in-flight calls may take to finish on shutdown before the process exits anyway. Default 30 s.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = DefaultShutdownTimeout;

    /// <summary>
    /// On shutdown, how long health reports NOT_SERVING while calls are still accepted, so that
    /// orchestrators and clients stop sending before refusals start; 0 = refuse at once. Default 5 s.
    /// </summary>
    public TimeSpan DrainDelay { get; set; } = DefaultDrainDelay;

    /// <summary>
    /// A failure that can repeat at the caller's rate (a request that is not a valid message) is
    /// logged at most once per this interval, with the count of those not logged. Default 10 s.
    /// </summary>
    public TimeSpan FailureLogInterval { get; set; } = DefaultFailureLogInterval;

    /// <summary>
    /// Open connections on the gRPC port at most; beyond, a new connection is closed at once (the
    /// metrics, probe and admin listeners are not counted). Default 10,000 (Kestrel's own: no limit).
    /// </summary>
    public int MaxConnections { get; set; } = DefaultMaxConnections;

    /// <summary>
    /// A connection with no call in flight, or one that has not sent the HTTP/2 preface yet, is
    /// closed after this long (Kestrel's KeepAliveTimeout, which governs both). Default 60 s (Kestrel's own: 130 s).
    /// </summary>
    public TimeSpan IdleConnectionTimeout { get; set; } = DefaultIdleConnectionTimeout;

    /// <summary>How long a call's request headers may take to arrive (Kestrel's RequestHeadersTimeout). Default 10 s (Kestrel's own: 30 s).</summary>
    public TimeSpan RequestHeadersTimeout { get; set; } = DefaultRequestHeadersTimeout;

    /// <summary>
    /// Before health turns SERVING, the server calls itself over the public port (cleartext only) for
    /// about this long: both recall APIs at the batch sizes that occur (1, ¼, ½ and all of
    /// MaxBatchSize), so that the handlers, parsing, batching, scoring and responding are compiled
    /// and warm before the first caller. "00:00:00" = none. Default 2 s. Not negative.
    /// </summary>
    public TimeSpan WarmUpDuration { get; set; } = DefaultWarmUpDuration;
}
