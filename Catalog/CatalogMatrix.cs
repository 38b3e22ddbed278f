namespace RsPipeline.Catalog;

/// <summary>
/// Where a catalogue's matrix is allocated: on the pinned-object heap, which the collector never
/// compacts. The matrix is hundreds of megabytes that live for a whole catalogue version; on the
/// large-object heap, the compacting collection that gives a replaced catalogue's memory back after
/// a reload would copy the serving one, pausing requests for the time of the copy.
/// </summary>
public static class CatalogMatrix
{
    /// <summary>An uninitialised matrix of <paramref name="length"/> floats (the caller fills every one).</summary>
    public static float[] Allocate(int length) => GC.AllocateUninitializedArray<float>(length, pinned: true);

    /// <summary>A copy of <paramref name="values"/> allocated as <see cref="Allocate"/> does.</summary>
    public static float[] CopyOf(ReadOnlySpan<float> values)
    {
        var copy = Allocate(values.Length);
        values.CopyTo(copy);
        return copy;
    }
}
