namespace RsPipeline.Catalog.Synthetic;

/// <summary>
/// Steele, Lea and Flood's SplitMix64 generator: integer arithmetic only, so its sequence is
/// the same on every runtime and machine (unlike <see cref="Random"/>, whose algorithm may change).
/// </summary>
internal struct SplitMix64
{
    private ulong _state;

    public SplitMix64(ulong seed)
    {
        _state = seed;
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        var z = _state += 0x9E37_79B9_7F4A_7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A uniform double in [0, 1) on the grid of multiples of 2⁻⁵³.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));
}
