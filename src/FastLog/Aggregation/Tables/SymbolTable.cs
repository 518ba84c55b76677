using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace FastLog.Aggregation.Tables;

/// <summary>
/// Open-addressing table from byte keys to dense ids <c>0, 1, 2, …</c> in insertion order, with a
/// count per id. Power-of-two buckets, linear probing, load factor at most 1/2; keys live in one
/// arena. Not thread-safe: one per worker, merged at the end.
/// </summary>
public sealed class SymbolTable
{
    private readonly TableBudget _budget;
    private int[] _buckets;          // id + 1; 0 = empty
    private ulong[] _hashes;
    private int[] _keyOffsets;
    private int[] _keyLengths;
    private byte[] _arena;
    private int _arenaUsed;
    private int _count;

    /// <summary>Records per id.</summary>
    public long[] Counts;

    /// <summary>Records whose key did not fit the budget.</summary>
    public long OtherCount;

    /// <summary>Records whose field was absent (null), counted by the caller.</summary>
    public long NullCount;

    /// <summary>True once a key was refused for lack of budget.</summary>
    public bool IsApproximate => OtherCount > 0;

    /// <summary>Creates an empty table.</summary>
    public SymbolTable(TableBudget budget, int initialCapacity = 1024)
    {
        _budget = budget;
        var capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, initialCapacity));
        _buckets = new int[capacity * 2];
        _hashes = new ulong[capacity];
        _keyOffsets = new int[capacity];
        _keyLengths = new int[capacity];
        Counts = new long[capacity];
        _arena = new byte[Math.Max(1024, capacity * 16)];
    }

    /// <summary>Number of distinct keys.</summary>
    public int Count => _count;

    /// <summary>Capacity of the per-id arrays (≥ <see cref="Count"/>); callers size parallel arrays to it.</summary>
    public int IdCapacity => _hashes.Length;

    /// <summary>The key of <paramref name="id"/>.</summary>
    public ReadOnlySpan<byte> KeyOf(int id) => _arena.AsSpan(_keyOffsets[id], _keyLengths[id]);

    /// <summary>Adds <paramref name="weight"/> to the key's count; returns its id, or -1 when the budget refused a new key.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Add(ReadOnlySpan<byte> key, long weight = 1)
    {
        var id = GetOrAdd(key);
        if (id >= 0) Counts[id] += weight;
        else OtherCount += weight;
        return id;
    }

    /// <summary>The id of <paramref name="key"/>, adding it with count 0 when new; -1 when the budget refuses it.</summary>
    public int GetOrAdd(ReadOnlySpan<byte> key)
    {
        var hash = KeyHasher.Hash(key);
        var mask = _buckets.Length - 1;
        var slot = (int)hash & mask;
        ref var buckets = ref MemoryMarshal.GetArrayDataReference(_buckets);
        // Invariant: the table is at most half full, so the probe meets an empty bucket within
        // Count + 1 steps; the loop is bounded by the key count, whatever the keys.
        while (true)
        {
            var entry = Unsafe.Add(ref buckets, slot);
            if (entry == 0) break;
            var id = entry - 1;
            if (_hashes[id] == hash && _arena.AsSpan(_keyOffsets[id], _keyLengths[id]).SequenceEqual(key))
                return id;
            slot = (slot + 1) & mask;
        }
        return Insert(key, hash, slot);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private int Insert(ReadOnlySpan<byte> key, ulong hash, int slot)
    {
        if (_count >= _budget.MaxKeys || _arenaUsed + (long)key.Length > _budget.MaxKeyBytes)
            return -1;
        if (_arenaUsed + key.Length > _arena.Length)
            Array.Resize(ref _arena, (int)Math.Min(Array.MaxLength, Math.Max(_arena.Length * 2L, _arenaUsed + (long)key.Length)));
        var id = _count++;
        if (id == _hashes.Length) GrowIds();
        key.CopyTo(_arena.AsSpan(_arenaUsed));
        _keyOffsets[id] = _arenaUsed;
        _keyLengths[id] = key.Length;
        _hashes[id] = hash;
        _arenaUsed += key.Length;
        if (_count * 2 > _buckets.Length) Rehash();
        else _buckets[slot] = id + 1;
        return id;
    }

    private void GrowIds()
    {
        var capacity = _hashes.Length * 2;
        Array.Resize(ref _hashes, capacity);
        Array.Resize(ref _keyOffsets, capacity);
        Array.Resize(ref _keyLengths, capacity);
        Array.Resize(ref Counts, capacity);
    }

    private void Rehash()
    {
        _buckets = new int[_buckets.Length * 2];
        var mask = _buckets.Length - 1;
        for (var id = 0; id < _count; id++)
        {
            var slot = (int)_hashes[id] & mask;
            while (_buckets[slot] != 0) slot = (slot + 1) & mask;
            _buckets[slot] = id + 1;
        }
    }
}
