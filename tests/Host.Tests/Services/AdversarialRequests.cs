using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Google.Protobuf;
using Grpc.Core;
using RsPipeline.Host.Tests.Infrastructure;
using RsPipeline.Recall.V1;

namespace RsPipeline.Host.Tests.Services;

/// <summary>
/// Well-formed request messages with adversarial field values for the three recall methods (issue
/// 13's fuzzing property), each with the status the server's contract gives it: feature vectors of
/// the right length, the wrong length (none, one, thousands of values beyond the message limit),
/// NaN, infinities, denormals, ±0 and the float32 extremes; top_k of 0, the limit, one past it and
/// uint32's largest (what a negative int becomes on the wire); exclusions that are duplicates,
/// unknown ids, unicode junk (lone surrogates, NULs, bidi marks), one past the limit, or one string
/// larger than a message may be; seed texts that are junk, huge, or numbers with junk inside.
/// </summary>
public static class AdversarialRequests
{
    private const int Dimension = TestCatalog.Dimension;

    // Past the server's message limit by far, so that a size near it is never generated.
    private const int OversizedBytes = 2 * TestServer.MaxReceiveMessageBytes;

    private static readonly float[] OddValues =
    [
        float.NaN, float.PositiveInfinity, float.NegativeInfinity, float.Epsilon, -float.Epsilon, 1e-40f, -1e-40f,
        float.MaxValue, float.MinValue, 1e30f, -1e30f, 0f, -0f, 1f, -1f,
    ];

    private static readonly string[] OddTexts =
    [
        string.Empty, " ", ",", ",,,", "NaN", "inf", "-Infinity", "∞", "1e39", "-1e39", "1e-46", "0x10", "1_000", "١٢٣",
        "\0", "1\0", "\u202E1", "\uFEFF1", "\uD800", "\uDFFF1", "1,", ",1", "1 2", "--1", "+-1", "1e", "e1", ".", "1..2",
    ];

    public static Arbitrary<SeedCase> Seed() => SeedCases().ToArbitrary();

    public static Arbitrary<TypedCase> Typed() => TypedRequest().Select(request => new TypedCase(request)).ToArbitrary();

    public static Arbitrary<PageCase> Page() =>
        (from count in Gen.Frequency((6, Gen.Choose(0, TestServer.MaxUsersPerCall)), (1, Gen.Choose(TestServer.MaxUsersPerCall + 1, 3 * TestServer.MaxUsersPerCall)))
         from users in Gen.ArrayOf(Gen.Frequency((3, OrdinaryRequest()), (1, TypedRequest())), count)
         select new PageCase(users)).ToArbitrary();

    private static Gen<RecallRequest> TypedRequest() =>
        from vector in Vector()
        from topK in TopK()
        from excluded in Exclusions()
        from scores in Gen.Elements(true, false)
        select Build(vector, topK, excluded, scores);

    // A page holds several users: most are ordinary, so that one user's oversized field does not decide most pages.
    private static Gen<RecallRequest> OrdinaryRequest() =>
        from vector in Gen.ArrayOf(Normal(), Dimension)
        from topK in Gen.Choose(0, 20)
        from excluded in Gen.ListOf(KnownId())
        from scores in Gen.Elements(true, false)
        select Build(vector, (uint)topK, excluded.ToArray(), scores);

    private static RecallRequest Build(float[] vector, uint topK, string[] excluded, bool scores)
    {
        var request = new RecallRequest { TopK = topK, IncludeScores = scores };
        request.Vector.Add(vector);
        request.ExcludeItemIds.Add(excluded);
        return request;
    }

    private static Gen<float[]> Vector() => Gen.Frequency(
        (5, Gen.ArrayOf(Normal(), Dimension)),
        (4, Gen.ArrayOf(Gen.Frequency((3, Normal()), (1, Gen.Elements(OddValues))), Dimension)),
        (1, Gen.ArrayOf(Gen.Elements(OddValues), Dimension)),
        (2, Gen.Elements(0, 1, Dimension - 1, Dimension + 1, 10 * Dimension).SelectMany(n => Gen.ArrayOf(Normal(), n))),
        (1, Gen.Choose(0, int.MaxValue).Select(seed => Seeded(seed, OversizedBytes / sizeof(float)))));

    private static Gen<float> Normal() => Gen.Choose(-1_000_000, 1_000_000).Select(i => i / 1_000_000f);

