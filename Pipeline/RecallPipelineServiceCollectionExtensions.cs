// TEMPORARY — replaced by the real pipeline at merge.
//
// A stand-in for the Dataflow pipeline so that the host can be built and tested before the real
// one lands: same registration signature, a resident catalogue (a float32 .npy file or a seeded
// synthetic one), brute-force scoring on the caller's thread, no batching. Everything in this file
// goes away at merge; nothing outside it refers to the types declared here.
using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RsPipeline.Pipeline.Inference;

namespace RsPipeline.Pipeline;

/// <summary>Registers the recall pipeline (TEMPORARY stand-in, replaced at merge).</summary>
public static class RecallPipelineServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IRecallPipeline"/> as a singleton and a hosted service that loads the
    /// catalogue at start (State Starting → Serving) and stops it (Draining → Stopped).
    /// </summary>
    public static IServiceCollection AddRecallPipeline(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<TemporaryCatalogOptions>()
            .Bind(configuration.GetSection("Catalog"))
            .Validate(o => o.SyntheticItemCount >= 1, "Catalog:SyntheticItemCount must be at least 1")
            .Validate(o => o.SyntheticDimension >= 1, "Catalog:SyntheticDimension must be at least 1")
            .ValidateOnStart();
        services.AddSingleton<TemporaryRecallPipeline>();
        services.AddSingleton<IRecallPipeline>(sp => sp.GetRequiredService<TemporaryRecallPipeline>());
        services.AddHostedService<TemporaryPipelineLifetime>();
        return services;
    }
}

/// <summary>TEMPORARY: the "Catalog" keys the stand-in reads.</summary>
internal sealed class TemporaryCatalogOptions
{
    public string? EmbeddingsPath { get; set; }

    public string? ItemIdsPath { get; set; }

    public int SyntheticItemCount { get; set; } = 100_000;

    public int SyntheticDimension { get; set; } = 64;

    public int SyntheticSeed { get; set; } = 42;
}

/// <summary>TEMPORARY: moves the stand-in through its states with the host's life.</summary>
internal sealed class TemporaryPipelineLifetime(TemporaryRecallPipeline pipeline, IOptions<TemporaryCatalogOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        pipeline.Load(TemporaryCatalogLoader.Load(options.Value));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => pipeline.DrainAsync();
}

/// <summary>TEMPORARY: brute-force recall, synchronous, one request at a time per caller.</summary>
internal sealed class TemporaryRecallPipeline : IRecallPipeline
{
    private const int DefaultTopK = 100;
    private ItemCatalog? _catalog;
    private int _inFlight;
    private volatile PipelineState _state = PipelineState.Starting;

    public event Action<PipelineState>? StateChanged;

    public string CatalogVersion => _catalog?.Version ?? string.Empty;

    public int Dimension => _catalog?.Dimension ?? 0;

    public PipelineState State => _state;

    public void Load(ItemCatalog catalog)
    {
        _catalog = catalog;
        SetState(PipelineState.Serving);
    }

    public async Task DrainAsync()
    {
        SetState(PipelineState.Draining);
        while (Volatile.Read(ref _inFlight) > 0)
        {
            await Task.Delay(10).ConfigureAwait(false);
        }

        SetState(PipelineState.Stopped);
    }

    public Task<RecallResult> SubmitAsync(RecallRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Interlocked.Increment(ref _inFlight);
        try
        {
            return Task.FromResult(Recall(request));
        }
        catch (RecallException ex)
        {
            return Task.FromException<RecallResult>(ex);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private RecallResult Recall(RecallRequest request)
    {
        var catalog = _catalog;
        if (_state != PipelineState.Serving || catalog is null)
        {
            throw new RecallException(RecallErrorKind.Unavailable, $"the pipeline is not serving ({_state})");
        }

        var features = request.Features ?? TemporaryFeatureParser.Parse(request.FeatureText);
        if (features.Length != catalog.Dimension)
        {
            throw new RecallException(RecallErrorKind.InvalidArgument, $"expected {catalog.Dimension} values, got {features.Length}");
        }

        foreach (var value in features.Span)
        {
            if (!float.IsFinite(value))
            {
                throw new RecallException(RecallErrorKind.InvalidArgument, "the vector holds a NaN or infinite value");
            }
        }

        var k = request.TopK ?? DefaultTopK;
        if (k < 1)
        {
            throw new RecallException(RecallErrorKind.InvalidArgument, $"top_k must be at least 1, got {k}");
        }

        ThrowIfGivenUp(request);
        var (ids, scores) = TopK(catalog, features.Span, k, request.ExcludedItemIds);
        return new RecallResult(ids, request.IncludeScores ? scores : null, catalog.Version);
    }

    private static void ThrowIfGivenUp(RecallRequest request)
    {
        if (request.CancellationToken.IsCancellationRequested)
        {
            throw new RecallException(RecallErrorKind.Cancelled, "the caller cancelled the request");
        }

        if (request.Deadline is { } deadline && deadline <= DateTime.UtcNow)
        {
            throw new RecallException(RecallErrorKind.DeadlineExceeded, "the deadline passed before the request was scored");
        }
    }

    private static (string[] Ids, float[] Scores) TopK(ItemCatalog catalog, ReadOnlySpan<float> query, int k, IReadOnlyCollection<string> excluded)
    {
        var exclude = excluded.Count == 0 ? null : new HashSet<string>(excluded, StringComparer.Ordinal);

        // Min-heap of the best k so far, keyed so that the worst (lowest score, then highest index) is on top.
        var heap = new PriorityQueue<int, (float Score, int NegIndex)>(k + 1);
        for (var i = 0; i < catalog.Count; i++)
        {
            if (exclude is not null && exclude.Contains(catalog.ItemIds[i]))
            {
                continue;
            }

            var score = Dot(query, catalog.Row(i));
            heap.Enqueue(i, (score, -i));
            if (heap.Count > k)
            {
                heap.Dequeue();
            }
        }

        var n = heap.Count;
        var ids = new string[n];
        var scores = new float[n];
        for (var r = n - 1; r >= 0; r--)
        {
            heap.TryDequeue(out var index, out var key);
            ids[r] = catalog.ItemIds[index];
            scores[r] = key.Score;
        }

        return (ids, scores);
    }

    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = 0f;
        for (var j = 0; j < a.Length; j++)
        {
            sum += a[j] * b[j];
        }

        return sum;
    }

    private void SetState(PipelineState state)
    {
        _state = state;
        StateChanged?.Invoke(state);
    }
}

/// <summary>TEMPORARY: the seed's vector text, "0.1, -2e-3, 3", to floats.</summary>
internal static class TemporaryFeatureParser
{
    public static ReadOnlyMemory<float> Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new RecallException(RecallErrorKind.InvalidArgument, "the vector is empty");
        }

