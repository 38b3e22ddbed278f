namespace RsPipeline.Host.Routing;

/// <summary>
/// The router role (configuration section <see cref="SectionName"/>): with <see cref="Shards"/>
/// set, the server holds no catalogue; its inference stage sends each batch to one replica of
/// every shard and merges their answers exactly. Checked by <see cref="RouterOptionsValidator"/>.
/// </summary>
public sealed class RouterOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Router";

    internal const int DefaultMaxAttempts = 3;
    internal const int MaxMaxAttempts = 5;

    /// <summary>
    /// Shard N's replica group, in shard order (<c>Router:Shards:0</c>, <c>:1</c>, …): a headless
    /// service resolved by DNS (<c>dns:///rspipeline-shard-0.rspipeline:50051</c>), one address
    /// (<c>http://127.0.0.1:52352</c>), or the replicas' addresses separated by commas. Empty: not a router.
    /// </summary>
    public IList<string> Shards { get; } = [];

    /// <summary>Attempts of one shard call on UNAVAILABLE, each on the next replica (round robin), 1–5. Default 3.</summary>
    public int MaxAttempts { get; set; } = DefaultMaxAttempts;

    /// <summary>
    /// When set, a shard call not answered after this long is sent to another replica too (hedging,
    /// up to <see cref="MaxAttempts"/>), the first answer wins. Default <c>null</c>: retries only.
    /// </summary>
    public TimeSpan? HedgingDelay { get; set; }

    /// <summary>The longest a batch's shard calls may take when none of its callers set a deadline. Default 10 s.</summary>
    public TimeSpan MaxCallTime { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often a starting router asks the shards that have not answered yet. Default 1 s.</summary>
    public TimeSpan ConnectRetryInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often DNS names of shard groups are resolved again. Default 15 s.</summary>
    public TimeSpan DnsRefreshInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Whether this server is a router.</summary>
    public bool IsRouter => Shards.Count > 0;
}
