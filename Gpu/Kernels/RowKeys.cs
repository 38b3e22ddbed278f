using System.Runtime.CompilerServices;

namespace RsPipeline.Gpu.Kernels;

/// <summary>One thread's running best score key for each of its 4 query rows in the current bucket (bounds pass).</summary>
internal readonly struct RowKeys
{
    public readonly uint K0, K1, K2, K3;

    private RowKeys(uint k0, uint k1, uint k2, uint k3)
    {
        K0 = k0;
        K1 = k1;
        K2 = k2;
        K3 = k3;
    }

    /// <summary>Folds a tile's sums in; columns past the catalogue are ignored (rows past the batch are never written).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static RowKeys Update(RowKeys keys, TileSums s, int item, int step, int itemCount)
    {
        var v0 = item < itemCount;
        var v1 = item + step < itemCount;
        var v2 = item + (2 * step) < itemCount;
        var v3 = item + (3 * step) < itemCount;
        return new RowKeys(
            Best(Best(Best(Best(keys.K0, s.S00, v0), s.S01, v1), s.S02, v2), s.S03, v3),
            Best(Best(Best(Best(keys.K1, s.S10, v0), s.S11, v1), s.S12, v2), s.S13, v3),
            Best(Best(Best(Best(keys.K2, s.S20, v0), s.S21, v1), s.S22, v2), s.S23, v3),
            Best(Best(Best(Best(keys.K3, s.S30, v0), s.S31, v1), s.S32, v2), s.S33, v3));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Best(uint current, float score, bool valid)
    {
        var key = ScoreKey.Of(score);
        return valid && key > current ? key : current;
    }
}
