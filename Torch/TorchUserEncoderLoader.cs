using Microsoft.Extensions.Options;
using RsPipeline.Pipeline.Inference.Tower;

namespace RsPipeline.Torch;

/// <summary>Loads a TorchScript user tower onto <c>Inference:Torch:Device</c> (<see cref="TorchUserTower"/>).</summary>
internal sealed class TorchUserEncoderLoader(TorchRuntime runtime, IOptions<TorchOptions> options) : IUserEncoderLoader
{
    public IUserEncoder Load(UserTowerOptions tower, int outputDimension)
    {
        runtime.EnsureLoaded("the user tower");
        return TorchUserTower.Load(tower, outputDimension, options.Value.Device);
    }
}
