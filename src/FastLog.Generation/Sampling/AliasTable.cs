using System.Runtime.CompilerServices;

namespace FastLog.Generation.Sampling;

/// <summary>
/// Walker's alias method (Vose's construction): draws index <c>i</c> with probability
/// <c>weights[i] / sum(weights)</c> in O(1) — one 64-bit random value, one table entry. Built once
/// per run from fixed weights; sampling is what the per-line loop does several times a line.
/// </summary>
public sealed class AliasTable
{
    // Entry i keeps itself when the high 32 random bits are below _keep[i], else yields _alias[i].
    // Packed side by side so a draw touches one cache line.
    private readonly Entry[] _entries;

    private struct Entry
    {
        public ulong Keep;   // in [0, 2^32]: 2^32 means "always keep"
        public int Alias;
    }

    /// <summary>Number of outcomes.</summary>
    public int Count => _entries.Length;

    /// <summary>Builds the table; weights must be finite, non-negative, with a positive sum.</summary>
    public AliasTable(ReadOnlySpan<double> weights)
    {
        var n = weights.Length;
        if (n == 0) throw new ArgumentException("no outcomes", nameof(weights));
        double sum = 0;
        foreach (var w in weights)
        {
            if (!(w >= 0) || double.IsInfinity(w)) throw new ArgumentException("weights must be finite and non-negative", nameof(weights));
            sum += w;
        }
        if (!(sum > 0)) throw new ArgumentException("weights sum to zero", nameof(weights));

        _entries = new Entry[n];
        var scaled = new double[n];
        var small = new int[n];
        var large = new int[n];
        int smallCount = 0, largeCount = 0;
        for (var i = 0; i < n; i++)
        {
            scaled[i] = weights[i] * n / sum;
            if (scaled[i] < 1.0) small[smallCount++] = i;
            else large[largeCount++] = i;
        }
        // Invariant: every index is in exactly one of small/large/finished, and the scaled
        // weights of the unfinished ones sum to their count (up to rounding).
        while (smallCount > 0 && largeCount > 0)
        {
            var s = small[--smallCount];
            var l = large[largeCount - 1];
            _entries[s] = new Entry { Keep = ToKeep(scaled[s]), Alias = l };
            scaled[l] = scaled[l] + scaled[s] - 1.0;
            if (scaled[l] < 1.0)
            {
                largeCount--;
                small[smallCount++] = l;
            }
        }
        // What is left is 1.0 up to rounding: keep always.
        while (largeCount > 0)
        {
            var l = large[--largeCount];
            _entries[l] = new Entry { Keep = 1UL << 32, Alias = l };
        }
        while (smallCount > 0)
        {
            var s = small[--smallCount];
            _entries[s] = new Entry { Keep = 1UL << 32, Alias = s };
        }
    }

    private static ulong ToKeep(double p) => p <= 0 ? 0 : p >= 1 ? 1UL << 32 : (ulong)(p * 4294967296.0);

    /// <summary>One draw.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Sample(ref Xoshiro256PlusPlus rng)
    {
        var u = rng.NextUInt64();
        var i = (int)(((u & 0xFFFFFFFFUL) * (ulong)_entries.Length) >> 32);
        ref readonly var e = ref _entries[i];
        return (u >> 32) < e.Keep ? i : e.Alias;
    }

    /// <summary>Zipf–Mandelbrot weights <c>1 / (rank + q)^s</c> for ranks 1..<paramref name="n"/> (rank 1 first).</summary>
    public static double[] ZipfWeights(int n, double s, double q)
    {
        var w = new double[n];
        for (var r = 0; r < n; r++) w[r] = 1.0 / Math.Pow(r + 1 + q, s);
        return w;
    }
}
