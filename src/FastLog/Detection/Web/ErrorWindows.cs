using FastLog.Aggregation.Tables;
using FastLog.Partials;

namespace FastLog.Detection.Web;

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
/// handed over as a (key, path id) pair. Parts go to a <see cref="KeyedParts{T}"/>, pairs to a
/// plain array: <see cref="Settle"/> joins the parts and sorts the pairs to count distinct paths
/// per key, whatever the split into parts, batches, chunks or workers.
/// </para>
/// <para>
/// Bounded like <see cref="KeyedParts{T}"/>: a full buffer is compacted; past the budget, later
/// parts and pairs are refused and the result says approximate, as a full table would.
/// </para>
/// </remarks>
internal sealed class ErrorWindows(int maxKeys)
{
    private readonly int _compactAt = (int)Math.Min(Array.MaxLength / 2, Math.Max(1024L, 2L * maxKeys));
    private readonly KeyedParts<Counts> _parts = new(maxKeys);
    private PathPair[] _paths = new PathPair[256];
    private int _pathCount;
    private bool _settled;
    // Set when a compaction left the budget's worth of distinct pairs: the buffer is then filled
    // once more and later pairs are refused without sorting it again.
    private bool _pathsFull;
    private long _pathsRefused;

    /// <summary>Errors (4xx/5xx), and the 401/403 and 404 responses among them, of a part or a window.</summary>
    internal readonly record struct Counts(long Errors, long AuthFailures, long NotFound) : IJoinable<Counts>
    {
        public static Counts Join(Counts a, Counts b) => new(a.Errors + b.Errors, a.AuthFailures + b.AuthFailures, a.NotFound + b.NotFound);
    }

    private readonly record struct PathPair(long Key, int Path) : IComparable<PathPair>
    {
        public int CompareTo(PathPair other) => Key != other.Key ? Key.CompareTo(other.Key) : Path.CompareTo(other.Path);
    }

    /// <summary>True when a part or pair was refused for lack of budget: counts may be low.</summary>
    public bool IsApproximate => _parts.IsApproximate || _pathsRefused > 0;

    /// <summary>Adds a part of window <paramref name="key"/>.</summary>
    public void AddPart(long key, Counts counts) => _parts.Add(key, counts);

    /// <summary>Adds a 404 of path <paramref name="pathId"/> in window <paramref name="key"/>.</summary>
    public void AddNotFound(long key, int pathId)
    {
        if (_settled) throw new InvalidOperationException("the error windows were already settled");
        if (_pathCount == _paths.Length && !MakePathRoom()) return;
        _paths[_pathCount++] = new PathPair(key, pathId);
    }

    private bool MakePathRoom()
    {
        if (!_pathsFull && _pathCount < _compactAt)
        {
            Array.Resize(ref _paths, (int)Math.Min(_compactAt, 2L * _paths.Length));
            return true;
        }
        if (!_pathsFull)
        {
            _pathCount = DistinctPairs(_paths, _pathCount);
            if (_pathCount < maxKeys) return true;
            _pathsFull = true;
            if (_pathCount < _paths.Length) return true;
        }
        _pathsRefused++;
        return false;
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
        _parts.Merge(other._parts, (long key, out long mapped) =>
        {
            var ip = ipMap[BucketKey.Subject(key)];
            mapped = ip < 0 ? 0 : BucketKey.Of(ip, BucketKey.Bucket(key));
            return ip >= 0;
        });
        // Invariant: other's pairs [0, i) are added (those of refused clients or paths dropped).
        for (var i = 0; i < other._pathCount; i++)
        {
            var (key, path) = other._paths[i];
            var ip = ipMap[BucketKey.Subject(key)];
            var mapped = mapPath(path);
            if (ip >= 0 && mapped >= 0) AddNotFound(BucketKey.Of(ip, BucketKey.Bucket(key)), mapped);
        }
        _pathsRefused += other._pathsRefused;
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
        _parts.Settle();
        var keys = _parts.Keys;
        var counts = _parts.Values;
        var candidates = new List<long>();
        for (var w = 0; w < keys.Length; w++)
            if (counts[w].NotFound >= minNotFound) candidates.Add(keys[w]);
        var kept = 0;
        // Invariant: pairs [0, kept) are those of [0, i) whose window is a candidate.
        for (var i = 0; i < _pathCount; i++)
            if (candidates.BinarySearch(_paths[i].Key) >= 0) _paths[kept++] = _paths[i];
        _pathCount = DistinctPairs(_paths, kept);
        var windows = new List<(long, Counts, long)>(keys.Length);
        var p = 0;
        // Invariant: windows [0, w) are listed; pairs [0, p) have keys below keys[w] (both are sorted).
        for (var w = 0; w < keys.Length; w++)
        {
            while (p < _pathCount && _paths[p].Key < keys[w]) p++;
            var start = p;
            while (p < _pathCount && _paths[p].Key == keys[w]) p++;
            windows.Add((keys[w], counts[w], p - start));
        }
        return windows;
    }

