using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace RsPipeline.Sweep;

/// <summary>
/// p99 latency (log scale) against achieved throughput, one curve per setting (points in order of
/// offered rate), the p99 bound as a red line, the best point under it ringed and labelled.
/// </summary>
internal static class SweepChart
{
    public static void Write(IReadOnlyList<SweepPoint> points, SweepPoint? best, double p99BoundMs, string title, string pngPath, string svgPath)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var index = 0;
        foreach (var group in points.Where(p => p.P99Ms > 0).GroupBy(p => p.Setting))
        {
            var curve = group.OrderBy(p => p.OfferedPerSecond).ToArray();
            var scatter = plot.Add.Scatter(curve.Select(p => p.AchievedPerSecond).ToArray(), curve.Select(p => Math.Log10(p.P99Ms)).ToArray());
            scatter.LegendText = group.Key.Label;
            scatter.Color = palette.GetColor(index++);
            scatter.LineWidth = 2;
            // Shapes, not dash patterns: Skia's SVG output draws every line solid.
            scatter.MarkerShape = group.Key.BatchingOff ? MarkerShape.FilledSquare : MarkerShape.FilledCircle;
            scatter.MarkerSize = group.Key.BatchingOff ? 9 : 7;
        }

        var bound = plot.Add.HorizontalLine(Math.Log10(p99BoundMs));
        bound.Color = Colors.Red.WithAlpha(0.5);
        bound.LineWidth = 1.5f;
        bound.LegendText = string.Create(CultureInfo.InvariantCulture, $"p99 bound {p99BoundMs} ms");
        var maxX = points.Select(p => p.AchievedPerSecond).DefaultIfEmpty(1).Max() * 1.08;
        if (best is not null)
        {
            MarkBest(plot, best, leftHalf: best.AchievedPerSecond < maxX / 2);
        }

        plot.Title(title, size: 14);
        plot.XLabel("achieved throughput (requests/s)");
        plot.YLabel("p99 latency (ms, log scale)");
        UseLogTicks(plot);
        plot.Axes.AutoScale();
        plot.Axes.SetLimitsX(0, maxX);
        plot.Legend.Alignment = Alignment.UpperLeft;
        plot.ShowLegend();
        plot.SavePng(pngPath, 1200, 750);
        plot.SaveSvg(svgPath, 1200, 750);
    }

    private static void MarkBest(Plot plot, SweepPoint best, bool leftHalf)
    {
        var y = Math.Log10(best.P99Ms);
        var ring = plot.Add.Marker(best.AchievedPerSecond, y, MarkerShape.OpenCircle, 22);
        ring.Color = Colors.Black;
        ring.MarkerLineWidth = 2.5f;
        var label = plot.Add.Text(
            string.Create(CultureInfo.InvariantCulture, $"best: {best.Setting.Label}\n{best.AchievedPerSecond:F0} req/s, p99 {best.P99Ms:F1} ms"),
            best.AchievedPerSecond,
            y);
        label.LabelFontSize = 13;
        label.LabelBold = true;
        // Extend the label into the plot, away from the nearer edge.
        label.LabelAlignment = leftHalf ? Alignment.LowerLeft : Alignment.LowerRight;
        label.OffsetX = leftHalf ? 14 : -14;
        label.OffsetY = -14;
        label.LabelBackgroundColor = Colors.White.WithAlpha(0.85);
        label.LabelBorderColor = Colors.Black;
    }

    private static void UseLogTicks(Plot plot)
    {
        var ticks = new NumericAutomatic
        {
            MinorTickGenerator = new LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = y => Math.Pow(10, y).ToString("#,0.###", CultureInfo.InvariantCulture),
        };
        plot.Axes.Left.TickGenerator = ticks;
        plot.Grid.MajorLineColor = Colors.Black.WithAlpha(0.15);
        plot.Grid.MinorLineColor = Colors.Black.WithAlpha(0.05);
        plot.Grid.MinorLineWidth = 1;
    }
}
