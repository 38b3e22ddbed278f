using System.Reflection;
using System.Runtime.InteropServices;
using ILGPU.Runtime.Cuda;

namespace RsPipeline.Gpu;

/// <summary>
/// Finds the NVIDIA driver library and makes ILGPU load it. ILGPU 1.5.3 imports the driver API as
/// <c>[DllImport("cuda")]</c>, which .NET resolves on Linux to <c>libcuda.so</c>: a development
/// symlink that driver-only installs and GPU containers often lack (they ship <c>libcuda.so.1</c>).
/// A resolver on ILGPU's assembly loads <c>libcuda.so.1</c> first. Under WSL ILGPU registers its own
/// resolver (for /usr/lib/wsl/lib), and an assembly takes only one, so this one stays out there.
/// </summary>
internal static class CudaDriverLibrary
{
    /// <summary>What is tried, in order, on Linux: the driver's soname, then the development name.</summary>
    internal static readonly IReadOnlyList<string> LinuxCandidates = ["libcuda.so.1", "libcuda.so"];

    /// <summary>The driver library on Windows.</summary>
    internal static readonly IReadOnlyList<string> WindowsCandidates = ["nvcuda.dll"];

    private const string WslLibraryDirectory = "/usr/lib/wsl/lib";
    private static readonly Lazy<bool> ResolverInstalled = new(InstallResolver);

    /// <summary>The candidates for this operating system.</summary>
    public static IReadOnlyList<string> DefaultCandidates =>
        RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? WindowsCandidates : LinuxCandidates;

    /// <summary>Installs the resolver once per process (before ILGPU first touches the driver API).</summary>
    public static bool EnsureResolver() => ResolverInstalled.Value;

    /// <summary>The first of <paramref name="candidates"/> that loads, or null: no NVIDIA driver here.</summary>
    public static string? Find(IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        foreach (var name in candidates)
        {
            // Loaded libraries stay loaded: ILGPU needs this one next anyway.
            if (NativeLibrary.TryLoad(name, out _))
            {
                return name;
            }
        }

        return null;
    }

    private static bool InstallResolver()
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux) || IsWsl())
        {
            return false;
        }

        try
        {
            NativeLibrary.SetDllImportResolver(typeof(CudaAccelerator).Assembly, Resolve);
            return true;
        }
        catch (InvalidOperationException)
        {
            // Someone (ILGPU itself, or the host) already set one: leave theirs.
            return false;
        }
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (!libraryName.Equals(CudaAPI.LibNameLinux, StringComparison.Ordinal))
        {
            return IntPtr.Zero;
        }

        foreach (var name in LinuxCandidates)
        {
            if (NativeLibrary.TryLoad(name, assembly, searchPath, out var handle))
            {
                return handle;
            }
        }

        return IntPtr.Zero;
    }

    private static bool IsWsl()
    {
        try
        {
            return Directory.Exists(WslLibraryDirectory)
                && File.ReadAllText("/proc/version").Contains("microsoft", StringComparison.OrdinalIgnoreCase);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
