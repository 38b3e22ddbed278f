using FsCheck.Xunit;
using RsPipeline.Pipeline.Inference.SimdInt8;

namespace RsPipeline.Pipeline.Tests.Inference.SimdInt8;

/// <summary>A property that runs only where the CPU has the int8 path named by <c>path</c> (an <see cref="Int8Path"/>), skipped with the reason otherwise.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class Int8PathPropertyAttribute : PropertyAttribute
{
    public Int8PathPropertyAttribute(string path)
    {
        var parsed = Enum.Parse<Int8Path>(path);
        if (!Int8Paths.IsSupported(parsed))
        {
            Skip = $"this CPU lacks the instructions of the int8 path {path} (e.g. AvxVnni.IsSupported is false on AMD Zen 4, which has only AVX512-VNNI)";
        }
    }
}
