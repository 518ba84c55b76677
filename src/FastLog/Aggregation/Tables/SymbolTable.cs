using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FastLog.Aggregation.Sketches;
using FastLog.Columns;
using FastLog.Partials;

namespace FastLog.Aggregation.Tables;

/// <summary>
/// Open-addressing table from byte keys to dense ids <c>0, 1, 2, …</c> in insertion order, with a
/// count per id. Power-of-two buckets, linear probing, load factor at most 1/2; keys live in one
/// arena. Not thread-safe: one per worker, merged at the end.
/// </summary>
public sealed class SymbolTable
{
    private readonly TableBudget _budget;
    // Each bucket packs the key hash's high 32 bits with id + 1 (0 = empty), so a probe rejects
    // other keys without touching their entries: one cache line per probe step, not four.
    private ulong[] _buckets;
    private Entry[] _entries;
    private byte[] _arena;
    private int _arenaUsed;
    private int _count;
    private int _lastId = -1;

    /// <summary>Keys up to this long are also kept in their entry (client addresses, methods, protocols).</summary>
    private const int InlineBytes = 16;

    // 32 bytes: a key of up to 16 bytes is compared inside its entry, without a second cache
    // miss in the arena (client addresses are the largest table that misses the cache).
    private struct Entry
    {
        public ulong Hash;
        public int Offset;
        public int Length;
        public InlineKey Inline;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly bool Matches(ReadOnlySpan<byte> key, byte[] arena)
            => Length == key.Length && (Length <= InlineBytes
                ? ((ReadOnlySpan<byte>)Inline)[..Length].SequenceEqual(key)
                : arena.AsSpan(Offset, Length).SequenceEqual(key));
    }

    [InlineArray(InlineBytes)]
    private struct InlineKey
    {
        private byte _first;
    }

    /// <summary>Records per id.</summary>
    public long[] Counts;

    /// <summary>Records whose key did not fit the budget.</summary>
    public long OtherCount;

    /// <summary>Records whose field was absent (null), counted by the caller.</summary>
    public long NullCount;

    /// <summary>True once a key was refused for lack of budget.</summary>
    public bool IsApproximate => OtherCount > 0;

    /// <summary>
    /// The distinct keys the budget refused (null until one is): with the stored keys, the
    /// table's distinct count stays an estimate within 2 % past the budget (<see cref="DistinctEstimate"/>).
    /// </summary>
    public HyperLogLog? Refused;

    /// <summary>
    /// Distinct keys seen: <see cref="Count"/> while no key was refused (nor counted elsewhere,
    /// in <paramref name="alsoSeen"/>); else the sketches united with the stored keys (at least
    /// <see cref="Count"/>). Runs once per report; rehashes the stored keys (tens of ms for millions).
    /// </summary>
    public long DistinctEstimate(HyperLogLog? alsoSeen = null)
    {
        if (Refused is null && alsoSeen is null) return _count;
        var all = new HyperLogLog();
        if (Refused is not null) all.Merge(Refused);
        if (alsoSeen is not null) all.Merge(alsoSeen);
        for (var id = 0; id < _count; id++) all.Add(HyperLogLog.Hash(KeyOf(id)));
        return Math.Max(_count, all.Estimate());
    }

    /// <summary>Notes a key the budget refused, for <see cref="DistinctEstimate"/>.</summary>
    public void AddRefused(ReadOnlySpan<byte> key) => (Refused ??= new HyperLogLog()).Add(HyperLogLog.Hash(key));

