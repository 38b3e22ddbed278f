using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace RsPipeline.LoadGeneration;

/// <summary>Waits until a server's grpc.health.v1 overall status is SERVING.</summary>
public static class HealthWait
{
    /// <summary>Polls every 200 ms; false when <paramref name="timeout"/> passes first or <paramref name="stillRunning"/> turns false.</summary>
    public static async Task<bool> UntilServingAsync(GrpcChannel channel, TimeSpan timeout, Func<bool> stillRunning, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stillRunning);
        var client = new Health.HealthClient(channel);
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until && stillRunning())
        {
            try
            {
                var reply = await client.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(2), cancellationToken: cancellationToken);
                if (reply.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    return true;
                }
            }
            catch (RpcException)
            {
                // Not listening yet, or still starting.
            }

            await Task.Delay(200, cancellationToken);
        }

        return false;
    }
}
