using TorchSharp;

namespace RsPipeline.Torch.Tests;

public class TorchDevicesTests
{
    [Fact]
    public void Resolve_CudaWithoutCuda_ThrowsNamingTheCpuBuild()
    {
        var error = Assert.Throws<InvalidOperationException>(() => TorchDevices.Resolve("cuda"));

        Assert.Contains("Inference:Torch:Device is 'cuda' but CUDA is not available", error.Message, StringComparison.Ordinal);
        Assert.Contains("libtorch-cpu-linux-x64", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("auto")]
    [InlineData("cpu")]
    [InlineData(" CPU ")]
    public void Resolve_OnCpuOnlyBuild_GivesCpu(string device)
    {
        Assert.Equal(DeviceType.CPU, TorchDevices.Resolve(device).type);
    }

    [Theory]
    [InlineData("auto", 0)]
    [InlineData("cuda", 0)]
    [InlineData("cuda:1", 1)]
    public void Resolve_WithCuda_GivesCudaDevice(string device, int index)
    {
        var resolved = TorchDevices.Resolve(device, () => true);

        Assert.Equal(DeviceType.CUDA, resolved.type);
        Assert.Equal(index, resolved.index);
    }

    [Fact]
    public void Resolve_UnknownName_ThrowsArgumentException()
    {
        var error = Assert.Throws<ArgumentException>(() => TorchDevices.Resolve("gpu", () => true));

        Assert.Contains("Inference:Torch:Device is 'gpu'", error.Message, StringComparison.Ordinal);
    }
}
