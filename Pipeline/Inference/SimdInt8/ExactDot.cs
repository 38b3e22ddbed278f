using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace RsPipeline.Pipeline.Inference.SimdInt8;

/// <summary>The fp32 inner product the re-rank scores candidates with (any order of the sum is within TopKAssert's bound).</summary>
internal static unsafe class ExactDot
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float Of(float* query, float* item, int dimension)
    {
        var j = 0;
        var sum = 0f;
        if (Vector512.IsHardwareAccelerated && dimension >= 16)
        {
            var acc = Vector512<float>.Zero;
            for (; j + 16 <= dimension; j += 16)
            {
                acc = Vector512.FusedMultiplyAdd(Vector512.Load(query + j), Vector512.Load(item + j), acc);
            }

            sum = Vector512.Sum(acc);
        }
        else if (Vector256.IsHardwareAccelerated && dimension >= 8)
        {
            var acc = Vector256<float>.Zero;
            for (; j + 8 <= dimension; j += 8)
            {
                acc = Vector256.FusedMultiplyAdd(Vector256.Load(query + j), Vector256.Load(item + j), acc);
            }

            sum = Vector256.Sum(acc);
        }

        for (; j < dimension; j++)
        {
            sum = MathF.FusedMultiplyAdd(query[j], item[j], sum);
        }

        return sum;
    }
}
