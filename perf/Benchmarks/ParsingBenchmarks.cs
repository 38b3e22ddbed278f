using System.Globalization;
using BenchmarkDotNet.Attributes;
using RsPipeline.Catalog.Synthetic;
using RsPipeline.Pipeline.Parsing;

namespace RsPipeline.Perf.Benchmarks;

/// <summary>
/// Parsing the seed contract's request text: 64 floats separated by commas, as a client formats
/// them (round-trip, ~10 characters each) or with short decimals and spaces (hand-written).
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class ParsingBenchmarks
{
    private const int Dimension = 64;
    private readonly float[] _destination = new float[Dimension];
    private string _text = "";

    [Params("round-trip", "short")]
    public string Format { get; set; } = "round-trip";

    [GlobalSetup]
    public void Setup()
    {
        var values = SyntheticCatalog.Generate(1, Dimension, 2024);
        _text = Format == "short"
            ? string.Join(", ", values.Select(v => v.ToString("F3", CultureInfo.InvariantCulture)))
            : string.Join(',', values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        if (FeatureParser.TryParse(_text, Dimension, _destination) is { } error)
        {
            throw new InvalidOperationException(error);
        }
    }

    [Benchmark]
    public string? TryParse64() => FeatureParser.TryParse(_text, Dimension, _destination);
}
