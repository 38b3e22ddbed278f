namespace RsPipeline.Pipeline.Inference.Simd;

/// <summary>
/// Scores one <see cref="QueryBlock"/> against a range of item panels and offers every score that
/// beats its query's threshold to <see cref="ScanContext.TopK"/>, panels in ascending order (which
/// is what lets the threshold test be a strict "greater than").
/// </summary>
internal unsafe interface IPanelKernel
{
    static abstract void Scan(in ScanContext context, QueryBlock block, int firstPanel, int endPanel);
}
