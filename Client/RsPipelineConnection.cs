using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Grpc.Net.Client.Balancer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace RsPipeline.Client;

/// <summary>
/// The one channel to RsPipeline that every client resolved from the container shares (its
/// connections, its balancing and its retry throttling), with the call defaults applied.
/// </summary>
public sealed class RsPipelineConnection : IDisposable
{
    private static readonly TimeSpan KeepAlivePingDelay = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan KeepAlivePingTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Opens the channel <paramref name="options"/> describe (connections are made on the first call).</summary>
    public RsPipelineConnection(IOptions<RsPipelineClientOptions> options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        Channel = GrpcChannel.ForAddress(settings.Address!, new GrpcChannelOptions
        {
            HttpHandler = Handler(settings),
            Credentials = settings.Secure ? ChannelCredentials.SecureSsl : ChannelCredentials.Insecure,
            ServiceConfig = DefaultServiceConfig.Create(settings),
            ServiceProvider = Resolvers(settings.DnsRefreshInterval),
            DisposeHttpClient = true,
        });
        Invoker = Channel.Intercept(new CallDefaultsInterceptor(settings.DefaultDeadline, settings.BearerToken, time ?? TimeProvider.System));
    }

    /// <summary>The channel itself.</summary>
    public GrpcChannel Channel { get; }

    /// <summary>What generated clients call through: the channel with the default deadline and the bearer token.</summary>
    public CallInvoker Invoker { get; }

    public void Dispose() => Channel.Dispose();

    private static SocketsHttpHandler Handler(RsPipelineClientOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            // More than one HTTP/2 connection once a server's stream limit is reached.
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            KeepAlivePingDelay = KeepAlivePingDelay,
            KeepAlivePingTimeout = KeepAlivePingTimeout,
        };
        if (options.TrustedAuthorities is { Count: > 0 } authorities)
        {
            handler.SslOptions.CertificateChainPolicy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
            handler.SslOptions.CertificateChainPolicy.CustomTrustStore.AddRange(authorities);
        }

        if (options.ClientCertificate is { } certificate)
        {
            handler.SslOptions.ClientCertificates = [certificate];
        }

        return handler;
    }

    private static ServiceProvider Resolvers(TimeSpan refreshInterval) =>
        new ServiceCollection().AddSingleton<ResolverFactory>(new DnsResolverFactory(refreshInterval)).BuildServiceProvider();
}
