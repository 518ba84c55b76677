using System.Numerics;
using System.Runtime.CompilerServices;
using FastLog.Partials;

namespace FastLog.Aggregation.Tables;

/// <summary>
/// Open-addressing table from 64-bit keys (hour buckets, packed visitor keys) to dense ids with a
/// count per id. Same shape and budget rules as <see cref="SymbolTable"/>.
/// </summary>
public sealed class LongKeyTable
{
    private readonly int _maxKeys;
    private int[] _buckets;
    private long[] _keys;
    private int _count;
    private long _lastKey;
    private int _lastId = -1;

    /// <summary>Records per id.</summary>
    public long[] Counts;

    /// <summary>Records whose key did not fit the budget.</summary>
    public long OtherCount;

    /// <summary>Creates an empty table holding at most <paramref name="maxKeys"/> keys.</summary>
    public LongKeyTable(int maxKeys, int initialCapacity = 256)
    {
        _maxKeys = maxKeys;
        var capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, initialCapacity));
        _buckets = new int[capacity * 2];
        _keys = new long[capacity];
        Counts = new long[capacity];
    }

    /// <summary>Number of distinct keys.</summary>
    public int Count => _count;

    /// <summary>Capacity of the per-id arrays.</summary>
    public int IdCapacity => _keys.Length;

    /// <summary>True once a key was refused for lack of budget.</summary>
    public bool IsApproximate => OtherCount > 0;

    /// <summary>The key of <paramref name="id"/>.</summary>
    public long KeyOf(int id) => _keys[id];

    /// <summary>Adds <paramref name="weight"/> to the key's count; returns its id or -1 when refused.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Add(long key, long weight = 1)
    {
        var id = GetOrAdd(key);
        if (id >= 0) Counts[id] += weight;
        else OtherCount += weight;
        return id;
    }

    /// <summary>The id of <paramref name="key"/>, added with count 0 when new; -1 when the budget refuses it.</summary>
    public int GetOrAdd(long key)
    {
        // Hour buckets arrive in runs (logs are in time order): the last key answers most lookups.
        if (key == _lastKey && _lastId >= 0) return _lastId;
        var id = Find(key);
        if (id >= 0)
        {
            _lastKey = key;
            _lastId = id;
        }
        return id;
    }

    private int Find(long key)
    {
        var mask = _buckets.Length - 1;
        var slot = (int)KeyHasher.Hash(key) & mask;
        // Invariant: at most half full, so an empty bucket ends the probe within Count + 1 steps.
        while (true)
        {
            var entry = _buckets[slot];
            if (entry == 0) break;
            if (_keys[entry - 1] == key) return entry - 1;
            slot = (slot + 1) & mask;
        }
        if (_count >= _maxKeys) return -1;
        var id = _count++;
        if (id == _keys.Length)
        {
            Array.Resize(ref _keys, _keys.Length * 2);
            Array.Resize(ref Counts, Counts.Length * 2);
        }
        _keys[id] = key;
        if (_count * 2 > _buckets.Length) Rehash();
        else _buckets[slot] = id + 1;
        return id;
    }

    private void Rehash()
    {
        _buckets = new int[_buckets.Length * 2];
        var mask = _buckets.Length - 1;
        for (var id = 0; id < _count; id++)
        {
            var slot = (int)KeyHasher.Hash(_keys[id]) & mask;
            while (_buckets[slot] != 0) slot = (slot + 1) & mask;
            _buckets[slot] = id + 1;
        }
    }

    /// <summary>Writes keys (ascending: ids follow arrival order) with counts, then the other count; returns the ids in the order written.</summary>
    public int[] WriteState(PartialWriter writer)
    {
        var order = new int[_count];
        for (var id = 0; id < _count; id++) order[id] = id;
        Array.Sort(order, (a, b) => _keys[a].CompareTo(_keys[b]));
        writer.WriteUInt((ulong)_count);
        foreach (var id in order)
        {
            writer.WriteInt(_keys[id]);
            writer.WriteInt(Counts[id]);
        }
        writer.WriteInt(OtherCount);
        return order;
    }

    /// <summary>Reads what <see cref="WriteState"/> wrote into this empty table: ids 0, 1, 2, … in the order written.</summary>
    public void ReadState(PartialReader reader)
    {
        var n = reader.ReadCount(reader.Remaining);
        // Invariant: i keys are read and hold ids [0, i).
        for (var i = 0; i < n; i++)
        {
            var key = reader.ReadInt();
            if (Add(key, reader.ReadInt()) != i) throw new InvalidDataException("corrupt partial: a table holds a key twice or more keys than its budget");
        }
        OtherCount = reader.ReadInt();
    }
}
