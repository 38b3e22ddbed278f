using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using TorchSharp;

namespace RsPipeline.Torch.Native;

/// <summary>
/// Loads LibTorchSharp before TorchSharp's static constructor runs, working around the
/// GLIBCXX_3.4.32 requirement of libLibTorchSharp.so 0.107 on systems with an older libstdc++
/// (Debian 12 has GLIBCXX_3.4.30). GCC 13's &lt;iostream&gt; only references
/// std::ios_base_library_init as a version marker and never calls it, so marking that one
/// requirement weak is safe; nothing else is changed. Where the shipped library loads as it is,
/// nothing is patched.
/// </summary>
public static class TorchNativeLoader
{
    /// <summary>The only symbol version that is marked weak, and why: see the class remarks.</summary>
    internal const string MarkerOnlyVersion = "GLIBCXX_3.4.32";
    internal const string LibraryName = "LibTorchSharp";
    internal const string LibraryFileName = "libLibTorchSharp.so";
    private const string PatchedFolderPrefix = "rspipeline-native-";

    // Loaded in this order by full path so the patched copy, wherever it lives, finds them by soname.
    private static readonly string[] DependencyFileNames = ["libc10.so", "libtorch_cpu.so", "libtorch.so"];
    private static readonly Lock Gate = new();
    private static TorchNativeLoad? _loaded;
    private static TorchNativeLoadException? _failed;

    /// <summary>
    /// Makes LibTorchSharp loadable and initialises TorchSharp's CPU backend. Idempotent and thread-safe;
    /// must run before any other use of <c>torch</c> (its static constructor's failure is permanent).
    /// </summary>
    /// <exception cref="TorchNativeLoadException">No route worked; the message lists each attempt and its error.</exception>
    public static TorchNativeLoad EnsureLoaded()
    {
        lock (Gate)
        {
            // A failure is final for the process (TorchSharp's static state and the import resolver
            // cannot be set twice), so a later call reports the first failure, not a confusing second one.
            if (_failed is not null)
            {
                throw _failed;
            }

            if (_loaded is null)
            {
                try
                {
                    var loaded = Load();
                    InitializeBackend(loaded);
                    _loaded = loaded;
                }
                catch (TorchNativeLoadException ex)
                {
                    _failed = ex;
                    throw;
                }
            }

            return _loaded;
        }
    }

    private static TorchNativeLoad Load()
    {
        var trace = new StringBuilder();
        if (!OperatingSystem.IsLinux())
        {
            trace.AppendLine("not Linux: TorchSharp's own loader is used");
            return new TorchNativeLoad(TorchNativeLoadMethod.TorchSharpDefault, null, trace.ToString());
        }

        var torchAssembly = typeof(torch).Assembly;
        var shippedError = TryLoadShipped(torchAssembly, trace);
        if (shippedError is null)
        {
            return new TorchNativeLoad(TorchNativeLoadMethod.AsShipped, null, trace.ToString());
        }

        if (!shippedError.Contains(MarkerOnlyVersion, StringComparison.Ordinal))
        {
            throw Failure(trace, $"the shipped {LibraryFileName} failed for a reason other than {MarkerOnlyVersion}; no workaround applies");
        }

        var original = FindShippedLibrary(trace)
            ?? throw Failure(trace, $"{LibraryFileName} was not found in any native search directory");
        var patched = WritePatchedCopy(original, trace);
        PreloadDependencies(Path.GetDirectoryName(original)!, trace);
        var handle = LoadFile(patched, trace);
        RemovePatchedCopy(patched, trace);
        if (handle is null)
        {
            throw Failure(trace, $"the patched copy {patched} did not load either");
        }

        var loadedHandle = handle.Value;
        NativeLibrary.SetDllImportResolver(torchAssembly, (name, _, _) => name == LibraryName ? loadedHandle : IntPtr.Zero);
        trace.AppendLine($"TorchSharp's imports of {LibraryName} now resolve to {patched}");
        return new TorchNativeLoad(TorchNativeLoadMethod.PatchedCopy, patched, trace.ToString());
    }

