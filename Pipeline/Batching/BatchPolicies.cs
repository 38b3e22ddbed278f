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

    /// <summary>
    /// Creates the set; LatencySlo predicts inference times with <paramref name="costModel"/> (a fresh,
    /// empty one when null) and keeps <see cref="Overhead"/>'s estimate free of its target.
    /// </summary>
    public BatchPolicies(InferenceCostModel? costModel = null)
    {
        CostModel = costModel ?? new InferenceCostModel();
        _latencySlo = new LatencySloPolicy(CostModel, LatencySloPolicy.DefaultHeadroom, Overhead);
    }

    /// <summary>The model of inference time that LatencySlo decides with.</summary>
    public InferenceCostModel CostModel { get; }

    /// <summary>The measured time of requests outside the queue and inference (the pipeline's respond stage feeds it under every policy).</summary>
    public RequestOverheadModel Overhead { get; } = new();

    /// <summary>The policy for <paramref name="policy"/>.</summary>
    public IBatchPolicy For(BatchingPolicy policy) => policy switch
    {
        BatchingPolicy.FixedWindow => _fixedWindow,
        BatchingPolicy.LatencySlo => _latencySlo,
        _ => _eagerWhenIdle,
    };
}
