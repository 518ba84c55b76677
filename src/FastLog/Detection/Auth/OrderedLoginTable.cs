using FastLog.Aggregation.Tables;
using FastLog.Partials;

namespace FastLog.Detection.Auth;

/// <summary>
/// State of a <c>temporal_ordered</c> rule (L3, L3b): "at least N failures, then an accepted
/// login" per (subject, fixed bucket), exact and mergeable.
/// </summary>
/// <remarks>
/// <para>
/// The condition holds in a bucket iff at least N failures come before its <em>last</em>
/// accepted login (any earlier success has fewer failures before it). So each bucket keeps the
/// last success position (merge: the later one) and the earliest failures in position order,
/// just enough of them to reach N (merge: union, trimmed again). If the kept failures reach N,
/// the N-th failure is the last one kept, and the condition is "it comes before the last
/// success"; if they do not, every failure of the bucket is kept. Both summaries are exact under
/// any split and merge order, so the verdict does not depend on threads or chunk size.
/// </para>
/// <para>
/// Memory: at most N (position, weight) pairs per bucket that saw a failure, bounded by the
/// table budget on buckets.
/// </para>
/// </remarks>
internal sealed class OrderedLoginTable
{
    /// <summary>Failures at one position; a syslog repeat stands for several.</summary>
    internal readonly record struct Failure(LogPosition Position, long Weight);

    private readonly int _threshold;

    /// <summary>(subject id, bucket) keys; counts are the bucket's failures (weighted).</summary>
    internal readonly LongKeyTable Buckets;
    /// <summary>Last accepted login per bucket id (<see cref="LogPosition.None"/> for none).</summary>
    internal LogPosition[] LastSuccess = new LogPosition[256];
    /// <summary>Earliest failures per bucket id, in position order, trimmed to reach the threshold.</summary>
    internal List<Failure>?[] EarliestFailures = new List<Failure>?[256];

    /// <summary>Creates an empty table for "at least <paramref name="threshold"/> failures, then a success".</summary>
    public OrderedLoginTable(int threshold, int maxKeys)
    {
        _threshold = Math.Max(1, threshold);
        Buckets = new LongKeyTable(maxKeys);
    }

    private int Bucket(long key, long failures)
    {
        var known = Buckets.Count;
        var id = Buckets.Add(key, failures);
        if (id < 0) return -1;
        if (id >= LastSuccess.Length)
        {
            TableMerge.EnsureLength(ref LastSuccess, Buckets.IdCapacity);
            TableMerge.EnsureLength(ref EarliestFailures, Buckets.IdCapacity);
        }
        if (id >= known) LastSuccess[id] = LogPosition.None;
        return id;
    }

    /// <summary>Adds <paramref name="weight"/> failures at <paramref name="position"/> to bucket <paramref name="key"/> (<see cref="BucketKey"/>).</summary>
    public void AddFailure(long key, LogPosition position, long weight)
    {
        var id = Bucket(key, weight);
        if (id >= 0) Insert(ref EarliestFailures[id], new Failure(position, weight));
    }

    /// <summary>Records an accepted login at <paramref name="position"/> in bucket <paramref name="key"/>.</summary>
    public void AddSuccess(long key, LogPosition position)
    {
        var id = Bucket(key, 0);
        if (id >= 0 && position.CompareTo(LastSuccess[id]) > 0) LastSuccess[id] = position;
    }

    private void Insert(ref List<Failure>? list, Failure failure)
    {
        list ??= new List<Failure>(4);
        var total = 0L;
        foreach (var f in list) total += f.Weight;
        // Lines mostly arrive in order: once the threshold is reached, a later failure changes nothing.
        if (total >= _threshold && failure.Position.CompareTo(list[^1].Position) > 0) return;
        var index = list.Count;
        while (index > 0 && failure.Position.CompareTo(list[index - 1].Position) < 0) index--;
        list.Insert(index, failure);
        total += failure.Weight;
        // Invariant: the list is sorted; drop the last failure while the others still reach the threshold.
        while (list.Count > 1 && total - list[^1].Weight >= _threshold)
        {
            total -= list[^1].Weight;
            list.RemoveAt(list.Count - 1);
        }
    }

    /// <summary>True when bucket <paramref name="id"/> saw at least the threshold of failures before its last accepted login.</summary>
    public bool Holds(int id)
    {
        if (LastSuccess[id].Equals(LogPosition.None) || EarliestFailures[id] is not { Count: > 0 } failures) return false;
        var total = 0L;
        foreach (var f in failures) total += f.Weight;
        return total >= _threshold && failures[^1].Position.CompareTo(LastSuccess[id]) < 0;
    }

    /// <summary>Adds <paramref name="other"/>'s buckets, with its subject ids mapped through <paramref name="subjectMap"/>.</summary>
    public void Merge(OrderedLoginTable other, int[] subjectMap)
    {
        for (var b = 0; b < other.Buckets.Count; b++)
        {
            var key = other.Buckets.KeyOf(b);
            var subject = subjectMap[BucketKey.Subject(key)];
            if (subject < 0) continue;
            var id = Bucket(BucketKey.Of(subject, BucketKey.Bucket(key)), other.Buckets.Counts[b]);
            if (id < 0) continue;
            if (other.LastSuccess[b].CompareTo(LastSuccess[id]) > 0) LastSuccess[id] = other.LastSuccess[b];
            foreach (var failure in other.EarliestFailures[b] ?? []) Insert(ref EarliestFailures[id], failure);
        }
        Buckets.OtherCount += other.Buckets.OtherCount;
    }

    /// <summary>Writes the buckets (subjects as their positions, sorted), then per bucket in that order its last success and earliest failures.</summary>
    public void WriteState(PartialWriter writer, int[] subjectPositions)
    {
        foreach (var id in StateCodec.WriteBuckets(writer, Buckets, subjectPositions))
        {
            StateCodec.WritePosition(writer, LastSuccess[id]);
            var failures = EarliestFailures[id];
            writer.WriteUInt((ulong)(failures?.Count ?? 0));
            foreach (var f in failures ?? [])
            {
                StateCodec.WritePosition(writer, f.Position);
                writer.WriteInt(f.Weight);
            }
        }
    }

    /// <summary>Reads what <see cref="WriteState"/> wrote into this empty table, whose subjects are ids below <paramref name="subjects"/>.</summary>
    public void ReadState(PartialReader reader, int subjects)
    {
        StateCodec.ReadBuckets(reader, Buckets, subjects);
        TableMerge.EnsureLength(ref LastSuccess, Buckets.IdCapacity);
        TableMerge.EnsureLength(ref EarliestFailures, Buckets.IdCapacity);
        for (var id = 0; id < Buckets.Count; id++)
        {
            LastSuccess[id] = StateCodec.ReadPosition(reader);
            var n = reader.ReadCount(Math.Min(_threshold, reader.Remaining));
            for (var i = 0; i < n; i++)
            {
                var position = StateCodec.ReadPosition(reader);
                Insert(ref EarliestFailures[id], new Failure(position, reader.ReadInt()));
            }
        }
    }
}
