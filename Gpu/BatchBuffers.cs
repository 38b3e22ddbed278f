using ILGPU.Runtime;

namespace RsPipeline.Gpu;

/// <summary>
/// Everything one batch uses besides the resident catalogue, kept across batches: queries in
/// (pinned host → device), bucket maxima and thresholds (device only), counts and candidates out
/// (device → pinned host). Buffers only grow; <see cref="Dispose"/> frees them all.
/// </summary>
internal sealed class BatchBuffers : IDisposable
{
    public BatchBuffers(Accelerator accelerator)
    {
        HostQueries = new PinnedBuffer<float>(accelerator);
        Queries = new DeviceBuffer<float>(accelerator);
        BucketKeys = new DeviceBuffer<uint>(accelerator);
        Thresholds = new DeviceBuffer<uint>(accelerator);
        Counts = new DeviceBuffer<int>(accelerator);
        CandidateScores = new DeviceBuffer<float>(accelerator);
        CandidateItems = new DeviceBuffer<int>(accelerator);
        HostCounts = new PinnedBuffer<int>(accelerator);
        HostScores = new PinnedBuffer<float>(accelerator);
        HostItems = new PinnedBuffer<int>(accelerator);
    }

    public PinnedBuffer<float> HostQueries { get; }

    public DeviceBuffer<float> Queries { get; }

    public DeviceBuffer<uint> BucketKeys { get; }

    public DeviceBuffer<uint> Thresholds { get; }

    public DeviceBuffer<int> Counts { get; }

    public DeviceBuffer<float> CandidateScores { get; }

    public DeviceBuffer<int> CandidateItems { get; }

    public PinnedBuffer<int> HostCounts { get; }

    public PinnedBuffer<float> HostScores { get; }

    public PinnedBuffer<int> HostItems { get; }

    /// <summary>Device bytes held by the per-batch buffers.</summary>
    public long DeviceBytes =>
        Queries.SizeBytes + BucketKeys.SizeBytes + Thresholds.SizeBytes + Counts.SizeBytes + CandidateScores.SizeBytes + CandidateItems.SizeBytes;

    public void Dispose()
    {
        HostQueries.Dispose();
        Queries.Dispose();
        BucketKeys.Dispose();
        Thresholds.Dispose();
        Counts.Dispose();
        CandidateScores.Dispose();
        CandidateItems.Dispose();
        HostCounts.Dispose();
        HostScores.Dispose();
        HostItems.Dispose();
    }
}
