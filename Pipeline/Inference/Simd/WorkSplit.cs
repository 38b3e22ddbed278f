namespace RsPipeline.Pipeline.Inference.Simd;

/// <summary>How a call's work is divided among the scanning threads.</summary>
internal enum WorkSplit
{
    /// <summary>Chosen per call from the batch size and the catalogue size.</summary>
    Auto = 0,

    /// <summary>Each thread scans its share of the items for every query; the candidates are merged.</summary>
    Items = 1,

    /// <summary>Each thread scans every item for its share of the queries.</summary>
    Queries = 2,
}
