namespace RsPipeline.Pipeline.Inference.SimdInt8;

/// <summary>
/// What the kernels need of one quantized query besides its codes: the scale s_q, the bound's
/// factors α = s_q‖q̂‖₁ and e_q (both with the slack of <see cref="ErrorBound.QueryFactor"/>),
/// the integer the unsigned item offset adds to every sum (128·Σq̂), and whether the query must be
/// scored exhaustively instead (a non-finite or overflowing query).
/// </summary>
internal readonly record struct QueryParameters(float Scale, float Alpha, float Error, int OffsetSum, bool Exhaustive);
