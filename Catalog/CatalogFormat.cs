namespace RsPipeline.Catalog;

/// <summary>How the embeddings file given by <see cref="CatalogOptions.EmbeddingsPath"/> is stored.</summary>
public enum CatalogFormat
{
    /// <summary>A NumPy <c>.npy</c> file: a 2-D float32 or float16 array, C order.</summary>
    Npy,

    /// <summary>A TorchScript file (<c>torch.jit.save</c>) holding the matrix as a named buffer or parameter.</summary>
    TorchScript,

    /// <summary>A safetensors file holding the matrix as a named F32, F16 or BF16 tensor.</summary>
    Safetensors,
}
