using System.Runtime.CompilerServices;
using FastLog.Aggregation.Tables;

namespace FastLog.Detection.Web;

/// <summary>
/// Exact request counts per (client, minute) for W11 without a hash-table insert per
/// (client, minute): most of those keys are small and seen once, and inserting millions of them
/// into a table that misses the cache was the largest cost of <c>detect</c>.
/// </summary>
/// <remarks>
/// <para>
/// A client's consecutive requests in one minute form a run. Records arrive in segments (a
/// segment is what one worker reads of one chunk, in order); a run is closed when its client
/// moves to another minute or the segment ends, and is then appended to a plain array (8 bytes,
/// sequential) instead of the table. Each segment remembers the minutes it holds (a few spans
/// of minutes covering every run's minute, see <see cref="AddToSpans"/>) and the clients
/// whose minute went backwards in it ("unordered" clients).
/// </para>
/// <para>
/// At <see cref="Resolve"/>, once every segment of the run is known, a buffered run of client c
/// in minute m of segment S with no more requests than the threshold (300 by default) is dropped when m lies in no other
/// segment's spans and c is not unordered in S. Then it holds every request of (c, m): any
/// record of (c, m) lies in a segment whose spans hold m, so in S; and in S the client's minutes
/// never decrease, so its requests in minute m are consecutive, one run. Its total is then at
/// most the threshold and cannot be a finding. Every other run is added to <see cref="Exact"/>; a key there
/// thus has all its runs (a dropped run was its key's only one), so its count is exact. This
/// holds for any split into segments, any thread count and input order; overlapping inputs
/// (several servers' logs) only make more runs go to the table.
/// </para>
/// <para>
/// The open run of each client lives in a per-client entry of type <typeparamref name="TClient"/>
/// (<see cref="Clients"/>), which the caller widens with its own per-client state: the web rules
/// then touch one cache line per record for W9–W11b instead of one per rule.
/// </para>
/// <para>
/// Bounded: past <c>2 × maxKeys</c> buffered runs, runs go straight to the table, whose budget
/// marks the result approximate as before.
/// </para>
/// <para>
/// "Minute" is W11's bucket, 1 minute by default and any length of at least 1 s with
/// <c>W11.window</c>; the reasoning above holds for any bucket length and any threshold.
/// </para>
/// </remarks>
internal sealed partial class ClientMinuteRuns<TClient> where TClient : struct, IClientRun<TClient>
{
    private const long MinMinute = -ClientMinuteRuns.MaxMinute - 1;
    private const long MaxMinute = ClientMinuteRuns.MaxMinute;
    private const long NoRun = long.MinValue; // never a clamped minute
    private const int CountBits = 10; // a buffered run: minute offset (32) | client id (22) | count (10)
    private const long MaxBufferedCount = (1 << CountBits) - 1;

    private readonly int _maxBuffered;
    // The W11 bucket ("minute") and threshold (WebRuleOptions.RateWindowSeconds, RateRequests).
    private readonly long _bucketSeconds;
    private readonly int _threshold;
    private long[] _runs = new long[4096];
    private int _runCount;
    private int[] _unordered = new int[64];
    private int _unorderedCount;
    private readonly List<Segment> _segments = [];
    private TClient[] _clients = [];
    // Per client: the serial of the segment in which it went back in time (apart from the
    // entries: only read when a client's minute decreases).
    private int[] _unorderedIn = [];
    private int[] _open = new int[256];
    private int _openCount;
    // The current segment: where its runs and unordered clients start, and its base minute.
    private int _segmentRunStart;
    private int _segmentUnorderedStart;
    private long _segmentBase;
    // The minutes of the current segment's runs as at most MaxSpans sorted, disjoint, non-adjacent
    // spans [lo, hi]: a segment's minutes are mostly one span, and a stray timestamp (a far
    // year, a line logged late) makes a small span of its own instead of widening the range to
    // cover every other segment.
    private const int MaxSpans = 8;
    private readonly long[] _spanLo = new long[MaxSpans + 1];
    private readonly long[] _spanHi = new long[MaxSpans + 1];
    private int _spanCount;
    private int _lastSpan;
    private int _serial = 1;
    private bool _resolved;

    /// <summary>The (client, minute) counts that can matter, complete after <see cref="Resolve"/>.</summary>
    public LongKeyTable Exact { get; }

