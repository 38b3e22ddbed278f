namespace RsPipeline.Pipeline.Inference.SimdInt8;

/// <summary>
/// Scores one <see cref="Int8QueryBlock"/> against a range of panels in integers, turns each sum
/// into bounds [approx − ε, approx + ε] and offers the rows whose upper bound reaches their
/// query's threshold to <see cref="Int8ScanContext.Candidates"/>.
/// </summary>
internal interface IInt8Kernel
{
    /// <summary>Largest query code the kernel's arithmetic allows without saturating.</summary>
    static abstract int MaxQueryCode { get; }

    static abstract void Scan(in Int8ScanContext context, Int8QueryBlock block, int firstPanel, int endPanel);
}