    private static void InitializeBackend(TorchNativeLoad loaded)
    {
        try
        {
            // Explicit initialisation: torch.jit.load as a first use would bypass TorchSharp's loader.
            torch.InitializeDeviceType(DeviceType.CPU);
        }
        catch (Exception ex) when (ex is TypeInitializationException or NotSupportedException or DllNotFoundException)
        {
            var root = ex.InnerException ?? ex;
            throw new TorchNativeLoadException(
                $"LibTorchSharp was loaded ({loaded.Method}) but TorchSharp's CPU backend failed to initialise: {root.Message}\nSteps taken:\n{loaded.Trace}",
                ex);
        }
    }

    private static string? TryLoadShipped(Assembly torchAssembly, StringBuilder trace)
    {
        trace.AppendLine($"loading {LibraryName} the normal way (deps.json and application directories)");
        try
        {
            NativeLibrary.Load(LibraryName, torchAssembly, null);
            trace.AppendLine("  loaded as shipped; nothing patched");
            return null;
        }
        catch (DllNotFoundException ex)
        {
            trace.AppendLine($"  failed: {ex.Message}");
            return ex.Message;
        }
    }

    private static string? FindShippedLibrary(StringBuilder trace)
    {
        foreach (var directory in NativeSearchDirectories())
        {
            var candidate = Path.Combine(directory, LibraryFileName);
            trace.AppendLine($"looking for {candidate}");
            if (File.Exists(candidate) && DependencyFileNames.All(d => File.Exists(Path.Combine(directory, d))))
            {
                trace.AppendLine("  found, with libtorch beside it");
                return candidate;
            }
        }

        return null;
    }

    private static IEnumerable<string> NativeSearchDirectories()
    {
        var fromHost = (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") as string ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var baseDirectory = AppContext.BaseDirectory;
        var torchDirectory = Path.GetDirectoryName(typeof(torch).Assembly.Location) ?? baseDirectory;
        string[] local =
        [
            baseDirectory,
            Path.Combine(baseDirectory, "runtimes", RuntimeInformation.RuntimeIdentifier, "native"),
            Path.Combine(baseDirectory, "runtimes", "linux-x64", "native"),
            torchDirectory,
        ];
        return fromHost.Concat(local).Select(Path.GetFullPath).Distinct(StringComparer.Ordinal);
    }

    private static string WritePatchedCopy(string original, StringBuilder trace)
    {
        var bytes = File.ReadAllBytes(original);
        var outcome = ElfVersionPatcher.MarkVersionWeak(bytes, MarkerOnlyVersion);
        trace.AppendLine($"marking {MarkerOnlyVersion} weak in a copy of {original}: {outcome}");
        if (outcome == ElfVersionPatcher.Outcome.NotRequired)
        {
            throw Failure(trace, $"{original} does not require {MarkerOnlyVersion}, so the patch cannot help");
        }

        // A fresh directory private to this process's user (mkdtemp, mode 0700): nothing another user
        // could have planted in a shared temp folder is ever loaded, and processes never share a copy.
        try
        {
            var directory = Directory.CreateTempSubdirectory(PatchedFolderPrefix).FullName;
            var target = Path.Combine(directory, LibraryFileName);
            File.WriteAllBytes(target, bytes);
            trace.AppendLine($"  wrote {target}");
            return target;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Failure(trace, $"the patched copy could not be written to the temporary folder: {ex.Message}");
        }
    }

    // Once loaded, the mapping outlives the file: remove it so no copy is left behind.
    private static void RemovePatchedCopy(string patched, StringBuilder trace)
    {
        try
        {
            File.Delete(patched);
            Directory.Delete(Path.GetDirectoryName(patched)!);
            trace.AppendLine($"removed {patched} (the loaded mapping stays)");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            trace.AppendLine($"could not remove {patched}: {ex.Message}");
        }
    }

    private static void PreloadDependencies(string directory, StringBuilder trace)
    {
        foreach (var name in DependencyFileNames)
        {
            var path = Path.Combine(directory, name);
            if (LoadFile(path, trace) is null)
            {
                throw Failure(trace, $"dependency {path} did not load");
            }
        }
    }

    private static IntPtr? LoadFile(string path, StringBuilder trace)
    {
        trace.AppendLine($"loading {path}");
        try
        {
            return NativeLibrary.Load(path);
        }
        catch (DllNotFoundException ex)
        {
            trace.AppendLine($"  failed: {ex.Message}");
            return null;
        }
    }

    private static TorchNativeLoadException Failure(StringBuilder trace, string reason) =>
        new($"LibTorch could not be loaded: {reason}.\nSteps taken:\n{trace}");
}
