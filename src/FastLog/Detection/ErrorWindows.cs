namespace FastLog.Detection;

/// <summary>
/// Exact error counts per (client, bucket) for W9, W10 and W10b without a hash-table insert per
/// window: most clients' errors are one or two in a bucket, and inserting hundreds of thousands of
/// such keys into a table that misses the cache (and rehashes as it grows) cost more than every
/// other web rule together.
/// </summary>
/// <remarks>
/// <para>
/// Callers gather a client's consecutive errors in one bucket themselves and hand them over as a
/// <em>part</em> (key, errors, 401/403s) when the client moves to another bucket; every 404 is
/// handed over as a (key, path id) pair. Parts and pairs are appended to plain arrays
/// (sequential writes). Totals are sums, so a window split over any number of parts, batches,
/// chunks or workers adds up to the same count: <see cref="Settle"/> sorts the parts by key and
/// adds up equal keys, and sorts the pairs to count distinct paths per key.
/// </para>
/// <para>
/// Bounded: when a buffer reaches twice the key budget it is compacted in place (sorted, equal
/// entries joined). If more than the budget's distinct keys remain, later parts are refused and
/// the result says approximate, as a full table would.
/// </para>
/// </remarks>
internal sealed class ErrorWindows(int maxKeys)
{
    private readonly int _compactAt = (int)Math.Min(Array.MaxLength / 2, Math.Max(1024L, 2L * maxKeys));
    private long[] _keys = new long[1024];
    private Counts[] _counts = new Counts[1024];
    private int _count;
    private PathPair[] _paths = new PathPair[256];
    private int _pathCount;
    private bool _settled;
    // Set when a compaction left the budget's worth of distinct entries: the buffer is then
    // filled once more and later entries are refused without sorting it again.
    private bool _partsFull;
    private bool _pathsFull;

    /// <summary>Errors (4xx/5xx), and the 401/403 and 404 responses among them, of a part or a window.</summary>
    internal readonly record struct Counts(long Errors, long AuthFailures, long NotFound)
    {
        public static Counts operator +(Counts a, Counts b) => new(a.Errors + b.Errors, a.AuthFailures + b.AuthFailures, a.NotFound + b.NotFound);
    }

    private readonly record struct PathPair(long Key, int Path) : IComparable<PathPair>
    {
        public int CompareTo(PathPair other) => Key != other.Key ? Key.CompareTo(other.Key) : Path.CompareTo(other.Path);
    }

    /// <summary>Parts or pairs refused for lack of budget.</summary>
    public long Refused { get; private set; }

    /// <summary>True when a part or pair was refused: counts may be low.</summary>
    public bool IsApproximate => Refused > 0;

    /// <summary>Adds a part of window <paramref name="key"/>.</summary>
    public void AddPart(long key, Counts counts)
    {
        if (_settled) throw new InvalidOperationException("the error windows were already settled");
        if (_count == _keys.Length && !MakeRoom()) return;
        _keys[_count] = key;
        _counts[_count++] = counts;
    }

    /// <summary>Adds a 404 of path <paramref name="pathId"/> in window <paramref name="key"/>.</summary>
    public void AddNotFound(long key, int pathId)
    {
        if (_settled) throw new InvalidOperationException("the error windows were already settled");
        if (_pathCount == _paths.Length && !MakePathRoom()) return;
        _paths[_pathCount++] = new PathPair(key, pathId);
    }

    private bool MakeRoom()
    {
        if (_partsFull)
        {
            Refused++;
            return false;
        }
        if (_count < _compactAt)
        {
            var length = (int)Math.Min(_compactAt, 2L * _keys.Length);
            Array.Resize(ref _keys, length);
            Array.Resize(ref _counts, length);
            return true;
        }
        // A compaction that leaves fewer than maxKeys (at most half the buffer) frees at least
        // half of it, so sorting costs O(log n) per part; past that the budget is spent.
        _count = JoinParts(_keys, _counts, _count);
        if (_count < maxKeys) return true;
        _partsFull = true;
        if (_count < _keys.Length) return true;
        Refused++;
        return false;
    }

