using FsCheck;
using FsCheck.Fluent;
using RsPipeline.Pipeline.Inference.Simd;
using RsPipeline.Pipeline.Inference.SimdInt8;
using RsPipeline.TestSupport;
using Xunit.Sdk;

namespace RsPipeline.Pipeline.Tests.Inference.SimdInt8;

/// <summary>
/// The bound is not loose by a factor the tests could not see: two rows whose rounding errors are
/// aligned with the query (every coordinate 0.49 of a step from its code, one rounded down, the
/// other up) put the true best row within ε of the runner-up's lower bound. With ε it is kept; with
/// ε/4 (or ε/2) it is dropped and the answer is wrong, which TopKAssert reports. Run on the CPU's
/// best path (AVX-VNNI, else AVX-512BW, else AVX2).
/// </summary>
public class WeakenedBoundTests
{
    private const int Dimension = 64;

    [Int8PathProperty(nameof(Int8Path.Auto), Arbitrary = [typeof(AlignedRoundingCases)], MaxTest = 40)]
    public void FullBound_KeepsTheTrueBest(AlignedRoundingCase c)
    {
        var catalog = TestCatalogs.FromArray(c.Items(), c.Count, Dimension);
        using var scorer = new SimdInt8Scorer(catalog, new SimdScorerOptions { ThreadCount = c.Threads }, Int8Path.Auto, boundScale: 1f);

        Int8Asserts.Batch(scorer, catalog, Ones(), 1, 1);
    }

    [Int8PathProperty(nameof(Int8Path.Auto), Arbitrary = [typeof(AlignedRoundingCases)], MaxTest = 40)]
    public void QuarterBound_DropsTheTrueBest(AlignedRoundingCase c)
    {
        var catalog = TestCatalogs.FromArray(c.Items(), c.Count, Dimension);
        using var scorer = new SimdInt8Scorer(catalog, new SimdScorerOptions { ThreadCount = c.Threads }, Int8Path.Auto, boundScale: 0.25f);

        var failure = Assert.Throws<XunitException>(() => Int8Asserts.Batch(scorer, catalog, Ones(), 1, 1));
        Assert.Contains($"item {c.Best}", failure.Message, StringComparison.Ordinal);
    }

    // All ones: s_q = 1/maxCode and every code is maxCode (64 or 127), so the query itself is quantized exactly.
    private static float[] Ones() => Enumerable.Repeat(1f, Dimension).ToArray();
}

/// <summary>
/// Rows A (the true best, at <see cref="Best"/>) and B, each with coordinate 0 = 1 (so s_x = 1/127)
/// and codes m_j in 0..99 (so A is far above the small rows): A_j = (m_j + 0.49)/127 rounds down to m_j; B_j = (n_j − 0.49)/127 rounds up to
/// n_j, with n_j = m_j + 1 on 40 coordinates and m_j on the other 23. Then B's approximate score
/// is 40 steps above A's while A's exact score is 21.74 steps above B's. The other rows are small.
/// </summary>
public sealed record AlignedRoundingCase(int Seed, int Count, int Best, int Runner, int Threads)
{
    public float[] Items()
    {
        const int D = 64;
        var random = new Random(Seed);
        var items = TestCatalogs.Values(Count * D, integral: false, random);
        for (var i = 0; i < items.Length; i++)
        {
            items[i] *= 0.1f;
        }

        var best = items.AsSpan(Best * D, D);
        var runner = items.AsSpan(Runner * D, D);
        best[0] = 1;
        runner[0] = 1;
        var raised = Enumerable.Range(1, D - 1).OrderBy(_ => random.Next()).Take(40).ToHashSet();
        for (var j = 1; j < D; j++)
        {
            var m = random.Next(0, 100);
            best[j] = (m + 0.49f) / 127;
            runner[j] = ((raised.Contains(j) ? m + 1 : m) - 0.49f) / 127;
        }

        return items;
    }
}

public static class AlignedRoundingCases
{
    public static Arbitrary<AlignedRoundingCase> Cases() => Arb.From(
        from seed in Gen.Choose(0, int.MaxValue - 1)
        from count in Gen.Choose(2, 300)
        from best in Gen.Choose(0, count - 1)
        from runner in Gen.Choose(0, count - 1).Where(r => r != best)
        from threads in Gen.Choose(1, 2)
        select new AlignedRoundingCase(seed, count, best, runner, threads));
}
