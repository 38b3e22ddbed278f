namespace RsPipeline.Pipeline.Batching;

/// <summary>
/// The policy object behind each <see cref="BatchingPolicy"/> value, one set per pipeline, so that a
/// live change of <c>Batching:Policy</c> takes effect at the next decision and a policy that learns
/// (from the batches it saw) keeps what it learned.
/// </summary>
public sealed class BatchPolicies
{
    private readonly IBatchPolicy _fixedWindow = FixedWindowPolicy.Instance;
    private readonly IBatchPolicy _eagerWhenIdle = EagerWhenIdlePolicy.Instance;
    private readonly LatencySloPolicy _latencySlo;

    /// <summary>Creates the set; LatencySlo predicts inference times with <paramref name="costModel"/> (a fresh, empty one when null).</summary>
    public BatchPolicies(InferenceCostModel? costModel = null)
    {
        CostModel = costModel ?? new InferenceCostModel();
        _latencySlo = new LatencySloPolicy(CostModel);
    }

    /// <summary>The model of inference time that LatencySlo decides with.</summary>
    public InferenceCostModel CostModel { get; }

    /// <summary>The policy for <paramref name="policy"/>.</summary>
    public IBatchPolicy For(BatchingPolicy policy) => policy switch
    {
        BatchingPolicy.FixedWindow => _fixedWindow,
        BatchingPolicy.LatencySlo => _latencySlo,
        _ => _eagerWhenIdle,
    };
}
