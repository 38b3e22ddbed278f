using System.Globalization;
using Grpc.Core;
using Grpc.Net.Client;
using RsPipeline.Protos.Rs;
using TypedRequest = RsPipeline.Recall.V1.RecallRequest;

namespace RsPipeline.Host.Lifecycle;

/// <summary>
/// The calls of the request-path warm-up: rounds of concurrent calls on both recall APIs over one
/// channel to the server's own public address, each round at the batch sizes given, until the time
/// allowed is used up (at least one round). Failures are counted, not thrown: a warm-up that cannot
/// call (a token asked, a caller limit) warms what it reaches and lets the server serve.
/// </summary>
internal static class WarmUpCalls
{
    /// <summary>Runs the rounds; returns the calls made and how many of them failed.</summary>
    public static async Task<(int Calls, int Failed)> RunAsync(Uri address, int dimension, IReadOnlyList<int> batchSizes, TimeSpan duration, TimeProvider time, CancellationToken cancellationToken)
    {
        using var channel = GrpcChannel.ForAddress(address);
        var seed = new RSer.RSerClient(channel);
        var typed = new Recall.V1.Recall.RecallClient(channel);
        var started = time.GetTimestamp();
        int calls = 0, failed = 0;
        do
        {
            foreach (var size in batchSizes)
            {
                var round = new List<Task<bool>>(2 * size);
                for (var i = 0; i < size; i++)
                {
                    var vector = Vector(dimension, calls + i);
                    round.Add(Succeeds(seed.CallRsItemsAsync(new userRequest { Vector = Text(vector) }, cancellationToken: cancellationToken).ResponseAsync));
                    var request = new TypedRequest();
                    request.Vector.Add(vector);
                    round.Add(Succeeds(typed.RecallAsync(request, cancellationToken: cancellationToken).ResponseAsync));
                }

                var outcomes = await Task.WhenAll(round).ConfigureAwait(false);
                calls += outcomes.Length;
                failed += outcomes.Count(ok => !ok);
            }
        }
        while (time.GetElapsedTime(started) < duration && !cancellationToken.IsCancellationRequested);

        return (calls, failed);
    }

    private static async Task<bool> Succeeds<T>(Task<T> call)
    {
        try
        {
            await call.ConfigureAwait(false);
            return true;
        }
        catch (RpcException)
        {
            return false;
        }
    }

    // Deterministic, varied, finite values: each call a different query.
    private static float[] Vector(int dimension, int salt)
    {
        var vector = new float[dimension];
        for (var j = 0; j < dimension; j++)
        {
            vector[j] = (((salt * 31) + (j * 7)) % 17 - 8) / 8f;
        }

        return vector;
    }

    private static string Text(float[] vector) => string.Join(',', vector.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
}
