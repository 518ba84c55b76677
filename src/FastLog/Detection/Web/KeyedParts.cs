namespace FastLog.Detection.Web;

/// <summary>Maps a key of one worker's state into another's; false when the key must be dropped (a refused id).</summary>
internal delegate bool KeyMap(long key, out long mapped);

/// <summary>
/// Values per 64-bit key gathered as <em>parts</em> appended to plain arrays (sequential
/// writes), and joined by sorting once at the end, instead of a hash-table lookup per part: the
/// keys the web rules count (a client's error window, a client's user agent) are mostly small,
/// many and seen in one burst, and a table of hundreds of thousands of them misses the cache and
/// rehashes as it grows. Joins are order-independent, so a key split over any number of parts,
/// batches, chunks or workers settles to the same value.
/// </summary>
/// <remarks>
/// Bounded: when the buffer reaches twice the key budget it is compacted in place (sorted, equal
/// keys joined); a compaction that leaves fewer than the budget frees at least half of it, so
/// sorting costs O(log n) per part. Past the budget the buffer is filled once more and later parts
/// are refused (<see cref="IsApproximate"/>), as a full table would refuse keys.
/// </remarks>
internal sealed class KeyedParts<T>(int maxKeys) where T : struct, IJoinable<T>
{
    private readonly int _compactAt = (int)Math.Min(Array.MaxLength / 2, Math.Max(1024L, 2L * maxKeys));
    private long[] _keys = new long[1024];
    private T[] _values = new T[1024];
    private int _count;
    private bool _full;
    private bool _settled;

    /// <summary>Parts refused for lack of budget.</summary>
    public long Refused { get; private set; }

    /// <summary>True when a part was refused: values may be low.</summary>
    public bool IsApproximate => Refused > 0;

    /// <summary>Appends a part of <paramref name="key"/>.</summary>
    public void Add(long key, T value)
    {
        if (_settled) throw new InvalidOperationException("the parts were already settled");
        if (_count == _keys.Length && !MakeRoom()) return;
        _keys[_count] = key;
        _values[_count++] = value;
    }

    private bool MakeRoom()
    {
        if (!_full && _count < _compactAt)
        {
            var length = (int)Math.Min(_compactAt, 2L * _keys.Length);
            Array.Resize(ref _keys, length);
            Array.Resize(ref _values, length);
            return true;
        }
        if (!_full)
        {
            _count = Join(_keys, _values, _count);
            if (_count < maxKeys) return true;
            _full = true;
            if (_count < _keys.Length) return true;
        }
        Refused++;
        return false;
    }

    /// <summary>Sorts the first <paramref name="count"/> parts by key and joins equal keys; returns the number of keys.</summary>
    private static int Join(long[] keys, T[] values, int count)
    {
        if (count < RadixMinCount) Array.Sort(keys, values, 0, count);
        else RadixSort(keys, values, count);
        var joined = 0;
        // Invariant: parts [0, i) are joined into [0, joined); keys[0, joined) are distinct and ascending.
        for (var i = 0; i < count; i++)
        {
            if (joined > 0 && keys[joined - 1] == keys[i]) values[joined - 1] = T.Join(values[joined - 1], values[i]);
            else
            {
                keys[joined] = keys[i];
                values[joined++] = values[i];
            }
        }
        return joined;
    }

    // Below this many parts a comparison sort is as quick and needs no second buffer.
    private const int RadixMinCount = 1 << 12;

    /// <summary>
    /// Sorts the first <paramref name="count"/> parts by key (signed order) with a least-significant
    /// digit radix sort, 8 bits a pass, skipping the passes whose digit all keys share (keys pack a
    /// small id and a bucket number, so most high bytes are): a few linear passes instead of an
    /// introsort's n log n compares and 32-byte swaps, which took ~27 ms for the error windows of
    /// a 1 GB log in the sequential end of a run.
    /// </summary>
    private static void RadixSort(long[] keys, T[] values, int count)
    {
        var (sourceKeys, sourceValues) = (keys, values);
        var (targetKeys, targetValues) = (new long[count], new T[count]);
        Span<int> starts = stackalloc int[256];
        for (var shift = 0; shift < 64; shift += 8)
        {
            starts.Clear();
            // The sign bit flipped: signed keys then sort as unsigned digits.
            for (var i = 0; i < count; i++) starts[(int)((((ulong)sourceKeys[i] ^ SignBit) >> shift) & 0xFF)]++;
            if (starts.IndexOfAnyExcept(0) is var only && starts[only] == count) continue; // one digit: the pass would not move anything
            var sum = 0;
            for (var d = 0; d < 256; d++) (starts[d], sum) = (sum, sum + starts[d]);
            // Invariant: parts [0, i) are placed, stably, after the parts of smaller digits.
            for (var i = 0; i < count; i++)
            {
                var at = starts[(int)((((ulong)sourceKeys[i] ^ SignBit) >> shift) & 0xFF)]++;
                targetKeys[at] = sourceKeys[i];
                targetValues[at] = sourceValues[i];
            }
            (sourceKeys, targetKeys) = (targetKeys, sourceKeys);
            (sourceValues, targetValues) = (targetValues, sourceValues);
        }
        if (sourceKeys != keys)
        {
            sourceKeys.AsSpan(0, count).CopyTo(keys);
            sourceValues.AsSpan(0, count).CopyTo(values);
        }
    }

    private const ulong SignBit = 1UL << 63;

    /// <summary>Appends <paramref name="other"/>'s parts, keys mapped through <paramref name="mapKey"/>.</summary>
    public void Merge(KeyedParts<T> other, KeyMap mapKey)
    {
        // Invariant: other's parts [0, i) are appended (those whose key does not map dropped).
        for (var i = 0; i < other._count; i++)
            if (mapKey(other._keys[i], out var key)) Add(key, other._values[i]);
        Refused += other.Refused;
    }

    /// <summary>Every key with its joined value, in key order, leaving the parts as they are (a saved state of a live run).</summary>
    public (long[] Keys, T[] Values) Joined()
    {
        var keys = _keys.AsSpan(0, _count).ToArray();
        var values = _values.AsSpan(0, _count).ToArray();
        var n = _settled ? _count : Join(keys, values, _count);
        return (keys[..n], values[..n]);
    }

    /// <summary>Counts <paramref name="parts"/> refused elsewhere (a saved state's).</summary>
    public void AddRefused(long parts) => Refused += parts;

    /// <summary>
    /// Joins every part: afterwards <see cref="Keys"/> and <see cref="Values"/> hold one entry per
    /// key, in key order. Final: adding or merging afterwards throws.
    /// </summary>
    public void Settle()
    {
        if (_settled) return;
        _settled = true;
        _count = Join(_keys, _values, _count);
    }

    /// <summary>The distinct keys, ascending, once settled.</summary>
    public ReadOnlySpan<long> Keys => _settled ? _keys.AsSpan(0, _count) : throw new InvalidOperationException("settle first");

    /// <summary>The joined value of each of <see cref="Keys"/>, once settled.</summary>
    public ReadOnlySpan<T> Values => _settled ? _values.AsSpan(0, _count) : throw new InvalidOperationException("settle first");
}
