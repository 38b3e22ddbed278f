using ILGPU;

namespace RsPipeline.Gpu.Kernels;

/// <summary>
/// Maps a float32 score to an unsigned key whose integer order is the score's order, so the
/// kernels can take maxima with integer atomics and select the k-th largest by radix. NaN maps to
/// 0, below every number (the project's ranking puts NaN last); −0 and +0 share one key.
/// </summary>
internal static class ScoreKey
{
    /// <summary>The key of +0 (and −0): the sign bit alone.</summary>
    public const uint Zero = 0x8000_0000u;

    /// <summary>The key no score maps below; a threshold of <see cref="Lowest"/> admits every item.</summary>
    public const uint Lowest = 0u;

    /// <summary>The order-preserving key of <paramref name="score"/>; runs on the host and in kernels.</summary>
    public static uint Of(float score)
    {
        // float.IsNaN is one of ILGPU's remapped intrinsics (a PTX testp on the GPU).
        if (float.IsNaN(score))
        {
            return Lowest;
        }

        if (score == 0f)
        {
            return Zero;
        }

        var bits = Interop.FloatAsInt(score);
        return (bits & Zero) != 0 ? ~bits : bits | Zero;
    }
}
