using System.Runtime.CompilerServices;
namespace RsPipeline.Pipeline.Inference.Simd;

/// <summary>
/// The cache blocking around a kernel: a thread's panel range is cut into tiles that stay in its
/// L2 cache while every query block runs over them, so each item is read from memory once per call.
/// </summary>
internal static class PanelScan
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TKernel>(in ScanContext context, ReadOnlySpan<QueryBlock> blocks, int firstPanel, int endPanel, int tilePanels)
        where TKernel : struct, IPanelKernel
    {
        for (var tile = firstPanel; tile < endPanel; tile += tilePanels)
        {
            var tileEnd = Math.Min(tile + tilePanels, endPanel);
            foreach (var block in blocks)
            {
                TKernel.Scan(context, block, tile, tileEnd);
            }
        }
    }
}
