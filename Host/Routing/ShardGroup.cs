using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Balancer;
using Grpc.Net.Client.Configuration;

namespace RsPipeline.Host.Routing;

/// <summary>
/// One shard's replica group as the router sees it: a channel balancing round robin over the
/// replicas (from DNS, or the listed addresses), retrying a call on UNAVAILABLE on the next replica
/// (or hedging), and the shard API's client over it. Grpc.Net.Client drops a replica whose
/// connection fails; one that refuses (draining, not yet serving) answers UNAVAILABLE and is retried past.
/// </summary>
internal sealed class ShardGroup : IDisposable
{
    private const string ShardService = "rspipeline.shard.v1.Shard";
    private static readonly TimeSpan InitialBackoff = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMilliseconds(200);
    private const double BackoffMultiplier = 2;

    private readonly GrpcChannel _channel;
    private readonly ServiceProvider? _resolvers;

    public ShardGroup(int index, string address, RouterOptions options)
    {
        Index = index;
        Address = address;
        var replicas = ShardAddress.Replicas(address);
        _resolvers = replicas is { Count: 1 }
            ? null
            : new ServiceCollection().AddSingleton<ResolverFactory>(replicas is null
                ? new DnsResolverFactory(options.DnsRefreshInterval)
                : new StaticResolverFactory(_ => replicas.Select(r => new BalancerAddress(r.Host, r.Port)))).BuildServiceProvider();
        var secure = replicas?.Any(r => r.Scheme == Uri.UriSchemeHttps) ?? false;
        var target = replicas switch
        {
            null => address,
            { Count: 1 } => replicas[0].ToString(),
            _ => $"static:///shard-{index}",
        };
        _channel = GrpcChannel.ForAddress(target, new GrpcChannelOptions
        {
            Credentials = secure ? ChannelCredentials.SecureSsl : ChannelCredentials.Insecure,
            ServiceConfig = Config(options),
            ServiceProvider = _resolvers,
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true, PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan },
            DisposeHttpClient = true,
            MaxReceiveMessageSize = null,
        });
        Client = new RsPipeline.Shard.V1.Shard.ShardClient(_channel);
    }

    /// <summary>The shard's number.</summary>
    public int Index { get; }

    /// <summary>The configured address, for messages.</summary>
    public string Address { get; }

    /// <summary>The shard API over the group.</summary>
    public RsPipeline.Shard.V1.Shard.ShardClient Client { get; }

    public void Dispose()
    {
        _channel.Dispose();
        _resolvers?.Dispose();
    }

    private static ServiceConfig Config(RouterOptions options)
    {
        var method = new MethodConfig { Names = { new MethodName { Service = ShardService } } };
        if (options.MaxAttempts > 1)
        {
            if (options.HedgingDelay is { } delay)
            {
                method.HedgingPolicy = new HedgingPolicy { MaxAttempts = options.MaxAttempts, HedgingDelay = delay, NonFatalStatusCodes = { StatusCode.Unavailable } };
            }
            else
            {
                method.RetryPolicy = new RetryPolicy
                {
                    MaxAttempts = options.MaxAttempts,
                    InitialBackoff = InitialBackoff,
                    MaxBackoff = MaxBackoff,
                    BackoffMultiplier = BackoffMultiplier,
                    RetryableStatusCodes = { StatusCode.Unavailable },
                };
            }
        }

        return new ServiceConfig { LoadBalancingConfigs = { new RoundRobinConfig() }, MethodConfigs = { method } };
    }
}
