using FastLog.Aggregation;
using FastLog.Columns;
using FastLog.Detection.Auth;
using FastLog.Detection.CloudTrail;
using FastLog.Detection.Custom;
using FastLog.Detection.Web;
using FastLog.Partials;

namespace FastLog.Detection;

/// <summary>
/// Detection state that stays bounded on a log followed for months (<c>detect --follow</c>):
/// records go to <em>generations</em>, each a <see cref="DetectionAggregator"/> for one span of
/// event time; when time moves into a new span, the generation two spans back is retired, so
/// the state holds at most two spans of the log whatever its length.
/// </summary>
/// <remarks>
/// <para>
/// Every windowed rule counts in fixed buckets aligned on the Unix epoch. The span is a multiple
/// of every bucket width (their least common multiple, rounded up to an hour at least), so each
/// bucket lies wholly in one generation and a window's count is never split: a generation's
/// findings are exactly the batch run's for the buckets it holds. When the widths have no common
/// multiple of at most a week (odd custom windows), generations overlap instead: each covers
/// two spans and a record goes to both generations that cover its time, so any window up to a
/// span long lies wholly in one of them, at twice the counting cost.
/// </para>
/// <para>
/// Time is the records' own: a record without a timestamp, or more than a day ahead of the
/// clock (a bad clock would otherwise retire the live state), goes to the current generation
/// without moving time; a record older than the previous generation goes to the previous one
/// (its own buckets stay apart there). Rules that are not windowed count per generation: a
/// per-event rule may report a subject again once per span, and W11b (requests of a client over
/// its whole span) judges each span alone.
/// </para>
/// <para>
/// Retired generations are not dropped at once: <see cref="TakeRetired"/> hands them to the
/// caller, which reads their findings first (a pass of the follower may move time across several
/// spans).
/// </para>
/// <para>
/// The whole state (generation number, the retired generations not yet taken, the previous and
/// the current one) is written and read as an <see cref="IPartialState"/>, for <c>--state</c>.
/// </para>
/// </remarks>
public sealed class DetectionGenerations : IAggregator, IPartialState
{
    /// <summary>One hour: the shortest span, so spans are few even with short windows.</summary>
    public const long MinSpanSeconds = 3600;

    /// <summary>A record more than this far ahead of the clock does not move time.</summary>
    public const long ClockSlackSeconds = 86400;

    private const long MaxAlignedSpanSeconds = 7 * 86400;
    private const long NoGeneration = long.MinValue;

    private readonly Func<DetectionAggregator> _create;
    private readonly Func<long> _nowUnixSeconds;
    private readonly List<DetectionAggregator> _retired = [];
    // Generations that took records since a reader last asked (TakeTouched); by reference.
    private readonly HashSet<DetectionAggregator> _touched = new(ReferenceEqualityComparer.Instance);
    // The bytes each generation was last written as, while it took no record since: a checkpoint
    // every --interval re-serialises only the generations that changed (the current one, on a live log).
    private Dictionary<DetectionAggregator, byte[]> _saved = new(ReferenceEqualityComparer.Instance);
    private DetectionAggregator _current;
    private DetectionAggregator? _previous;
    private long _currentNumber = NoGeneration;
    private int[] _selection = [];
    private LogBatch? _part;

    /// <summary>Generations of <paramref name="spanSeconds"/> (overlapping: each covers two spans) made by <paramref name="create"/>.</summary>
    public DetectionGenerations(Func<DetectionAggregator> create, long spanSeconds, bool overlap, Func<long> nowUnixSeconds)
    {
        if (spanSeconds < 1) throw new ArgumentOutOfRangeException(nameof(spanSeconds));
        _create = create;
        _nowUnixSeconds = nowUnixSeconds;
        SpanSeconds = spanSeconds;
        Overlap = overlap;
        _current = create();
    }

    /// <summary>Event time each generation starts after the previous one.</summary>
    public long SpanSeconds { get; }

    /// <summary>True when each generation covers two spans (bucket widths without a common multiple of at most a week).</summary>
    public bool Overlap { get; }

    /// <summary>Generations retired so far.</summary>
    public long RetiredCount { get; private set; }