    /// <summary>Creates an empty table.</summary>
    public SymbolTable(TableBudget budget, int initialCapacity = 1024)
    {
        _budget = budget;
        var capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, initialCapacity));
        _buckets = new ulong[capacity * 2];
        _entries = new Entry[capacity];
        Counts = new long[capacity];
        _arena = new byte[Math.Max(1024, capacity * 16)];
    }

    /// <summary>
    /// An empty table with <paramref name="budget"/> and room for a quarter more keys and key
    /// bytes than <paramref name="like"/> holds: a table that will hold about as many does not
    /// rehash or copy its arena on the way.
    /// </summary>
    public static SymbolTable SizedLike(TableBudget budget, SymbolTable like)
    {
        var table = new SymbolTable(budget, like._count + like._count / 4);
        var arenaBytes = like._arenaUsed + (long)like._arenaUsed / 4;
        if (table._arena.Length < arenaBytes) table._arena = new byte[Math.Min(Array.MaxLength, arenaBytes)];
        return table;
    }

    /// <summary>Number of distinct keys.</summary>
    public int Count => _count;

    /// <summary>The larger of the shares of the budget's keys and key bytes held (see <see cref="IAggregator.BudgetShare"/>).</summary>
    public double BudgetShare => Math.Max((double)_count / _budget.MaxKeys, (double)_arenaUsed / _budget.MaxKeyBytes);

    /// <summary>Capacity of the per-id arrays (≥ <see cref="Count"/>); callers size parallel arrays to it.</summary>
    public int IdCapacity => _entries.Length;

    /// <summary>The key of <paramref name="id"/>.</summary>
    public ReadOnlySpan<byte> KeyOf(int id) => _arena.AsSpan(_entries[id].Offset, _entries[id].Length);

    /// <summary>The <see cref="Hash"/> of <paramref name="id"/>'s key, as stored: a merge looks keys up in another table without hashing them again.</summary>
    internal ulong HashOf(int id) => _entries[id].Hash;

    /// <summary>Adds <paramref name="weight"/> to the key's count; returns its id, or -1 when the budget refused a new key.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Add(ReadOnlySpan<byte> key, long weight = 1)
    {
        var id = GetOrAdd(key);
        if (id >= 0) Counts[id] += weight;
        else OtherCount += weight;
        return id;
    }

    /// <summary>The hash <see cref="GetOrAdd(ReadOnlySpan{byte}, ulong)"/> expects for <paramref name="key"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Hash(ReadOnlySpan<byte> key) => KeyHasher.Hash(key);

    /// <summary>Prefetches the first bucket of <paramref name="hash"/>: call it a few keys before looking the key up.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Prefetch(ulong hash)
        => Scanning.CachePrefetch.Line(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_buckets), (int)hash & (_buckets.Length - 1)));

    /// <summary>
    /// Prefetches the entry the first bucket of <paramref name="hash"/> points to. Call it after
    /// <see cref="Prefetch"/> had time to bring the bucket in: the entry is the second miss.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void PrefetchEntry(ulong hash)
    {
        var bucket = Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_buckets), (int)hash & (_buckets.Length - 1));
        if (bucket != 0) Scanning.CachePrefetch.Line(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_entries), (int)(uint)bucket - 1));
    }

    /// <summary>Adds 1 to the count of <paramref name="key"/>, whose <see cref="Hash"/> is <paramref name="hash"/>; returns its id or -1. (Not an overload of <see cref="Add"/>: a hash passed where a weight was meant would compile.)</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int AddHashed(ReadOnlySpan<byte> key, ulong hash)
    {
        var id = GetOrAdd(key, hash);
        if (id >= 0) Counts[id]++;
        else OtherCount++;
        return id;
    }

    /// <summary>
    /// For the <paramref name="i"/>-th of <paramref name="n"/> lookups done in order, whose
    /// hashes are <paramref name="hashes"/>: prefetches the bucket of lookup
    /// i + 2·<see cref="PrefetchDistance"/> and the entry of lookup i + <see cref="PrefetchDistance"/>,
    /// a two-stage pipeline (the entry's address is in the bucket), so that a table too large for
    /// the cache finds both in it by the time lookup i comes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void PrefetchAhead(ReadOnlySpan<ulong> hashes, int i, int n)
    {
        if (i + 2 * PrefetchDistance < n) Prefetch(hashes[i + 2 * PrefetchDistance]);
        if (i + PrefetchDistance < n) PrefetchEntry(hashes[i + PrefetchDistance]);
    }

    /// <summary>
    /// Records looked ahead when prefetching: enough to cover a cache miss (~100 ns) with the
    /// work of the records in between, few enough that the lines are still cached when used.
    /// </summary>
    public const int PrefetchDistance = 8;

    /// <summary>
    /// Counts the first <paramref name="n"/> values of a byte column, writing each record's id to
    /// <paramref name="ids"/> (-1 for a null field, counted in <see cref="NullCount"/>, or a key
    /// the budget refused). Tables too large for the cache miss on most lookups, so the hashes
    /// are computed first and each bucket, then each entry, is prefetched a few records ahead.
    /// </summary>
    public void AddColumn(ReadOnlySpan<ByteRange> column, ReadOnlySpan<byte> block, int n, Span<int> ids, Span<ulong> hashes)
    {
        for (var r = 0; r < n; r++)
        {
            var range = column[r];
            // A null field's hash 0 makes its prefetches touch bucket 0 only, which stays cached.
            hashes[r] = range.IsNull ? 0 : KeyHasher.Hash(range.Slice(block));
        }
        // Invariant: records [0, r) are counted; the bucket of record r + 2·PrefetchDistance and
        // the entry of record r + PrefetchDistance are being fetched (see PrefetchAhead).
        for (var r = 0; r < n; r++)
        {
            PrefetchAhead(hashes, r, n);
            var range = column[r];
            if (range.IsNull)
            {
                NullCount++;
                ids[r] = -1;
            }
            else
            {
                ids[r] = AddHashed(range.Slice(block), hashes[r]);
            }
        }
    }

    /// <summary>The id of <paramref name="key"/>, adding it with count 0 when new; -1 when the budget refuses it.</summary>
    public int GetOrAdd(ReadOnlySpan<byte> key)
    {
        // Logs repeat themselves (same method, protocol, agent on consecutive lines): comparing
        // with the last key found is cheaper than hashing.
        var last = _lastId;
        if (last >= 0)
        {
            if (_entries[last].Matches(key, _arena)) return last;
        }
        return GetOrAdd(key, KeyHasher.Hash(key));
    }

    /// <summary>The id of <paramref name="key"/> whose <see cref="Hash"/> is <paramref name="hash"/>, adding it when new; -1 when refused.</summary>
    public int GetOrAdd(ReadOnlySpan<byte> key, ulong hash)
    {
        var tag = hash & 0xFFFF_FFFF_0000_0000UL;
        var mask = _buckets.Length - 1;
        var slot = (int)hash & mask;
        ref var buckets = ref MemoryMarshal.GetArrayDataReference(_buckets);
        // Invariant: the table is at most half full, so the probe meets an empty bucket within
        // Count + 1 steps; the loop is bounded by the key count, whatever the keys.
        while (true)
        {
            var bucket = Unsafe.Add(ref buckets, slot);
            if (bucket == 0) break;
            if ((bucket & 0xFFFF_FFFF_0000_0000UL) == tag)
            {
                var id = (int)(uint)bucket - 1;
                if (_entries[id].Matches(key, _arena))
                {
                    _lastId = id;
                    return id;
                }
            }
            slot = (slot + 1) & mask;
        }
        return _lastId = Insert(key, hash, slot);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private int Insert(ReadOnlySpan<byte> key, ulong hash, int slot)
    {
        if (_count >= _budget.MaxKeys || _arenaUsed + (long)key.Length > _budget.MaxKeyBytes)
        {
            // Past the budget: a second hash per refused record, only in this degraded regime.
            AddRefused(key);
            return -1;
        }
        if (_arenaUsed + key.Length > _arena.Length)
            Array.Resize(ref _arena, (int)Math.Min(Array.MaxLength, Math.Max(_arena.Length * 2L, _arenaUsed + (long)key.Length)));
        var id = _count++;
        if (id == _entries.Length)
        {
            Array.Resize(ref _entries, _entries.Length * 2);
            Array.Resize(ref Counts, _entries.Length);
        }
        key.CopyTo(_arena.AsSpan(_arenaUsed));
        _entries[id] = new Entry { Hash = hash, Offset = _arenaUsed, Length = key.Length };
        if (key.Length <= InlineBytes) key.CopyTo(_entries[id].Inline);
        _arenaUsed += key.Length;
        if (_count * 2 > _buckets.Length) Rehash();
        else _buckets[slot] = Bucket(hash, id);
        return id;
    }

    private static ulong Bucket(ulong hash, int id) => (hash & 0xFFFF_FFFF_0000_0000UL) | (uint)(id + 1);

    private void Rehash()
    {
        _buckets = new ulong[_buckets.Length * 2];
        var mask = _buckets.Length - 1;
        for (var id = 0; id < _count; id++)
        {
            var hash = _entries[id].Hash;
            var slot = (int)hash & mask;
            while (_buckets[slot] != 0) slot = (slot + 1) & mask;
            _buckets[slot] = Bucket(hash, id);
        }
    }

    /// <summary>
    /// Writes keys and counts in bytewise key order (ids follow insertion order, which depends on
    /// thread scheduling), then the other, null and refused figures. Returns the ids in the order
    /// written, for callers that write per-id arrays alongside: the reader's ids are 0, 1, 2, … in that order.
    /// </summary>
    public int[] WriteState(PartialWriter writer)
    {
        var order = new int[_count];
        for (var id = 0; id < _count; id++) order[id] = id;
        Array.Sort(order, (a, b) => KeyOf(a).SequenceCompareTo(KeyOf(b)));
        writer.WriteUInt((ulong)_count);
        // Invariant: the keys of order[0, i) are written, each with its count.
        for (var i = 0; i < order.Length; i++)
        {
            writer.WriteBytes(KeyOf(order[i]));
            writer.WriteInt(Counts[order[i]]);
        }
        writer.WriteInt(OtherCount);
        writer.WriteInt(NullCount);
        HyperLogLog.WriteOptional(writer, Refused);
        return order;
    }

    /// <summary>Reads a state written by <see cref="WriteState"/> into this empty table: ids 0, 1, 2, … in the order written.</summary>
    public void ReadState(PartialReader reader)
    {
        var n = reader.ReadCount(reader.Remaining);
        // Invariant: i keys are read, and hold ids [0, i) unless the budget refused one (the partial
        // then came from a run with another budget, which merge refuses before reading any state).
        for (var i = 0; i < n; i++)
        {
            var key = reader.ReadBytes();
            if (Add(key, reader.ReadInt()) != i) throw new InvalidDataException("corrupt partial: a table holds a key twice or more keys than its budget");
        }
        OtherCount = reader.ReadInt();
        NullCount = reader.ReadInt();
        Refused = HyperLogLog.ReadOptional(reader);
    }
}
