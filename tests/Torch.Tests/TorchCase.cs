using FsCheck;
using FsCheck.Fluent;
using RsPipeline.TestSupport;

namespace RsPipeline.Torch.Tests;

/// <summary>A <see cref="ScoringCase"/> scored by the Torch scorer with tiles of <see cref="TileRows"/> item rows.</summary>
public sealed record TorchCase(ScoringCase Data, int TileRows)
{
    private static readonly int[] TileSizes = [1, 7, 64, 1000, 4096];

    internal static Gen<TorchCase> Generate(bool integral) =>
        from data in ScoringCase.Generate(Gen.Constant(integral), Gen.Choose(1, 9))
        from tileRows in Gen.Elements(TileSizes)
        select new TorchCase(data, tileRows);
}

/// <summary>Real-valued <see cref="TorchCase"/>s (FsCheck picks one Arbitrary per type from a class, so each data kind has its own).</summary>
public static class RealValuedCases
{
    public static Arbitrary<TorchCase> Cases() => TorchCase.Generate(integral: false).ToArbitrary();
}

/// <summary>Small-integer <see cref="TorchCase"/>s, whose exact ties must go to the lower index.</summary>
public static class IntegerValuedCases
{
    public static Arbitrary<TorchCase> Cases() => TorchCase.Generate(integral: true).ToArbitrary();
}
