using RsPipeline.Torch.Native;
using TorchSharp;

namespace RsPipeline.Torch.Tests;

public class TorchNativeLoaderTests
{
    [Fact]
    public void EnsureLoaded_ThenMatmulOnCpu_GivesTheProduct()
    {
        var loaded = TorchNativeLoader.EnsureLoaded();

        using var a = torch.tensor(new float[] { 1, 2, 3, 4 }, [2, 2]);
        using var b = torch.tensor(new float[] { 5, 6, 7, 8 }, [2, 2]);
        using var product = a.matmul(b);

        Assert.Equal(new float[] { 19, 22, 43, 50 }, product.data<float>().ToArray());
        Assert.NotEqual(TorchNativeLoadMethod.TorchSharpDefault, loaded.Method);
    }
}