    /// <summary>The live generations, oldest first.</summary>
    public IEnumerable<DetectionAggregator> Live
    {
        get
        {
            if (_previous is not null) yield return _previous;
            yield return _current;
        }
    }

    /// <summary>The generations retired since the last call, oldest first; the caller reads their findings and lets them go.</summary>
    public List<DetectionAggregator> TakeRetired()
    {
        var retired = new List<DetectionAggregator>(_retired);
        _retired.Clear();
        return retired;
    }

    /// <summary>
    /// The span for the windows of these options: the least common multiple of every bucket
    /// width, rounded up to at least <see cref="MinSpanSeconds"/> and the longest window; or, when
    /// that multiple exceeds a week, the longest window (at least an hour) with overlapping generations.
    /// </summary>
    public static (long SpanSeconds, bool Overlap) SpanFor(AuthRuleOptions auth, WebRuleOptions web, CloudTrailRuleOptions cloudTrail, CustomRuleSet? rules)
    {
        List<long> widths =
        [
            auth.BruteForceWindowSeconds, auth.LegacyBruteForceWindowSeconds, auth.SuccessfulBruteForceWindowSeconds,
            auth.SuccessAfterFailuresWindowSeconds, auth.SprayWindowSeconds,
            web.ErrorWindowSeconds, web.RateWindowSeconds, 60, // W9–W11 count per (client, minute) too
            cloudTrail.FailedLoginWindowSeconds,
        ];
        if (rules is not null)
            foreach (var rule in rules.Rules)
                if (rule.WindowSeconds > 0) widths.Add(rule.WindowSeconds);
        long multiple = 1, longest = 1;
        foreach (var width in widths)
        {
            if (width < 1) continue;
            longest = Math.Max(longest, width);
            // Invariant: multiple <= MaxAlignedSpanSeconds here, so multiple / gcd * width cannot overflow (widths are at most 366 days).
            if (multiple <= MaxAlignedSpanSeconds) multiple = multiple / Gcd(multiple, width) * width;
        }
        if (multiple > MaxAlignedSpanSeconds) return (Math.Max(MinSpanSeconds, longest), true);
        var least = Math.Max(MinSpanSeconds, longest);
        return ((least + multiple - 1) / multiple * multiple, false);
    }

    private static long Gcd(long a, long b)
    {
        // Invariant: gcd(a, b) is unchanged by each step; b strictly decreases.
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }

    /// <inheritdoc/>
    public void Consume(LogBatch batch, ReadOnlySpan<byte> block)
    {
        var count = batch.Count;
        if (count == 0) return;
        var times = batch.UnixSeconds;
        var ceiling = _nowUnixSeconds() + ClockSlackSeconds;
        // Compared with bounds, not divided: one division only for a record that moves time.
        var next = _currentNumber == NoGeneration ? long.MinValue : (_currentNumber + 1) * SpanSeconds;
        var latest = _currentNumber;
        // Invariant: latest is the highest generation of the records [0, r) that may move time; next is where the one after it starts.
        for (var r = 0; r < count; r++)
        {
            var t = times[r];
            if (t < next || t == LogBatch.NullNumber || t > ceiling) continue;
            latest = AccessAggregator.FloorDiv(t, SpanSeconds);
            next = (latest + 1) * SpanSeconds;
        }
        if (latest != _currentNumber) Advance(latest);
        if (_previous is null)
        {
            Feed(_current, batch, block);
            return;
        }
        var start = _currentNumber * SpanSeconds;
        if (_selection.Length < batch.Capacity) _selection = new int[batch.Capacity]; // deliberate: once, and when batches grow
        var older = 0;
        // Invariant: _selection[0, older) are the records of [0, r) before the current generation (so not without time).
        for (var r = 0; r < count; r++)
            if (times[r] < start && times[r] != LogBatch.NullNumber) _selection[older++] = r;
        if (older == count || Overlap)
        {
            // Overlapping generations: the previous one covers the current span too, so it takes every record.
            Feed(_previous, batch, block);
            if (older == count) return;
        }
        else if (older > 0)
        {
            Feed(_previous, Select(batch, _selection.AsSpan(0, older)), block);
        }
        if (older == 0)
        {
            Feed(_current, batch, block);
            return;
        }
        var newer = 0;
        var o = 0;
        // Invariant: _selection[0, newer) are the records of [0, r) not among the older ones (both lists ascending, newer <= r).
        for (var r = 0; r < count; r++)
        {
            if (o < older && _selection[o] == r) o++;
            else _selection[newer++] = r;
        }
        Feed(_current, Select(batch, _selection.AsSpan(0, newer)), block);
    }