        var parts = text.Split(',');
        var values = new float[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i].Trim();
            if (part.Length == 0)
            {
                throw new RecallException(RecallErrorKind.InvalidArgument, $"value {i} of the vector is empty");
            }

            if (!float.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                throw new RecallException(RecallErrorKind.InvalidArgument, $"value {i} of the vector is not a decimal number");
            }

            if (!float.IsFinite(value))
            {
                throw new RecallException(RecallErrorKind.InvalidArgument, $"value {i} of the vector is not finite");
            }

            values[i] = value;
        }

        return values;
    }
}

/// <summary>TEMPORARY: a float32 .npy file (shape (items, d), C order) or a seeded synthetic catalogue.</summary>
internal static class TemporaryCatalogLoader
{
    public static ItemCatalog Load(TemporaryCatalogOptions options)
    {
        if (string.IsNullOrEmpty(options.EmbeddingsPath))
        {
            return Synthetic(options.SyntheticItemCount, options.SyntheticDimension, options.SyntheticSeed);
        }

        var bytes = File.ReadAllBytes(options.EmbeddingsPath);
        var (data, count, dimension) = ReadNpy(bytes, options.EmbeddingsPath);
        IReadOnlyList<string> ids = string.IsNullOrEmpty(options.ItemIdsPath)
            ? RowIds(count)
            : File.ReadAllLines(options.ItemIdsPath).Where(l => l.Length > 0).ToArray();
        var version = "npy-" + Convert.ToHexStringLower(SHA256.HashData(bytes))[..12];
        return new ItemCatalog(data, count, dimension, ids, version, options.EmbeddingsPath);
    }

    private static ItemCatalog Synthetic(int count, int dimension, int seed)
    {
        var random = new Random(seed);
        var data = new float[checked(count * dimension)];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (random.NextSingle() * 2f) - 1f;
        }

        var version = string.Create(CultureInfo.InvariantCulture, $"synthetic-{count}x{dimension}-seed{seed}");
        return new ItemCatalog(data, count, dimension, RowIds(count), version, version);
    }

    private static string[] RowIds(int count) =>
        Enumerable.Range(0, count).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();

    private static (float[] Data, int Count, int Dimension) ReadNpy(byte[] bytes, string path)
    {
        if (bytes.Length < 10 || bytes[0] != 0x93 || Encoding.ASCII.GetString(bytes, 1, 5) != "NUMPY")
        {
            throw new InvalidDataException($"{path} is not a .npy file");
        }

        var major = bytes[6];
        var headerLength = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8)) : (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8));
        var headerStart = major == 1 ? 10 : 12;
        var header = Encoding.ASCII.GetString(bytes, headerStart, headerLength);
        if (!header.Contains("'<f4'", StringComparison.Ordinal) || header.Contains("'fortran_order': True", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{path}: only little-endian float32 in C order is supported, header {header}");
        }

        var shapeText = header[(header.IndexOf('(', StringComparison.Ordinal) + 1)..header.IndexOf(')', StringComparison.Ordinal)];
        var shape = shapeText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        if (shape.Length != 2)
        {
            throw new InvalidDataException($"{path}: expected a 2-D array, shape ({shapeText})");
        }

        var data = new float[checked(shape[0] * shape[1])];
        Buffer.BlockCopy(bytes, headerStart + headerLength, data, 0, data.Length * sizeof(float));
        return (data, shape[0], shape[1]);
    }
}
