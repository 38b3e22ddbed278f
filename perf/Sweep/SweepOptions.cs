using RsPipeline.LoadGeneration;

namespace RsPipeline.Sweep;

/// <summary>Everything one sweep needs, from the command line.</summary>
internal sealed record SweepOptions
{
    public required string HostDll { get; init; }

    public required string CatalogPath { get; init; }

    public string? IdsPath { get; init; }

    public required IReadOnlyList<SweepSetting> Settings { get; init; }

    public required IReadOnlyList<double> Rates { get; init; }

    public required TimeSpan PointDuration { get; init; }

    public required TimeSpan Warmup { get; init; }

    public required int Repeats { get; init; }

    public required ApiKind Api { get; init; }

    public ArrivalKind Arrivals { get; init; } = ArrivalKind.Poisson;

    public required int TopK { get; init; }

    public required int Channels { get; init; }

    public required int VerifyMax { get; init; }

    public required double P99BoundMs { get; init; }

    public required double SaturationRatio { get; init; }

    public required IReadOnlyList<string> ServerArguments { get; init; }

    public required string OutputDirectory { get; init; }

    public required string Name { get; init; }

    public required string Note { get; init; }
}
