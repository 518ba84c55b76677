using System.Runtime.InteropServices;
using System.Text;
using BenchmarkDotNet.Attributes;
using FastLog.Aggregation.Tables;
using FastLog.Benchmarks.Data;

namespace FastLog.Benchmarks.Aggregation;

/// <summary>
/// <see cref="SymbolTable.Add(ReadOnlySpan{byte}, long)"/> over a realistic stream of 2^20 keys,
/// against the <c>Dictionary&lt;byte[], long&gt;</c> a careful C# programmer would write (span
/// lookups through an alternate comparer, the same seeded XxHash3, no allocation per hit).
/// </summary>
/// <remarks>
/// <para>Key streams, drawn with the generator's distributions (<see cref="GeneratedLog"/>):</para>
/// <list type="bullet">
/// <item><c>Ip</c>: client addresses, Zipf s = 1.05, q = 4 over a pool of 57,671 (0.055 per key),
/// about 6 % IPv6; 7–38 bytes, so they fit the table's 16-byte inline keys except the IPv6 ones.
/// Tens of thousands of distinct keys: the table outgrows L2, the case the prefetching in
/// AccessAggregator exists for (not used here: this is the plain <c>Add</c>).</item>
/// <item><c>Path</c>: request targets, Zipf s = 0.95 over 20,000; longer than 16 bytes, compared in the arena.</item>
/// <item><c>Ua</c>: user agents, Zipf s = 0.8 over a few dozen long strings; consecutive repeats
/// hit the table's last-key check.</item>
/// </list>
/// <para>
/// Each operation starts from an empty table, as a worker does, so growth and inserts are in the
/// figure (the allocation column is that fixed amount, not a per-key cost). ns/line here means
/// nanoseconds per key.
/// </para>
/// </remarks>
[MemoryDiagnoser]
public class SymbolTableBench
{
    private const int KeyCount = 1 << 20;

    /// <summary>Keys per operation (used by the ns/line column: ns per key).</summary>
    public static long LinesPerOperation => KeyCount;

    /// <summary>Which field's values are the keys.</summary>
    public enum KeyKind
    {
        /// <summary>Client addresses.</summary>
        Ip,
        /// <summary>Request targets.</summary>
        Path,
        /// <summary>User agents.</summary>
        Ua,
    }

    /// <summary>The key stream.</summary>
    [Params(KeyKind.Ip, KeyKind.Path, KeyKind.Ua)]
    public KeyKind Keys { get; set; }

    private byte[] _keys = [];
    private int[] _offsets = [];

    /// <summary>Draws the key stream (fixed seed).</summary>
    [GlobalSetup]
    public void Setup()
    {
        var pool = Keys switch
        {
            KeyKind.Ip => GeneratedLog.ClientPool(KeyCount, seed: 7),
            KeyKind.Path => GeneratedLog.PathPool(seed: 7),
            _ => GeneratedLog.UserAgentPool(),
        };
        var ranks = Keys switch
        {
            KeyKind.Ip => new ZipfSampler(pool.Length, 1.05, 4.0),
            KeyKind.Path => new ZipfSampler(pool.Length, 0.95),
            _ => new ZipfSampler(pool.Length, 0.8),
        };
        var encoded = pool.Select(Encoding.ASCII.GetBytes).ToArray();
        var rng = new SplitMix64(11);
        var keys = new List<byte>(KeyCount * 16);
        _offsets = new int[KeyCount + 1];
        for (var i = 0; i < KeyCount; i++)
        {
            keys.AddRange(encoded[ranks.Next(ref rng)]);
            _offsets[i + 1] = keys.Count;
        }
        _keys = [.. keys];
        if (SymbolTable() != Dictionary())
            throw new InvalidOperationException("the table and the dictionary disagree on the distinct count");
    }

    /// <summary>The baseline: a dictionary keyed by byte arrays, looked up by span.</summary>
    [Benchmark(Baseline = true)]
    public int Dictionary()
    {
        var counts = new Dictionary<byte[], long>(ByteKeyComparer.Instance);
        var lookup = counts.GetAlternateLookup<ReadOnlySpan<byte>>();
        var keys = _keys;
        var offsets = _offsets;
        for (var i = 0; i < KeyCount; i++)
            CollectionsMarshal.GetValueRefOrAddDefault(lookup, keys.AsSpan(offsets[i], offsets[i + 1] - offsets[i]), out _)++;
        return counts.Count;
    }

    /// <summary>FastLog's open-addressing table.</summary>
    [Benchmark]
    public int SymbolTable()
    {
        var table = new SymbolTable(TableBudget.Default);
        var keys = _keys;
        var offsets = _offsets;
        for (var i = 0; i < KeyCount; i++)
            table.Add(keys.AsSpan(offsets[i], offsets[i + 1] - offsets[i]));
        return table.Count;
    }

    /// <summary>Byte-array keys compared by content, with span lookups; the same hash as the table.</summary>
    private sealed class ByteKeyComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
    {
        public static readonly ByteKeyComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] key) => (int)KeyHasher.Hash(key);

        public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

        public int GetHashCode(ReadOnlySpan<byte> alternate) => (int)KeyHasher.Hash(alternate);

        public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();
    }
}
