using RsPipeline.TestSupport;

namespace RsPipeline.Pipeline.Tests.Inference.SimdInt8;

/// <summary>The kinds of data that attack the int8 bound: each makes quantization errors large, aligned or tied.</summary>
public enum BoundAttack
{
    /// <summary>Uniform values: the ordinary case.</summary>
    Uniform,

    /// <summary>A few base rows, each repeated with perturbations below, at and above one quantization step: near-ties within ε.</summary>
    NearTies,

    /// <summary>One coordinate of 10³–10⁶ and all the others of about 10⁻³: the scale is set by the one, the rest round to 0.</summary>
    HugeCoordinate,

    /// <summary>Half the rows are all zeros.</summary>
    ZeroRows,

    /// <summary>Every row the same.</summary>
    IdenticalRows,

    /// <summary>Queries scaled by 10⁻³⁰ … 10³⁰.</summary>
    QueryNorms,

    /// <summary>Every coordinate of every row negative.</summary>
    AllNegative,

    /// <summary>Small integers: many exact ties, which must come by lower index.</summary>
    IntegerTies,

    /// <summary>Gaussian rows scaled by log-normal norms, as real embeddings are.</summary>
    LogNormalNorms,
}

/// <summary>Builds the items and queries of a <see cref="BoundAttack"/> from a seed.</summary>
public static class BoundAttacks
{
    public static float[] Items(BoundAttack attack, int count, int dimension, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var items = TestCatalogs.Values(count * dimension, attack == BoundAttack.IntegerTies, random);
        switch (attack)
        {
            case BoundAttack.NearTies:
                NearTies(items, count, dimension, random);
                break;
            case BoundAttack.HugeCoordinate:
                for (var i = 0; i < count; i++)
                {
                    var row = items.AsSpan(i * dimension, dimension);
                    foreach (ref var v in row)
                    {
                        v *= 1e-3f;
                    }

                    row[random.Next(dimension)] = (float)(Math.Pow(10, 3 + (3 * random.NextDouble())) * (random.Next(2) * 2 - 1));
                }

                break;
            case BoundAttack.ZeroRows:
                for (var i = 0; i < count; i++)
                {
                    if (random.Next(2) == 0)
                    {
                        items.AsSpan(i * dimension, dimension).Clear();
                    }
                }

                break;
            case BoundAttack.IdenticalRows:
                for (var i = 1; i < count; i++)
                {
                    items.AsSpan(0, dimension).CopyTo(items.AsSpan(i * dimension, dimension));
                }

                break;
            case BoundAttack.AllNegative:
                for (var i = 0; i < items.Length; i++)
                {
                    items[i] = -MathF.Abs(items[i]) - 1e-3f;
                }

                break;
            case BoundAttack.LogNormalNorms:
                for (var i = 0; i < count; i++)
                {
                    var norm = (float)Math.Exp(TestCatalogs.NextGaussian(random));
                    foreach (ref var v in items.AsSpan(i * dimension, dimension))
                    {
                        v = (float)TestCatalogs.NextGaussian(random) * norm;
                    }
                }

                break;
        }

        return items;
    }

    public static float[] Queries(BoundAttack attack, int rows, int dimension, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var queries = TestCatalogs.Values(rows * dimension, attack == BoundAttack.IntegerTies, random);
        if (attack == BoundAttack.QueryNorms)
        {
            for (var r = 0; r < rows; r++)
            {
                var scale = MathF.Pow(10, random.Next(-30, 31));
                foreach (ref var v in queries.AsSpan(r * dimension, dimension))
                {
                    v *= scale;
                }
            }
        }

        return queries;
    }

    private static void NearTies(float[] items, int count, int dimension, Random random)
    {
        var bases = Math.Max(1, count / 8);
        for (var i = bases; i < count; i++)
        {
            var source = items.AsSpan(random.Next(bases) * dimension, dimension);
            var target = items.AsSpan(i * dimension, dimension);

            // One quantization step is about max|x| / 127: perturb by a fraction of, about, or a few steps.
            var step = random.Next(3) switch { 0 => 1e-4f, 1 => 1f / 127, _ => 4f / 127 };
            for (var j = 0; j < dimension; j++)
            {
                target[j] = Math.Clamp(source[j] + (step * ((random.NextSingle() * 2) - 1)), -1f, 1f);
            }
        }
    }
}
