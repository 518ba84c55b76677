using System.Numerics;
using System.Runtime.CompilerServices;

namespace FastLog.Generation.Sampling;

/// <summary>
/// xoshiro256++ 1.0 (Blackman and Vigna, <c>xoshiro256plusplus.c</c>): the generator behind every
/// random choice of <c>fastlog generate</c>. Small, fast (a few adds, shifts and rotates) and fixed:
/// the same seed gives the same sequence on every .NET version, unlike <see cref="System.Random"/>.
/// A mutable struct: hot loops keep it in a local and pass it by <c>ref</c>.
/// </summary>
public struct Xoshiro256PlusPlus
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>Seeds the four state words from SplitMix64(<paramref name="seed"/>), as the reference recommends.</summary>
    public Xoshiro256PlusPlus(ulong seed)
    {
        var mixer = new SplitMix64(seed);
        _s0 = mixer.Next();
        _s1 = mixer.Next();
        _s2 = mixer.Next();
        _s3 = mixer.Next();
    }

    /// <summary>Starts from an explicit state (reference test vectors); not all zero.</summary>
    internal Xoshiro256PlusPlus(ulong s0, ulong s1, ulong s2, ulong s3)
    {
        (_s0, _s1, _s2, _s3) = (s0, s1, s2, s3);
    }

    /// <summary>The next 64 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        var result = BitOperations.RotateLeft(_s0 + _s3, 23) + _s0;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>
    /// A value in <c>[0, n)</c> from the high 32 bits (Lemire's multiply-shift, without the
    /// rejection step: a bias below n / 2^32, irrelevant for synthetic data and deterministic).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint NextBelow(uint n) => (uint)(((NextUInt64() >> 32) * n) >> 32);

    /// <summary>A value in <c>[min, max]</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int NextInclusive(int min, int max) => min + (int)NextBelow((uint)(max - min + 1));

    /// <summary>A double in <c>[0, 1)</c> with 53 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>True with probability <paramref name="per65536"/> / 65536.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Chance(uint per65536) => (uint)(NextUInt64() >> 48) < per65536;
}
