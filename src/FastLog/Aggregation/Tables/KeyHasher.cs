using System.IO.Hashing;
using System.Runtime.CompilerServices;

namespace FastLog.Aggregation.Tables;

/// <summary>
/// Hashes attacker-controlled keys with a per-process random seed (docs/reliability.md R4), so
/// nobody can precompute keys that collide in our tables. Output never depends on hash values:
/// every report is sorted by count and key bytes.
/// </summary>
public static class KeyHasher
{
    // From Guid.NewGuid, which on Linux reads the kernel's secure random source through
    // System.Native; RandomNumberGenerator would go through OpenSSL, which native AOT loads at run
    // time, so every aggregating command would abort on an image without libssl.
    private static readonly long s_seed = BitConverter.ToInt64(Guid.NewGuid().ToByteArray(), 0);
    private static readonly ulong s_mix = (ulong)s_seed | 1;

    /// <summary>Seeded XxHash3 of a byte key.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Hash(ReadOnlySpan<byte> key) => XxHash3.HashToUInt64(key, s_seed);

    /// <summary>Seeded hash of a 64-bit key (a multiply-xorshift finaliser, as in SplitMix64).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Hash(long key)
    {
        var x = (ulong)key ^ s_mix;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
