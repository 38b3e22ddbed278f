namespace RsPipeline.LoadGeneration.Calls;

/// <summary>Makes one recall call for a query of the run's <see cref="QuerySet"/>.</summary>
public interface IRecallCaller
{
    /// <summary>
    /// Calls the server with query <paramref name="query"/>. Returns the reply's item ids, best
    /// first, when <paramref name="capture"/> is set (for verification), else null. gRPC failures
    /// surface as <see cref="Grpc.Core.RpcException"/>.
    /// </summary>
    Task<IReadOnlyList<string>?> CallAsync(int query, bool capture, DateTime deadline, CancellationToken cancellationToken);
}
