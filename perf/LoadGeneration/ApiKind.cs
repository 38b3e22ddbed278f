namespace RsPipeline.LoadGeneration;

/// <summary>Which of the server's contracts a run drives.</summary>
public enum ApiKind
{
    /// <summary>The seed's rs.RSer/CallRsItems: comma-separated text in and out, k = the server's default.</summary>
    Seed,

    /// <summary>The typed rspipeline.recall.v1.Recall/Recall: packed floats, per-request top_k.</summary>
    Typed,
}
