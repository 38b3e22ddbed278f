using System.Runtime.InteropServices;
using RsPipeline.Catalog;
using RsPipeline.Catalog.Formats;
using RsPipeline.Torch.Native;
using TorchSharp;
using static TorchSharp.torch;

namespace RsPipeline.Torch;

/// <summary>
/// Reads the item matrix from a TorchScript file (<c>torch.jit.save</c>): a buffer or parameter
/// of the module, by name, any floating dtype, converted to a float32 host matrix. The module is
/// loaded on the CPU and disposed before returning.
/// </summary>
public static class TorchScriptTensorReader
{
    /// <summary>Reads the tensor <paramref name="tensorName"/>, or the module's only 2-D floating tensor when it is null.</summary>
    /// <exception cref="CatalogLoadException">The file is not a TorchScript module, or the tensor is missing or not a matrix.</exception>
    public static EmbeddingMatrix Read(string path, string? tensorName)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        TorchNativeLoader.EnsureLoaded();
        using var scope = torch.NewDisposeScope();
        var module = Load(path);
        using (module)
        {
            var tensors = module.named_buffers().Select(b => (b.name, tensor: b.buffer))
                .Concat(module.named_parameters().Select(p => (p.name, tensor: (Tensor)p.parameter)))
                .ToArray();
            var chosen = Select(tensors, tensorName, path);
            return ToMatrix(chosen.name, chosen.tensor, path);
        }
    }

    private static jit.ScriptModule Load(string path)
    {
        try
        {
            return torch.jit.load(path, torch.CPU);
        }
        catch (Exception ex) when (ex is ExternalException or ArgumentException or InvalidOperationException)
        {
            throw new CatalogLoadException(path, $"not a loadable TorchScript module: {FirstLine(ex.Message)}", ex);
        }
    }

    private static (string name, Tensor tensor) Select((string name, Tensor tensor)[] tensors, string? tensorName, string path)
    {
        var names = string.Join(", ", tensors.Select(t => $"'{t.name}' {t.tensor.dtype}[{string.Join(", ", t.tensor.shape)}]"));
        if (tensorName is not null)
        {
            foreach (var candidate in tensors)
            {
                if (candidate.name == tensorName)
                {
                    return candidate;
                }
            }

            throw new CatalogLoadException(path, $"no buffer or parameter named '{tensorName}' (Catalog:TensorName); the module holds {(names.Length == 0 ? "none" : names)}");
        }

        var matrices = tensors.Where(t => t.tensor.dim() == 2 && t.tensor.is_floating_point()).ToArray();
        return matrices.Length == 1
            ? matrices[0]
            : throw new CatalogLoadException(path, $"{matrices.Length} 2-D floating tensors; name the one to use with Catalog:TensorName. The module holds {(names.Length == 0 ? "none" : names)}");
    }

    private static EmbeddingMatrix ToMatrix(string name, Tensor tensor, string path)
    {
        if (tensor.dim() != 2 || tensor.shape[0] < 1 || tensor.shape[1] < 1 || !tensor.is_floating_point())
        {
            throw new CatalogLoadException(path, $"'{name}' is {tensor.dtype}[{string.Join(", ", tensor.shape)}]; expected a non-empty 2-D floating matrix (items × dimension)");
        }

        long rows = tensor.shape[0], columns = tensor.shape[1];
        if (rows * columns > Array.MaxLength)
        {
            throw new CatalogLoadException(path, $"'{name}' of shape [{rows}, {columns}] is too large to hold in memory");
        }

        using var host = tensor.detach().to(ScalarType.Float32, torch.CPU).contiguous();
        var values = host.data<float>().ToArray();
        return new EmbeddingMatrix(values, (int)rows, (int)columns, tensor.dtype.ToString());
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOf('\n', StringComparison.Ordinal);
        return end < 0 ? message : message[..end];
    }
}
