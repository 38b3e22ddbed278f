namespace RsPipeline.Torch;

/// <summary>
/// LibTorch's own knobs (configuration section <c>Inference:Torch</c>): where its work runs and how
/// the Torch scorer tiles the matmul. They act only when LibTorch is used: <c>Inference:Scorer Torch</c>,
/// a TorchScript catalogue or a user tower.
/// </summary>
public sealed class TorchOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Inference:Torch";

    internal const string DeviceCpu = "cpu";
    internal const string DeviceCuda = "cuda";
    internal const string DeviceAuto = "auto";
    internal const string DefaultDevice = DeviceCpu;
    internal const int DefaultIntraOpThreads = 0;
    internal const int DefaultItemTileRows = 16_384;
    internal const int MaxItemTileRows = 1 << 24;
    internal const int MaxIntraOpThreads = 1024;

    /// <summary>
    /// Where the Torch scorer's item matrix and the user tower live: <c>cpu</c>, <c>cuda</c> (or
    /// <c>cuda:N</c>), or <c>auto</c> (CUDA when available, else the CPU). Default <c>cpu</c>.
    /// </summary>
    public string Device { get; set; } = DefaultDevice;

    /// <summary>LibTorch's intra-op thread count (process-wide); 0 leaves LibTorch's own default. Default 0.</summary>
    public int IntraOpThreads { get; set; } = DefaultIntraOpThreads;

    /// <summary>
    /// Item rows per matmul tile: each batch is multiplied against the catalogue one tile at a time and
    /// the <c>rows × tile</c> score block is folded into the top-k before the next. Measured fastest at
    /// 4,096–16,384 on the CPU. Default 16,384.
    /// </summary>
    public int ItemTileRows { get; set; } = DefaultItemTileRows;
}
