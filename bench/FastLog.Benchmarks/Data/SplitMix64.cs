namespace FastLog.Benchmarks.Data;

/// <summary>SplitMix64 (Steele, Lea, Flood 2014): tiny, fast, and identical on every runtime.</summary>
internal struct SplitMix64(ulong state)
{
    private ulong _state = state;

    /// <summary>The next 64 random bits.</summary>
    public ulong Next()
    {
        _state += 0x9E3779B97F4A7C15UL;
        var z = _state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in <c>[0, bound)</c>.</summary>
    public int Below(uint bound) => (int)((Next() >> 32) * bound >> 32);

    /// <summary>Uniform in <c>[0, 1)</c>.</summary>
    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));
}
