using BenchmarkDotNet.Running;
using RsPipeline.Benchmarks.Scoring;

if (args is ["candidates"])
{
    CandidateReport.Run(Console.Out);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
