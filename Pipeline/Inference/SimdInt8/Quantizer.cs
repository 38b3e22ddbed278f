namespace RsPipeline.Pipeline.Inference.SimdInt8;

/// <summary>
/// Symmetric per-vector quantization: codes c_j = round(v_j / s) with s = max|v| / maxCode, so
/// |c_j| ≤ maxCode. Returns what the bound needs: the scale, the largest residual |v_j − s·c_j|
/// and Σ|c_j|, all exact (the residuals in double, where s·c_j is exact).
/// </summary>
internal static class Quantizer
{
    /// <summary>Largest catalogue code: rows are stored as signed 8-bit codes in [−127, 127] (offset by 128 to bytes).</summary>
    public const int MaxItemCode = 127;

    /// <summary>Offset that turns a catalogue code into the unsigned byte VPMADDUBSW and VPDPBUSD read.</summary>
    public const int ItemCodeOffset = 128;

    /// <summary>Quantizes <paramref name="values"/> into <paramref name="codes"/>.</summary>
    /// <returns>The scale (0 for a zero vector, NaN or ∞ for a non-finite one), the largest residual and the L1 norm of the codes.</returns>
    public static (float Scale, double Residual, int CodeL1) Quantize(ReadOnlySpan<float> values, Span<sbyte> codes, int maxCode)
    {
        var max = 0f;
        foreach (var v in values)
        {
            max = MathF.Max(max, MathF.Abs(v));
        }

        if (max == 0 || !float.IsFinite(max))
        {
            codes[..values.Length].Clear();
            return (max == 0 ? 0f : float.NaN, 0, 0);
        }

        var scale = max / maxCode;
        if (scale == 0)
        {
            // max is subnormal: the smallest positive scale still codes it within range.
            scale = float.Epsilon;
        }

        var residual = 0.0;
        var l1 = 0;
        for (var j = 0; j < values.Length; j++)
        {
            var code = (int)MathF.Round(values[j] / scale, MidpointRounding.ToEven);
            code = Math.Clamp(code, -maxCode, maxCode);
            codes[j] = (sbyte)code;
            residual = Math.Max(residual, Math.Abs(values[j] - ((double)scale * code)));
            l1 += Math.Abs(code);
        }

        return (scale, residual, l1);
    }
}
