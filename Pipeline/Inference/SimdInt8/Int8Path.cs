using System.Runtime.Intrinsics.X86;

namespace RsPipeline.Pipeline.Inference.SimdInt8;

/// <summary>Which integer multiply-add <see cref="SimdInt8Scorer"/> runs. All give the exact top-k.</summary>
internal enum Int8Path
{
    /// <summary>The best the CPU has: AVX-VNNI, else AVX-512BW, else AVX2 (<see cref="Int8Paths.Resolve"/>).</summary>
    Auto = 0,

    /// <summary>VPDPBUSD on Vector256 (<c>AvxVnni.MultiplyWideningAndAdd</c>): u8 × s8 summed straight into int32.</summary>
    AvxVnni = 1,

    /// <summary>VPMADDUBSW + VPMADDWD on Vector512 (AVX-512BW): the widening path.</summary>
    Avx512 = 2,

    /// <summary>VPMADDUBSW + VPMADDWD on Vector256 (AVX2): the widening path without AVX-512.</summary>
    Avx2 = 3,
}

/// <summary>Which <see cref="Int8Path"/>s this CPU runs.</summary>
internal static class Int8Paths
{
    public static bool IsSupported(Int8Path path) => path switch
    {
        Int8Path.AvxVnni => AvxVnni.IsSupported,
        Int8Path.Avx512 => Avx512BW.IsSupported,
        Int8Path.Avx2 => Avx2.IsSupported && Fma.IsSupported,
        _ => Resolve(path) != Int8Path.Auto,
    };

    /// <summary>The path <paramref name="requested"/> names, or for Auto the best supported one; Auto when none is.</summary>
    public static Int8Path Resolve(Int8Path requested) => requested switch
    {
        Int8Path.Auto when AvxVnni.IsSupported => Int8Path.AvxVnni,
        Int8Path.Auto when Avx512BW.IsSupported => Int8Path.Avx512,
        Int8Path.Auto when Avx2.IsSupported && Fma.IsSupported => Int8Path.Avx2,
        _ => requested,
    };
}