    /// <summary>
    /// Creates empty counts in buckets of <paramref name="bucketSeconds"/> (the "minutes"), of
    /// which only those over <paramref name="threshold"/> requests matter; the table holds at
    /// most <paramref name="maxKeys"/> keys.
    /// </summary>
    public ClientMinuteRuns(int maxKeys, long bucketSeconds = WebRules.RateWindowSeconds, int threshold = WebRules.RateThreshold)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bucketSeconds, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(threshold);
        _bucketSeconds = bucketSeconds;
        _threshold = threshold;
        Exact = new LongKeyTable(maxKeys);
        _maxBuffered = (int)Math.Min(Array.MaxLength, 2L * maxKeys);
    }

    /// <summary>A closed segment: its runs, unordered clients, base minute and minute spans (lo, hi pairs).</summary>
    private readonly record struct Segment(int RunStart, int RunEnd, int UnorderedStart, int UnorderedEnd, long Base, long[] Spans);

    /// <summary>The per-client entries, indexed by client id (their other fields belong to the caller).</summary>
    public TClient[] Clients => _clients;

    /// <summary>Makes room for client ids below <paramref name="capacity"/>; call once per batch.</summary>
    public void EnsureClients(int capacity)
    {
        if (_clients.Length >= capacity) return;
        var old = _clients.Length;
        Array.Resize(ref _clients, Math.Max(capacity, 1024));
        Array.Resize(ref _unorderedIn, _clients.Length);
        for (var i = old; i < _clients.Length; i++) TClient.Run(ref _clients[i]).Minute = NoRun;
    }

    /// <summary>Starts fetching the entry of <paramref name="ipId"/> (a few records before <see cref="Add(ref TClient, int, long)"/> needs it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Prefetch(int ipId)
    {
        // An entry may straddle two cache lines: ask for both.
        ref var client = ref _clients[ipId];
        Scanning.CachePrefetch.Line(ref client);
        Scanning.CachePrefetch.Line(ref Unsafe.AddByteOffset(ref Unsafe.As<TClient, byte>(ref client), Unsafe.SizeOf<TClient>() - 1));
    }

    /// <summary>Counts one request of <paramref name="ipId"/> at <paramref name="seconds"/>.</summary>
    public void Add(int ipId, long seconds) => Add(ref _clients[ipId], ipId, seconds);

    /// <summary>Counts one request of <paramref name="ipId"/>, whose entry is <paramref name="client"/>, at <paramref name="seconds"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(ref TClient client, int ipId, long seconds)
    {
        // The default bucket divides by a constant (a multiply), other lengths by the field; the branch is always predicted.
        var bucket = _bucketSeconds == WebRules.RateWindowSeconds
            ? Aggregation.AccessAggregator.FloorDiv(seconds, WebRules.RateWindowSeconds)
            : Aggregation.AccessAggregator.FloorDiv(seconds, _bucketSeconds);
        var minute = Math.Clamp(bucket, MinMinute, MaxMinute);
        ref var run = ref TClient.Run(ref client);
        if (run.Minute != minute) StartRun(ref run, ipId, minute);
        run.Count++;
    }

    private void StartRun(ref ClientRun client, int ipId, long minute)
    {
        if (_resolved) throw new InvalidOperationException("W11 counts were already resolved");
        if (client.Minute == NoRun)
        {
            if (_openCount == _open.Length) Array.Resize(ref _open, _open.Length * 2);
            _open[_openCount++] = ipId;
        }
        else
        {
            Close(ipId, client.Minute, client.Count);
            if (minute < client.Minute && _unorderedIn[ipId] != _serial)
            {
                _unorderedIn[ipId] = _serial;
                if (_unorderedCount == _unordered.Length) Array.Resize(ref _unordered, _unordered.Length * 2);
                _unordered[_unorderedCount++] = ipId;
            }
        }
        client.Minute = minute;
        client.Count = 0;
        if (_spanCount == 0) _segmentBase = minute; // the segment's first run
        AddToSpans(minute);
    }

    /// <summary>Makes the current segment's spans cover <paramref name="minute"/>.</summary>
    private void AddToSpans(long minute)
    {
        var i = _lastSpan;
        if (i < _spanCount && _spanLo[i] - 1 <= minute && minute <= _spanHi[i] + 1)
        {
            Extend(i, minute);
            return;
        }
        // Invariant: spans [0, i) end before minute - 1.
        for (i = 0; i < _spanCount && _spanHi[i] + 1 < minute; i++) { }
        if (i < _spanCount && _spanLo[i] - 1 <= minute)
        {
            Extend(i, minute);
            return;
        }
        Array.Copy(_spanLo, i, _spanLo, i + 1, _spanCount - i);
        Array.Copy(_spanHi, i, _spanHi, i + 1, _spanCount - i);
        _spanLo[i] = _spanHi[i] = minute;
        _spanCount++;
        _lastSpan = i;
        if (_spanCount <= MaxSpans) return;
        // Too many: join the two neighbours with the smallest gap (the spans only grow, so they still cover every run).
        var join = 0;
        for (var k = 1; k + 1 < _spanCount; k++)
            if (_spanLo[k + 1] - _spanHi[k] < _spanLo[join + 1] - _spanHi[join]) join = k;
        _spanHi[join] = _spanHi[join + 1];
        RemoveSpan(join + 1);
        _lastSpan = join;
    }

    /// <summary>Widens span <paramref name="i"/> to <paramref name="minute"/> (at most one beyond its ends) and joins it with a neighbour it now touches.</summary>
    private void Extend(int i, long minute)
    {
        if (minute < _spanLo[i])
        {
            _spanLo[i] = minute;
            if (i > 0 && _spanHi[i - 1] + 1 >= minute)
            {
                _spanHi[i - 1] = _spanHi[i];
                RemoveSpan(i);
                i--;
            }
        }
        else if (minute > _spanHi[i])
        {
            _spanHi[i] = minute;
            if (i + 1 < _spanCount && _spanLo[i + 1] - 1 <= minute)
            {
                _spanHi[i] = _spanHi[i + 1];
                RemoveSpan(i + 1);
            }
        }
        _lastSpan = i;
    }

    private void RemoveSpan(int i)
    {
        Array.Copy(_spanLo, i + 1, _spanLo, i, _spanCount - i - 1);
        Array.Copy(_spanHi, i + 1, _spanHi, i, _spanCount - i - 1);
        _spanCount--;
    }

    /// <summary>Buffers a closed run, or adds it to the table when it does not pack or the buffer is full.</summary>
    private void Close(int ipId, long minute, long count)
    {
        var offset = minute - _segmentBase;
        if (count <= MaxBufferedCount && offset == (int)offset && _runCount < _maxBuffered)
        {
            if (_runCount == _runs.Length) Array.Resize(ref _runs, (int)Math.Min(_maxBuffered, 2L * _runs.Length));
            _runs[_runCount++] = (offset << 32) | ((long)ipId << CountBits) | count;
        }
        else
        {
            Exact.Add(ClientMinuteRuns.Key(ipId, minute), count);
        }
    }

    /// <summary>Closes the open runs: the records that follow belong to another segment.</summary>
    public void EndSegment()
    {
        // Invariant: _open[0, i) are closed and marked as having no run in the next segment.
        for (var i = 0; i < _openCount; i++)
        {
            ref var client = ref TClient.Run(ref _clients[_open[i]]);
            Close(_open[i], client.Minute, client.Count);
            client.Minute = NoRun;
            client.Count = 0;
        }
        _openCount = 0;
        if (_spanCount > 0)
        {
            var spans = new long[2 * _spanCount];
            for (var i = 0; i < _spanCount; i++) (spans[2 * i], spans[2 * i + 1]) = (_spanLo[i], _spanHi[i]);
            _segments.Add(new Segment(_segmentRunStart, _runCount, _segmentUnorderedStart, _unorderedCount, _segmentBase, spans));
        }
        _segmentRunStart = _runCount;
        _segmentUnorderedStart = _unorderedCount;
        _spanCount = 0;
        _lastSpan = 0;
        _serial++;
    }

    /// <summary>
    /// Moves every run that can matter into <see cref="Exact"/> and drops the rest (see the
    /// remarks). Final: call once every record and worker state is in; later records or merges
    /// would invalidate the drops, so they throw.
    /// </summary>
    public void Resolve()
    {
        if (_resolved) return;
        EndSegment();
        _resolved = true;
        var (starts, ends) = SharedMinutes();
        var unordered = new HashSet<int>();
        foreach (var s in _segments)
        {
            // Whether any shared interval meets the segment's spans (mostly not: then no run's minute is shared).
            var meetsShared = false;
            for (var k = 0; k < s.Spans.Length && !meetsShared; k += 2)
            {
                var i = LowerBound(ends, s.Spans[k]);
                meetsShared = i < ends.Length && starts[i] <= s.Spans[k + 1];
            }
            unordered.Clear();
            for (var u = s.UnorderedStart; u < s.UnorderedEnd; u++) unordered.Add(_unordered[u]);
            // Invariant: runs [s.RunStart, r) are kept or dropped.
            for (var r = s.RunStart; r < s.RunEnd; r++)
            {
                var run = _runs[r];
                var count = run & MaxBufferedCount;
                var ip = (int)((run >> CountBits) & ((1 << WebDetectionAggregator.IdBits) - 1));
                var minute = s.Base + (run >> 32);
                var keep = count > _threshold || (unordered.Count > 0 && unordered.Contains(ip));
                if (!keep && meetsShared)
                {
                    var i = LowerBound(ends, minute);
                    keep = i < ends.Length && starts[i] <= minute;
                }
                if (keep) Exact.Add(ClientMinuteRuns.Key(ip, minute), count);
            }
        }
        _runs = [];
        _unordered = [];
        _segments.Clear();
    }

    /// <summary>
    /// The minutes covered by the spans of two or more segments, as sorted disjoint inclusive
    /// intervals [starts[i], ends[i]].
    /// </summary>
    private (long[] Starts, long[] Ends) SharedMinutes()
    {
        // A segment's spans are disjoint, so a minute held by two spans is held by two segments.
        var events = new List<(long At, int Delta)>();
        foreach (var segment in _segments)
        {
            for (var k = 0; k < segment.Spans.Length; k += 2)
            {
                events.Add((segment.Spans[k], 1));
                events.Add((segment.Spans[k + 1] + 1, -1)); // minutes are clamped, so + 1 does not overflow
            }
        }
        events.Sort();
        var starts = new List<long>();
        var ends = new List<long>();
        var depth = 0;
        // Invariant: events [0, e) are applied; depth is the number of spans holding minute events[e - 1].At.
        for (var e = 0; e < events.Count;)
        {
            var at = events[e].At;
            while (e < events.Count && events[e].At == at) depth += events[e++].Delta;
            if (depth < 2 || e == events.Count) continue;
            var end = events[e].At - 1;
            if (ends.Count > 0 && ends[^1] == at - 1) ends[^1] = end;
            else
            {
                starts.Add(at);
                ends.Add(end);
            }
        }
        return (starts.ToArray(), ends.ToArray());
    }

    /// <summary>The first index whose value is at least <paramref name="value"/> in the sorted <paramref name="values"/>.</summary>
    private static int LowerBound(long[] values, long value)
    {
        int lo = 0, hi = values.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (values[mid] < value) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /// <summary>True when the table refused a key.</summary>
    public bool IsApproximate => Exact.IsApproximate;
}

