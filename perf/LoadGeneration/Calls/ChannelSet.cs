using Grpc.Net.Client;

namespace RsPipeline.LoadGeneration.Calls;

/// <summary>
/// Several gRPC channels to one address, used in turn. Each channel may open more HTTP/2
/// connections when one connection's stream limit is reached, so neither the client's nor the
/// server's per-connection stream cap limits how many calls are outstanding.
/// </summary>
public sealed class ChannelSet : IDisposable
{
    private readonly GrpcChannel[] _channels;
    private int _next = -1;

    /// <summary>Opens <paramref name="count"/> channels to <paramref name="address"/> (http:// for h2c).</summary>
    public ChannelSet(Uri address, int count)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        _channels = new GrpcChannel[count];
        for (var i = 0; i < count; i++)
        {
            _channels[i] = GrpcChannel.ForAddress(address, new GrpcChannelOptions
            {
                HttpHandler = new SocketsHttpHandler
                {
                    EnableMultipleHttp2Connections = true,
                    PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
                    ConnectTimeout = TimeSpan.FromSeconds(5),
                },
                MaxReceiveMessageSize = 16 * 1024 * 1024,
            });
        }
    }

    /// <summary>The channels.</summary>
    public IReadOnlyList<GrpcChannel> Channels => _channels;

    /// <summary>The next channel, round robin.</summary>
    public GrpcChannel Next()
    {
        var index = (uint)Interlocked.Increment(ref _next) % (uint)_channels.Length;
        return _channels[index];
    }

    /// <summary>Opens every channel's first connection, so the first measured calls do not pay for it.</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        foreach (var channel in _channels)
        {
            await channel.ConnectAsync(cancellationToken);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }
    }
}