    private static float[] Seeded(int seed, int length)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => random.NextSingle()).ToArray();
    }

    private static Gen<uint> TopK() => Gen.Frequency(
        (4, Gen.Choose(1, 20).Select(k => (uint)k)),
        (2, Gen.Elements(0u, 1u, (uint)TestServer.MaxTopK, (uint)TestServer.MaxTopK + 1, (uint)TestCatalog.Count, uint.MaxValue, (uint)int.MaxValue + 1)),
        (1, Gen.Choose(0, int.MaxValue).Select(k => (uint)k)));

    private static Gen<string[]> Exclusions() => Gen.Frequency(
        (4, Gen.Constant(Array.Empty<string>())),
        (3, Gen.ListOf(KnownId()).Select(ids => ids.ToArray())),
        (2, Gen.ListOf(Gen.OneOf(KnownId(), Junk())).Select(ids => ids.ToArray())),
        (1, KnownId().Select(id => Enumerable.Repeat(id, TestServer.MaxExcludedItems).ToArray())),
        (1, Gen.Choose(TestServer.MaxExcludedItems + 1, 20 * TestServer.MaxExcludedItems).Select(n => Enumerable.Range(0, n).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray())),
        (1, Gen.Constant(new[] { new string('x', OversizedBytes) })));

    private static Gen<string> KnownId() =>
        Gen.Frequency((4, Gen.Choose(0, 30)), (1, Gen.Choose(0, TestCatalog.Count + 10))).Select(i => i.ToString(CultureInfo.InvariantCulture));

    // Any UTF-16 code unit, lone surrogates and control characters included; or one of the odd texts.
    private static Gen<string> Junk() => Gen.Frequency(
        (3, Gen.ArrayOf(Gen.Choose(0, 0xFFFF).Select(c => (char)c)).Select(chars => new string(chars))),
        (2, Gen.Elements(OddTexts)),
        (1, Gen.ArrayOf(Gen.Elements('0', '7', '-', '+', '.', 'e', 'E', ',', ' ', '\t', '\n', '\0')).Select(chars => new string(chars))));

    private static Gen<SeedCase> SeedCases() => Gen.Frequency(
        (3, Gen.ArrayOf(Normal(), Dimension).Select(v => new SeedCase(TestCatalog.ToText(v), v))),
        (2, Gen.ArrayOf(Gen.Elements(OddValues), Dimension).Select(v => new SeedCase(TestCatalog.ToText(v), null))),
        (2, from v in Gen.ArrayOf(Normal(), Dimension)
            from junk in Junk()
            from at in Gen.Choose(0, 400)
            let text = TestCatalog.ToText(v)
            select new SeedCase(text.Insert(at % (text.Length + 1), junk), null)),
        (1, Gen.Elements(", ", " ,\t", ";", "\n").SelectMany(separator => Gen.ArrayOf(Normal(), Dimension).Select(v => new SeedCase(TestCatalog.ToText(v, separator), null)))),
        (2, Junk().Select(text => new SeedCase(text, null))),
        (1, Gen.Elements('1', ',', ' ', 'é').Select(c => new SeedCase(new string(c, OversizedBytes), null))));

    /// <summary>The status a call with a message of <paramref name="size"/> bytes cannot avoid: beyond the limit, RESOURCE_EXHAUSTED.</summary>
    public static bool Oversized(int size) => size > TestServer.MaxReceiveMessageBytes;

    /// <summary>What an invalid typed request's message must name (the server checks in this order); null when it is valid.</summary>
    public static string? Problem(RecallRequest request)
    {
        if (request.TopK > TestServer.MaxTopK)
        {
            return "top_k";
        }

        if (request.ExcludeItemIds.Count > TestServer.MaxExcludedItems)
        {
            return "exclude_item_ids";
        }

        if (request.Vector.Count != Dimension)
        {
            return "dimension";
        }

        return request.Vector.Any(v => !float.IsFinite(v)) ? "not finite" : null;
    }

    /// <summary>Whether a float64 brute force can judge the answer exactly: finite values far from overflow, and not all of them denormal.</summary>
    public static bool Judgeable(IReadOnlyCollection<float> vector)
    {
        var largest = vector.Max(Math.Abs);
        return largest <= 1e30f && (largest >= 1e-3f || largest == 0f);
    }

    /// <summary>For a failure message: the request without its oversized parts.</summary>
    public static string Describe(IMessage message) =>
        message.CalculateSize() > 2_000 ? $"{message.Descriptor.Name} of {message.CalculateSize()} bytes" : $"{message}";

    /// <summary>What a status message should say about an oversized message.</summary>
    public static bool NamesSize(Status status) => status.Detail.Contains("size", StringComparison.OrdinalIgnoreCase);

    /// <summary>The text as the wire carries it (lone surrogates become U+FFFD), to find its size.</summary>
    public static int Utf8Bytes(string text) => Encoding.UTF8.GetByteCount(text);
}

/// <summary>A seed text; <see cref="Query"/> is the vector it spells when it is a valid request by construction.</summary>
public sealed record SeedCase(string Text, float[]? Query)
{
    public override string ToString() => Text.Length > 200 ? $"text of {Text.Length} characters starting '{Text[..40]}'" : $"'{Text}'";
}

public sealed record TypedCase(RecallRequest Request)
{
    public override string ToString() => AdversarialRequests.Describe(Request);
}

public sealed record PageCase(RecallRequest[] Users)
{
    public RecallManyRequest Request { get; } = new() { Users = { Users } };

    public override string ToString() => AdversarialRequests.Describe(Request);
}
