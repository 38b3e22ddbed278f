using BenchmarkDotNet.Attributes;
using RsPipeline.Catalog;

namespace RsPipeline.Perf.Benchmarks;

/// <summary>
/// Formatting the seed contract's reply: string.Join of the top-100 item ids, as
/// Host/Services/RsService does, for row-number ids of a 1,000,000-item catalogue (six or seven
/// characters each).
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class ReplyFormattingBenchmarks
{
    private string[] _ids = [];

    [Params(100)]
    public int K { get; set; } = 100;

    [GlobalSetup]
    public void Setup()
    {
        var all = ItemIdFile.RowNumbers(1_000_000);
        var random = new Random(7);
        _ids = [.. Enumerable.Range(0, K).Select(_ => all[random.Next(all.Count)])];
    }

    [Benchmark]
    public string JoinIds() => string.Join(',', _ids);
}
