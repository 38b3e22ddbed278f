namespace RsPipeline.Gpu.Kernels;

/// <summary>
/// One thread's 4 × 4 register tile of inner products: <c>Smn</c> is query row <c>ty + m·ThreadsY</c>
/// of the group's block with item column <c>tx + n·ThreadsX</c> of the current tile. Plain fields
/// passed by value, so ILGPU keeps them in registers.
/// </summary>
internal readonly struct TileSums
{
    public readonly float S00, S01, S02, S03, S10, S11, S12, S13, S20, S21, S22, S23, S30, S31, S32, S33;

    public TileSums(
        float s00, float s01, float s02, float s03,
        float s10, float s11, float s12, float s13,
        float s20, float s21, float s22, float s23,
        float s30, float s31, float s32, float s33)
    {
        S00 = s00;
        S01 = s01;
        S02 = s02;
        S03 = s03;
        S10 = s10;
        S11 = s11;
        S12 = s12;
        S13 = s13;
        S20 = s20;
        S21 = s21;
        S22 = s22;
        S23 = s23;
        S30 = s30;
        S31 = s31;
        S32 = s32;
        S33 = s33;
    }
}
