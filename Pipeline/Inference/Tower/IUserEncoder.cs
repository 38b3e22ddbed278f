namespace RsPipeline.Pipeline.Inference.Tower;

/// <summary>
/// Turns a batch of feature vectors (B×F) into user embeddings (B×d). Used by one caller at a time
/// (the inference stage); implementations keep their buffers and device memory for their lifetime.
/// </summary>
public interface IUserEncoder : IDisposable
{
    /// <summary>F: values per input row.</summary>
    int InputDimension { get; }

    /// <summary>d: values per output row (the catalogue's dimension).</summary>
    int OutputDimension { get; }

    /// <summary>
    /// Encodes <paramref name="rows"/> rows of <paramref name="features"/> (row-major, rows × F) into
    /// <paramref name="embeddings"/> (row-major, at least rows × d).
    /// </summary>
    /// <exception cref="InvalidOperationException">The model failed or answered a shape other than rows × d.</exception>
    void Encode(ReadOnlySpan<float> features, int rows, Span<float> embeddings);
}
