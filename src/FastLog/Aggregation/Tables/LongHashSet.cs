using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace FastLog.Aggregation.Tables;

/// <summary>
/// A set of non-negative 64-bit keys stored inline in the buckets (<c>key + 1</c>; 0 = empty):
/// one memory access per probe step, which matters for sets of millions of keys (visitors)
/// where every lookup is a cache miss. Linear probing, load factor at most 1/2.
/// </summary>
public sealed class LongHashSet
{
    private readonly int _maxKeys;
    private long[] _slots;
    private int _count;

    /// <summary>Keys refused because the set reached its budget.</summary>
    public long OtherCount;

    /// <summary>Creates an empty set holding at most <paramref name="maxKeys"/> keys.</summary>
    public LongHashSet(int maxKeys, int initialCapacity = 1024)
    {
        _maxKeys = maxKeys;
        _slots = new long[(int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, initialCapacity * 2))];
    }

    /// <summary>Number of keys.</summary>
    public int Count => _count;

    /// <summary>True once a key was refused for lack of budget.</summary>
    public bool IsApproximate => OtherCount > 0;

    /// <summary>Prefetches the first slot of <paramref name="key"/>: call it a few keys before adding the key.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Prefetch(long key)
        => Scanning.CachePrefetch.Line(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_slots), (int)KeyHasher.Hash(key) & (_slots.Length - 1)));

    /// <summary>Adds <paramref name="key"/> (≥ 0); false when it was present or refused.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Add(long key)
    {
        FastLog.Diagnostics.FastLogAssert.True(key >= 0);
        var stored = key + 1;
        var mask = _slots.Length - 1;
        var slot = (int)KeyHasher.Hash(key) & mask;
        ref var slots = ref MemoryMarshal.GetArrayDataReference(_slots);
        // Invariant: at most half full, so an empty slot ends the probe within Count + 1 steps.
        while (true)
        {
            var s = Unsafe.Add(ref slots, slot);
            if (s == stored) return false;
            if (s == 0) break;
            slot = (slot + 1) & mask;
        }
        if (_count >= _maxKeys)
        {
            OtherCount++;
            return false;
        }
        Unsafe.Add(ref slots, slot) = stored;
        if (++_count * 2 > _slots.Length) Rehash();
        return true;
    }

    /// <summary>Every key, in no particular order.</summary>
    public IEnumerable<long> Keys
    {
        get
        {
            foreach (var s in _slots)
                if (s != 0) yield return s - 1;
        }
    }

    private void Rehash()
    {
        var old = _slots;
        _slots = new long[old.Length * 2];
        var mask = _slots.Length - 1;
        foreach (var s in old)
        {
            if (s == 0) continue;
            var slot = (int)KeyHasher.Hash(s - 1) & mask;
            while (_slots[slot] != 0) slot = (slot + 1) & mask;
            _slots[slot] = s;
        }
    }
}