/// <summary>The keys of W11's (client, minute) table.</summary>
internal static class ClientMinuteRuns
{
    /// <summary>Bits of a minute in a table key (the client id takes the other <see cref="WebDetectionAggregator.IdBits"/>).</summary>
    internal const int MinuteBits = 64 - WebDetectionAggregator.IdBits;
    /// <summary>
    /// Minutes (buckets of any length ≥ 1 s) are clamped to ±2^41 so that no two share a key:
    /// ± 4 million years of 1-minute buckets, ± 69,000 years of 1-second ones.
    /// </summary>
    internal const long MaxMinute = (1L << (MinuteBits - 1)) - 1;

    /// <summary>The table key of (client id, minute).</summary>
    public static long Key(int ipId, long minute) => ((long)ipId << MinuteBits) | (minute & ((1L << MinuteBits) - 1));

    /// <summary>The client id of a table key.</summary>
    public static int ClientOf(long key) => (int)((ulong)key >> MinuteBits);

    /// <summary>The minute of a table key.</summary>
    public static long MinuteOf(long key) => (key << WebDetectionAggregator.IdBits) >> WebDetectionAggregator.IdBits;
}

/// <summary>A client's open W11 run in the current segment: its minute (none: <see cref="long.MinValue"/>) and requests so far.</summary>
internal struct ClientRun : IClientRun<ClientRun>
{
    // Written only by ClientMinuteRuns, through the ref its client entry hands out.
    internal long Minute;
    internal long Count;

    /// <inheritdoc/>
    public static ref ClientRun Run(ref ClientRun client) => ref client;
}