    private bool MakePathRoom()
    {
        if (_pathsFull)
        {
            Refused++;
            return false;
        }
        if (_pathCount < _compactAt)
        {
            Array.Resize(ref _paths, (int)Math.Min(_compactAt, 2L * _paths.Length));
            return true;
        }
        _pathCount = DistinctPairs(_paths, _pathCount);
        if (_pathCount < maxKeys) return true;
        _pathsFull = true;
        if (_pathCount < _paths.Length) return true;
        Refused++;
        return false;
    }

    /// <summary>Sorts the first <paramref name="count"/> parts by key and joins equal keys; returns the number of keys.</summary>
    private static int JoinParts(long[] keys, Counts[] counts, int count)
    {
        Array.Sort(keys, counts, 0, count);
        var joined = 0;
        // Invariant: parts [0, i) are joined into [0, joined); keys[0, joined) are distinct and ascending.
        for (var i = 0; i < count; i++)
        {
            if (joined > 0 && keys[joined - 1] == keys[i])
            {
                counts[joined - 1] += counts[i];
            }
            else
            {
                keys[joined] = keys[i];
                counts[joined++] = counts[i];
            }
        }
        return joined;
    }

    /// <summary>Sorts the first <paramref name="count"/> pairs and drops repeats; returns the number left.</summary>
    private static int DistinctPairs(PathPair[] pairs, int count)
    {
        Array.Sort(pairs, 0, count);
        var distinct = 0;
        // Invariant: pairs[0, distinct) are distinct and ascending, and hold every pair of [0, i).
        for (var i = 0; i < count; i++)
            if (distinct == 0 || pairs[distinct - 1] != pairs[i]) pairs[distinct++] = pairs[i];
        return distinct;
    }

    /// <summary>
    /// Adds <paramref name="other"/>'s parts and pairs, client ids mapped through
    /// <paramref name="ipMap"/> and path ids through <paramref name="mapPath"/> (-1: refused, dropped).
    /// </summary>
    public void Merge(ErrorWindows other, int[] ipMap, Func<int, int> mapPath)
    {
        // Invariant: other's parts [0, i) are added (those of refused clients dropped).
        for (var i = 0; i < other._count; i++)
        {
            var ip = ipMap[BucketKey.Subject(other._keys[i])];
            if (ip >= 0) AddPart(BucketKey.Of(ip, BucketKey.Bucket(other._keys[i])), other._counts[i]);
        }
        for (var i = 0; i < other._pathCount; i++)
        {
            var (key, path) = other._paths[i];
            var ip = ipMap[BucketKey.Subject(key)];
            var mapped = mapPath(path);
            if (ip >= 0 && mapped >= 0) AddNotFound(BucketKey.Of(ip, BucketKey.Bucket(key)), mapped);
        }
        Refused += other.Refused;
    }

    /// <summary>
    /// Every window with its totals and, where it has at least <paramref name="minNotFound"/> 404s,
    /// its distinct 404 paths (elsewhere 0: fewer 404s than that cannot make that many distinct
    /// paths, so only those windows' pairs are sorted). In key order. Final: adding or merging
    /// afterwards throws.
    /// </summary>
    public List<(long Key, Counts Counts, long NotFoundPaths)> Settle(long minNotFound)
    {
        _settled = true;
        _count = JoinParts(_keys, _counts, _count);
        var candidates = new List<long>();
        for (var w = 0; w < _count; w++)
            if (_counts[w].NotFound >= minNotFound) candidates.Add(_keys[w]);
        var kept = 0;
        // Invariant: pairs [0, kept) are those of [0, i) whose window is a candidate.
        for (var i = 0; i < _pathCount; i++)
            if (candidates.BinarySearch(_paths[i].Key) >= 0) _paths[kept++] = _paths[i];
        _pathCount = DistinctPairs(_paths, kept);
        var windows = new List<(long, Counts, long)>(_count);
        var p = 0;
        // Invariant: windows [0, w) are listed; pairs [0, p) have keys below keys[w] (both are sorted).
        for (var w = 0; w < _count; w++)
        {
            while (p < _pathCount && _paths[p].Key < _keys[w]) p++;
            var start = p;
            while (p < _pathCount && _paths[p].Key == _keys[w]) p++;
            windows.Add((_keys[w], _counts[w], p - start));
        }
        return windows;
    }
}
