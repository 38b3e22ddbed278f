namespace RsPipeline.Pipeline.Inference.Simd;

/// <summary>Which vector width <see cref="SimdBlockedScorer"/> computes with. All give exact top-k.</summary>
internal enum SimdPath
{
    /// <summary>The widest the CPU accelerates: Vector512, else Vector256, else scalar.</summary>
    Auto = 0,

    /// <summary>Vector512 (AVX-512); emulated in software where not accelerated.</summary>
    Vector512 = 1,

    /// <summary>Vector256 (AVX2/FMA); emulated in software where not accelerated.</summary>
    Vector256 = 2,

    /// <summary>Plain scalar loops (reference speed).</summary>
    Scalar = 3,
}