    private void Feed(DetectionAggregator generation, LogBatch batch, ReadOnlySpan<byte> block)
    {
        generation.Consume(batch, block);
        _touched.Add(generation);
        _saved.Remove(generation);
    }

    /// <summary>
    /// True when <paramref name="generation"/> took records since the last call for it (or was
    /// read back from a saved state): its findings may have changed. A generation not touched
    /// has the findings it had, so a reader re-reads only the touched ones: O(changed)
    /// generations, not O(state).
    /// </summary>
    public bool TakeTouched(DetectionAggregator generation) => _touched.Remove(generation);

    private LogBatch Select(LogBatch batch, ReadOnlySpan<int> rows)
    {
        var part = _part is { } p && p.Capacity >= batch.Capacity ? p : _part = new LogBatch(batch.Capacity);
        part.CopySelected(batch, rows);
        return part;
    }

    /// <summary>Moves time to generation <paramref name="number"/>: the current one becomes the previous one if adjacent; older ones are retired.</summary>
    private void Advance(long number)
    {
        if (_currentNumber == NoGeneration)
        {
            // The first timestamp: what came before it (no time) stays in the first generation.
            _currentNumber = number;
            return;
        }
        if (_previous is not null) Retire(_previous);
        _previous = null;
        if (number == _currentNumber + 1) _previous = _current;
        else Retire(_current);
        _current = _create();
        _currentNumber = number;
    }

    private void Retire(DetectionAggregator generation)
    {
        _touched.Remove(generation);
        _retired.Add(generation);
        RetiredCount++;
    }

    /// <inheritdoc/>
    public void WriteState(PartialWriter writer)
    {
        writer.WriteInt(SpanSeconds);
        writer.WriteBool(Overlap);
        writer.WriteInt(_currentNumber);
        var saved = new Dictionary<DetectionAggregator, byte[]>(ReferenceEqualityComparer.Instance);
        writer.WriteUInt((ulong)_retired.Count);
        foreach (var generation in _retired) WriteGeneration(writer, generation, saved);
        writer.WriteBool(_previous is not null);
        if (_previous is not null) WriteGeneration(writer, _previous, saved);
        WriteGeneration(writer, _current, saved);
        // Only the generations still held keep their bytes.
        _saved = saved;
    }

    private void WriteGeneration(PartialWriter writer, DetectionAggregator generation, Dictionary<DetectionAggregator, byte[]> saved)
    {
        if (!_saved.TryGetValue(generation, out var bytes))
        {
            var own = new PartialWriter();
            generation.WriteState(own);
            bytes = own.Written.ToArray();
        }
        saved[generation] = bytes;
        writer.WriteRaw(bytes);
    }

    /// <inheritdoc/>
    public void ReadState(PartialReader reader)
    {
        if (reader.ReadInt() != SpanSeconds || reader.ReadBool() != Overlap) throw new InvalidDataException("rule state of generations of another span");
        _currentNumber = reader.ReadInt();
        var retired = reader.ReadCount(RetiredCountLimit);
        // Invariant: _retired holds the first r saved retired generations, oldest first.
        for (var r = 0; r < retired; r++) _retired.Add(ReadGeneration(reader));
        _previous = reader.ReadBool() ? ReadGeneration(reader) : null;
        _current = ReadGeneration(reader);
    }

    /// <summary>At most this many retired generations are saved untaken (a pass retires at most two; more is a damaged state).</summary>
    private const int RetiredCountLimit = 1024;

    private DetectionAggregator ReadGeneration(PartialReader reader)
    {
        var generation = _create();
        generation.ReadState(reader);
        _touched.Add(generation);
        return generation;
    }

    /// <inheritdoc/>
    public void Merge(IAggregator other) => throw new NotSupportedException("generations belong to one followed run and are not merged");

    /// <inheritdoc/>
    public bool IsApproximate => _current.IsApproximate || _previous?.IsApproximate == true;
}
