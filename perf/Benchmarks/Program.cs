using System.Globalization;
using BenchmarkDotNet.Running;
using RsPipeline.Benchmarks.Scoring;

if (args is ["candidates"])
{
    CandidateReport.Run(Console.Out);
    return;
}

if (args is ["loop", var scorer, var items, var batch, var rounds])
{
    LoopTiming.Run(Console.Out, scorer, int.Parse(items, CultureInfo.InvariantCulture), int.Parse(batch, CultureInfo.InvariantCulture), int.Parse(rounds, CultureInfo.InvariantCulture));
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
