using System.Collections;
using System.Globalization;

namespace RsPipeline.GpuBench;

/// <summary>Item ids <c>item-0</c>, <c>item-1</c>, … made on demand, so a 10M catalogue holds no 10M strings.</summary>
internal sealed class LazyIds(int count) : IReadOnlyList<string>
{
    public string this[int index] => string.Create(CultureInfo.InvariantCulture, $"item-{index}");

    public int Count => count;

    public IEnumerator<string> GetEnumerator()
    {
        for (var i = 0; i < count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
