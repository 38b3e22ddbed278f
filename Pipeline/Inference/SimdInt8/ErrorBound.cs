namespace RsPipeline.Pipeline.Inference.SimdInt8;

/// <summary>
/// The constants and roundings of the per-(query, row) bound ε on |q·x − approximate score|
/// (derived in docs/int8-error-bound.md). With q = s_q·q̂ + δq, x = s_x·x̂ + δx:
/// |q·x − s_q s_x (q̂·x̂)| ≤ s_q‖q̂‖₁·ρ_x + e_q·‖x‖₁, where ρ_x = max |δx_j| and e_q = max |δq_j|
/// are measured exactly (in double) when the row and the query are quantized. The kernels turn
/// the int32 sum into a float score with a handful of float32 roundings, which
/// <see cref="RowResidual"/>, <see cref="QueryFactor"/> and <see cref="Absolute"/> cover.
/// </summary>
internal static class ErrorBound
{
    /// <summary>float32 unit roundoff, 2⁻²⁴.</summary>
    public const double UnitRoundoff = 1.0 / (1 << 24);

    /// <summary>
    /// Relative slack for the float32 roundings of ε itself (a product, a fused multiply-add, and
    /// the final add or subtract): (1 − u)³(1 + 4u) ≥ 1; 5u leaves room for the double arithmetic.
    /// </summary>
    public const double QueryFactorSlack = 1 + (5 * UnitRoundoff);

    /// <summary>
    /// Covers gradual underflow: each float32 operation in range of subnormals may be off by
    /// 2⁻¹⁵⁰ absolutely; fewer than 2¹⁰ such operations touch one score.
    /// </summary>
    public static readonly float Absolute = MathF.ScaleB(1f, -140);

    /// <summary>
    /// Multiples of u·|x̂|_max·s_x added to a row's residual: the int32 → float32 conversion (exact
    /// while |sum| &lt; 2²⁴), the two scalings and U = approx ± ε each round once relative to
    /// |approx| ≤ 127·s_q‖q̂‖₁·s_x; 4.01 covers (1 + u)⁴ − 1.
    /// </summary>
    private const double ScalingRoundings = 4.01;

    /// <summary>The row's term: ρ_x plus the scaling roundings, rounded up to float32.</summary>
    public static float RowResidual(double residual, float scale) =>
        RoundUp(residual + (ScalingRoundings * Quantizer.MaxItemCode * UnitRoundoff * scale));

    /// <summary>A non-negative per-query factor (s_q‖q̂‖₁ or e_q) with the slack for ε's own roundings, rounded up.</summary>
    public static float QueryFactor(double value) => RoundUp(value * QueryFactorSlack);

    /// <summary>The smallest float32 not below <paramref name="value"/> (value ≥ 0).</summary>
    public static float RoundUp(double value)
    {
        var rounded = (float)value;
        return rounded < value ? MathF.BitIncrement(rounded) : rounded;
    }
}
