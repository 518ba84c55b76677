using System.IO.Hashing;
using System.Numerics;
using System.Runtime.CompilerServices;
using FastLog.Partials;

namespace FastLog.Aggregation.Sketches;

/// <summary>
/// Mergeable distinct-count sketch (HyperLogLog, Flajolet et al. 2007) with Ertl's improved
/// estimator ("New cardinality estimation algorithms for HyperLogLog sketches", 2017, algorithm
/// 6), which needs no empirical bias table and is unbiased from 0 to far past 2^40.
/// </summary>
/// <remarks>
/// 2^15 one-byte registers (32 KiB): the relative standard error is 1.04 / √2^15 ≈ 0.57 %, so
/// an estimate is within 2 % of the true count with probability 99.95 % (3.5 σ). Merging takes
/// the register-wise maximum: it is commutative, associative and idempotent, so the estimate
/// does not depend on how the keys were split, on the merge order, or on a key being added on
/// several sides.
/// <para>The hash is XxHash3 with a fixed seed, not <see cref="Tables.KeyHasher"/>'s per-process
/// one: the estimate must be the same on every run and every shard. The sketch holds no keys, so
/// crafted keys cannot slow it down; at most they move an estimate the report already calls
/// approximate.</para>
/// </remarks>
public sealed class HyperLogLog
{
    /// <summary>Index bits: 2^15 registers.</summary>
    public const int PrecisionBits = 15;
    private const int RegisterCount = 1 << PrecisionBits;
    private const int MaxRank = 64 - PrecisionBits + 1; // q + 1 in Ertl's notation
    private const ulong FixedSeed = 0x4641_5354_4C4F_4731; // "FASTLOG1": any fixed value; see remarks
    private readonly byte[] _registers = new byte[RegisterCount];

    /// <summary>The sketch hash of a byte key.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Hash(ReadOnlySpan<byte> key) => XxHash3.HashToUInt64(key, (long)FixedSeed);

    /// <summary>The sketch hash of a 64-bit key (or of a combination of key hashes): SplitMix64's finaliser.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Hash(ulong key)
    {
        var x = key ^ FixedSeed;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }

    /// <summary>Adds the key whose <see cref="Hash(ReadOnlySpan{byte})"/> is <paramref name="hash"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(ulong hash)
    {
        var index = (int)(hash >> (64 - PrecisionBits));
        // Rank: 1 + leading zeros of the remaining 64 - p bits, at most MaxRank (all zero).
        var rest = hash << PrecisionBits;
        var rank = (byte)Math.Min(MaxRank, BitOperations.LeadingZeroCount(rest) + 1);
        if (rank > _registers[index]) _registers[index] = rank;
    }

    /// <summary>Adds every key <paramref name="other"/> holds.</summary>
    public void Merge(HyperLogLog other)
    {
        for (var i = 0; i < RegisterCount; i++)
            if (other._registers[i] > _registers[i]) _registers[i] = other._registers[i];
    }

    /// <summary>Writes <paramref name="sketch"/> or its absence (the registers raw: the payload's compression shrinks the zeros).</summary>
    public static void WriteOptional(PartialWriter writer, HyperLogLog? sketch)
    {
        writer.WriteBool(sketch is not null);
        if (sketch is not null) writer.WriteRaw(sketch._registers);
    }

    /// <summary>Reads what <see cref="WriteOptional"/> wrote.</summary>
    public static HyperLogLog? ReadOptional(PartialReader reader)
    {
        if (!reader.ReadBool()) return null;
        var sketch = new HyperLogLog();
        var registers = reader.Take(RegisterCount);
        foreach (var r in registers)
            if (r > MaxRank) throw new InvalidDataException("corrupt partial: a sketch register is out of range");
        registers.CopyTo(sketch._registers);
        return sketch;
    }

    /// <summary>A copy of this sketch.</summary>
    public HyperLogLog Clone()
    {
        var copy = new HyperLogLog();
        _registers.CopyTo(copy._registers, 0);
        return copy;
    }

    /// <summary>The estimated number of distinct keys added (0 for an empty sketch).</summary>
    public long Estimate()
    {
        Span<int> histogram = stackalloc int[MaxRank + 1];
        foreach (var r in _registers) histogram[r]++;
        const double m = RegisterCount;
        var z = m * Tau(1 - histogram[MaxRank] / m);
        for (var k = MaxRank - 1; k >= 1; k--) z = 0.5 * (z + histogram[k]);
        z += m * Sigma(histogram[0] / m);
        if (double.IsInfinity(z)) return 0;
        var alphaInfinity = 1 / (2 * Math.Log(2));
        return (long)Math.Round(alphaInfinity * m * m / z);
    }

    /// <summary>Ertl's σ(x) = x + Σ_{k≥1} x^(2^k)·2^(k-1); the series converges within 64 terms for x &lt; 1.</summary>
    private static double Sigma(double x)
    {
        if (x == 1) return double.PositiveInfinity;
        double y = 1, z = x;
        // Invariant: z is the partial sum; terms shrink doubly exponentially, so 64 steps bound it.
        for (var step = 0; step < 64; step++)
        {
            x *= x;
            var previous = z;
            z += x * y;
            y += y;
            if (z == previous) break;
        }
        return z;
    }

    /// <summary>Ertl's τ(x) = (1 - x - Σ_{k≥1} (1 - x^(2^-k))²·2^-k) / 3; converges within 64 terms.</summary>
    private static double Tau(double x)
    {
        if (x == 0 || x == 1) return 0;
        double y = 1, z = 1 - x;
        // Invariant: z is the partial sum; y halves each step, so 64 steps bound it.
        for (var step = 0; step < 64; step++)
        {
            x = Math.Sqrt(x);
            var previous = z;
            y *= 0.5;
            z -= Math.Pow(1 - x, 2) * y;
            if (z == previous) break;
        }
        return z / 3;
    }
}