    /// <summary>
    /// Writes the windows (parts joined) and the distinct (window, 404 path) pairs, client ids as
    /// their positions (<paramref name="ipPositions"/>) and paths as bytes, all sorted; leaves this state as it is.
    /// </summary>
    public void WriteState(PartialWriter writer, int[] ipPositions, SymbolTable paths)
    {
        var (keys, counts) = _parts.Joined();
        var order = new int[keys.Length];
        for (var w = 0; w < keys.Length; w++)
        {
            _ = TryRemap(keys[w], ipPositions, out keys[w]);
            order[w] = w;
        }
        Array.Sort(keys, order);
        writer.WriteUInt((ulong)keys.Length);
        for (var i = 0; i < keys.Length; i++)
        {
            var c = counts[order[i]];
            writer.WriteInt(keys[i]);
            writer.WriteInt(c.Errors);
            writer.WriteInt(c.AuthFailures);
            writer.WriteInt(c.NotFound);
        }
        writer.WriteInt(_parts.Refused);

        // The 404 paths, by bytes (ids follow arrival order), then the pairs naming their positions.
        var pathPositions = new Dictionary<int, int>();
        for (var i = 0; i < _pathCount; i++) pathPositions.TryAdd(_paths[i].Path, 0);
        var pathIds = pathPositions.Keys.ToArray();
        Array.Sort(pathIds, (a, b) => paths.KeyOf(a).SequenceCompareTo(paths.KeyOf(b)));
        writer.WriteUInt((ulong)pathIds.Length);
        for (var p = 0; p < pathIds.Length; p++)
        {
            pathPositions[pathIds[p]] = p;
            writer.WriteBytes(paths.KeyOf(pathIds[p]));
        }
        var pairs = new PathPair[_pathCount];
        for (var i = 0; i < _pathCount; i++)
        {
            _ = TryRemap(_paths[i].Key, ipPositions, out var key);
            pairs[i] = new PathPair(key, pathPositions[_paths[i].Path]);
        }
        var distinct = DistinctPairs(pairs, pairs.Length);
        writer.WriteUInt((ulong)distinct);
        for (var i = 0; i < distinct; i++)
        {
            writer.WriteInt(pairs[i].Key);
            writer.WriteUInt((ulong)pairs[i].Path);
        }
        writer.WriteInt(_pathsRefused);
    }

    /// <summary>Reads what <see cref="WriteState"/> wrote, client positions mapped to ids through <paramref name="ipIds"/> (-1: dropped), paths added to <paramref name="paths"/>.</summary>
    public void ReadState(PartialReader reader, int[] ipIds, SymbolTable paths)
    {
        var n = reader.ReadCount(reader.Remaining);
        for (var i = 0; i < n; i++)
        {
            var key = reader.ReadInt();
            var counts = new Counts(reader.ReadInt(), reader.ReadInt(), reader.ReadInt());
            if (TryRemap(key, ipIds, out var mapped)) AddPart(mapped, counts);
        }
        _parts.AddRefused(reader.ReadInt());
        var pathIds = new int[reader.ReadCount(reader.Remaining)];
        for (var p = 0; p < pathIds.Length; p++) pathIds[p] = paths.GetOrAdd(reader.ReadBytes());
        var pairs = reader.ReadCount(reader.Remaining);
        for (var i = 0; i < pairs; i++)
        {
            var kept = TryRemap(reader.ReadInt(), ipIds, out var key);
            var path = pathIds[reader.ReadCount(pathIds.Length - 1)];
            if (kept && path >= 0) AddNotFound(key, path);
        }
        _pathsRefused += reader.ReadInt();
    }

    /// <summary>The key with its client replaced through <paramref name="map"/>; false when the map drops it (-1).</summary>
    private static bool TryRemap(long key, int[] map, out long mapped)
    {
        var subject = BucketKey.Subject(key);
        if ((uint)subject >= (uint)map.Length) throw new InvalidDataException("corrupt partial: an error window of a client the state does not hold");
        mapped = map[subject] < 0 ? 0 : BucketKey.Of(map[subject], BucketKey.Bucket(key));
        return map[subject] >= 0;
    }
}
