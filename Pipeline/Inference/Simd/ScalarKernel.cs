using System.Runtime.CompilerServices;
namespace RsPipeline.Pipeline.Inference.Simd;

/// <summary>Plain loops over the same packed layout, for CPUs without vector units (and as a check on the others).</summary>
internal readonly unsafe struct ScalarKernel : IPanelKernel
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Scan(in ScanContext context, QueryBlock block, int firstPanel, int endPanel)
    {
        var d = context.Items.Dimension;
        var width = block.Width;
        var scratch = context.Scratch;
        for (var p = firstPanel; p < endPanel; p++)
        {
            var x = context.Items.Panel(p);
            for (var r = 0; r < width; r++)
            {
                var output = scratch + (r * PackedCatalog.PanelWidth);
                new Span<float>(output, PackedCatalog.PanelWidth).Clear();
                for (var j = 0; j < d; j++)
                {
                    var coordinate = block.Packed[(j * width) + r];
                    var items = x + (j * PackedCatalog.PanelWidth);
                    for (var lane = 0; lane < PackedCatalog.PanelWidth; lane++)
                    {
                        output[lane] += coordinate * items[lane];
                    }
                }
            }

            Survivors.Offer(context, scratch, width, block.FirstRow, p);
        }
    }
}
