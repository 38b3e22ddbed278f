namespace RsPipeline.Pipeline.Inference;

/// <summary>How and where the batch is scored against the catalogue (configuration section <c>Inference</c>).</summary>
public sealed class InferenceOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Inference";

    internal const string DefaultDevice = DeviceCpu;
    internal const ScorerKind DefaultScorer = ScorerKind.Simd;
    internal const int DefaultTorchIntraOpThreads = 0;
    internal const int DefaultItemTileRows = 16_384;
    internal const int MaxItemTileRows = 1 << 24;
    internal const int MaxTorchIntraOpThreads = 1024;
    internal const string DeviceCpu = "cpu";
    internal const string DeviceCuda = "cuda";
    internal const string DeviceAuto = "auto";

    /// <summary>
    /// Where the item matrix lives and the matmul runs: <c>cpu</c>, <c>cuda</c> (or <c>cuda:N</c>), or
    /// <c>auto</c> (CUDA when available, else the CPU). Default <c>cpu</c>.
    /// </summary>
    public string Device { get; set; } = DefaultDevice;

    /// <summary>
    /// Which scorer implementation to use. Default <see cref="ScorerKind.Simd"/>, the project's CPU
    /// kernel (several times faster than LibTorch's CPU matmul here, perf/README.md); Torch for a GPU.
    /// </summary>
    public ScorerKind Scorer { get; set; } = DefaultScorer;

    /// <summary>
    /// LibTorch's intra-op thread count (process-wide); 0 leaves LibTorch's own default. Default 0.
    /// </summary>
    public int TorchIntraOpThreads { get; set; } = DefaultTorchIntraOpThreads;

    /// <summary>
    /// Item rows per matmul tile: each batch is multiplied against the catalogue one tile at a time and
    /// the <c>rows × tile</c> score block is folded into the top-k before the next. Measured fastest at
    /// 4,096–16,384 on the CPU. Default 16,384.
    /// </summary>
    public int ItemTileRows { get; set; } = DefaultItemTileRows;

    /// <summary>
    /// The optional TorchScript user tower (<c>Inference:UserTower:Path</c>, <c>InputDimension</c>,
    /// <c>Method</c>). Default: none, the request vector is the user embedding.
    /// </summary>
    public Tower.UserTowerOptions UserTower { get; set; } = new();
}
