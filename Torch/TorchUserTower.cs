using System.Runtime.InteropServices;
using RsPipeline.Torch.Native;
using RsPipeline.Pipeline.Inference.Tower;
using TorchSharp;
using static TorchSharp.torch;

namespace RsPipeline.Torch;

/// <summary>
/// The user tower as a TorchScript module run by LibTorch: loaded with torch.jit.load onto the
/// configured device, in eval mode, and called once per batch in inference mode on the B×F
/// feature tensor. Input and output go through reused managed buffers that LibTorch sees as
/// tensors, and every intermediate tensor is disposed at the end of the call.
/// </summary>
public sealed class TorchUserTower : IUserEncoder
{
    private const int ProbeRows = 2;

    private readonly jit.ScriptModule _module;
    private readonly Device _device;
    private readonly string _method;
    private float[] _input = [];
    private Tensor? _inputStorage;
    private float[] _output = [];
    private Tensor? _outputStorage;
    private bool _disposed;

    private TorchUserTower(jit.ScriptModule module, Device device, string path, string method, int inputDimension, int outputDimension)
    {
        _module = module;
        _device = device;
        _method = method;
        Path = path;
        InputDimension = inputDimension;
        OutputDimension = outputDimension;
    }

    /// <summary>The TorchScript file, as configured.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public int InputDimension { get; }

    /// <inheritdoc />
    public int OutputDimension { get; }

    /// <summary>
    /// Loads the tower <paramref name="options"/> name onto <paramref name="device"/> and checks it
    /// with a probe batch: it must answer <c>2 × <paramref name="outputDimension"/></c> for 2 × F input.
    /// </summary>
    /// <exception cref="UserTowerLoadException">The file does not load, the method fails, or the shape is wrong; the message says which.</exception>
    public static TorchUserTower Load(UserTowerOptions options, int outputDimension, string device)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = options.Path ?? throw new ArgumentException("Inference:UserTower:Path is not set", nameof(options));
        TorchNativeLoader.EnsureLoaded();
        var resolved = TorchDevices.Resolve(device);
        jit.ScriptModule module;
        try
        {
            module = torch.jit.load(path, resolved);
        }
        catch (Exception ex) when (ex is ExternalException or ArgumentException or InvalidOperationException)
        {
            throw new UserTowerLoadException(path, $"not a loadable TorchScript module: {FirstLine(ex.Message)}", ex);
        }

        module.eval();
        var tower = new TorchUserTower(module, resolved, path, options.Method, options.InputDimension, outputDimension);
        try
        {
            tower.Probe();
            return tower;
        }
        catch
        {
            tower.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Encode(ReadOnlySpan<float> features, int rows, Span<float> embeddings)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var inputLength = rows * InputDimension;
        var outputLength = rows * OutputDimension;
        EnsureCapacity(inputLength, outputLength);
        features[..inputLength].CopyTo(_input);
        using (torch.inference_mode())
        using (torch.NewDisposeScope())
        {
            var batch = _inputStorage!.narrow(0, 0, inputLength).view(rows, InputDimension);
            if (_device.type != DeviceType.CPU)
            {
                batch = batch.to(_device);
            }

            var result = Invoke(batch);
            if (result.dim() != 2 || result.shape[0] != rows || result.shape[1] != OutputDimension)
            {
                throw new InvalidOperationException(
                    $"user tower {Path}: method '{_method}' answered shape [{string.Join(", ", result.shape)}] for a {rows} × {InputDimension} batch; expected [{rows}, {OutputDimension}] (the catalogue's d)");
            }

            // copy_ converts dtype and device on its way into the managed buffer.
            _outputStorage!.narrow(0, 0, outputLength).view(rows, OutputDimension).copy_(result);
        }

        _output.AsSpan(0, outputLength).CopyTo(embeddings);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _module.Dispose();
        _inputStorage?.Dispose();
        _outputStorage?.Dispose();
    }

    private Tensor Invoke(Tensor batch)
    {
        try
        {
            return _module.invoke<Tensor>(_method, batch);
        }
        catch (Exception ex) when (ex is ExternalException or InvalidCastException or ArgumentException)
        {
            throw new InvalidOperationException($"user tower {Path}: method '{_method}' failed on a batch of {batch.shape[0]} × {InputDimension}: {FirstLine(ex.Message)}", ex);
        }
    }

    private void Probe()
    {
        var features = new float[ProbeRows * InputDimension];
        try
        {
            Encode(features, ProbeRows, new float[ProbeRows * OutputDimension]);
        }
        catch (InvalidOperationException ex)
        {
            throw new UserTowerLoadException(Path, $"the probe batch failed, so it cannot serve (Inference:UserTower:InputDimension = {InputDimension}, Method = '{_method}'): {ex.Message}", ex);
        }
    }

    private void EnsureCapacity(int inputLength, int outputLength)
    {
        if (_input.Length < inputLength)
        {
            _inputStorage?.Dispose();
            _input = new float[inputLength];
            _inputStorage = torch.from_array(_input);
        }

        if (_output.Length < outputLength)
        {
            _outputStorage?.Dispose();
            _output = new float[outputLength];
            _outputStorage = torch.from_array(_output);
        }
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOf('\n', StringComparison.Ordinal);
        return end < 0 ? message : message[..end];
    }
}
