using FastLog.Aggregation.Tables;
using FastLog.Partials;

namespace FastLog.Detection.Web;

// Merging states, and the state's partial-file form: the canonical (client, minute) counts.
internal sealed partial class ClientMinuteRuns<TClient>
{
    /// <summary>Adds <paramref name="other"/>'s runs and segments, its client ids mapped through <paramref name="ipMap"/> (-1: refused, dropped); <paramref name="other"/> keeps them, so a live state (follow mode) can be copied and go on counting.</summary>
    public void Merge(ClientMinuteRuns<TClient> other, int[] ipMap)
    {
        if (_resolved || other._resolved) throw new InvalidOperationException("W11 counts were already resolved");
        EndSegment();
        other.EndSegment();
        for (var m = 0; m < other.Exact.Count; m++)
        {
            var key = other.Exact.KeyOf(m);
            var ip = ipMap[ClientMinuteRuns.ClientOf(key)];
            if (ip >= 0) Exact.Add(ClientMinuteRuns.Key(ip, ClientMinuteRuns.MinuteOf(key)), other.Exact.Counts[m]);
        }
        Exact.OtherCount += other.Exact.OtherCount;
        TableMerge.EnsureLength(ref _runs, _runCount + other._runCount);
        TableMerge.EnsureLength(ref _unordered, _unorderedCount + other._unorderedCount);
        const long clientMask = ((1L << WebDetectionAggregator.IdBits) - 1) << CountBits;
        foreach (var s in other._segments)
        {
            var runStart = _runCount;
            // Invariant: runs [s.RunStart, r) of the other side are copied (those of refused clients dropped).
            for (var r = s.RunStart; r < s.RunEnd; r++)
            {
                var run = other._runs[r];
                var ip = ipMap[(int)((run & clientMask) >> CountBits)];
                if (ip >= 0) _runs[_runCount++] = (run & ~clientMask) | ((long)ip << CountBits);
            }
            var unorderedStart = _unorderedCount;
            for (var u = s.UnorderedStart; u < s.UnorderedEnd; u++)
            {
                var ip = ipMap[other._unordered[u]];
                if (ip >= 0) _unordered[_unorderedCount++] = ip;
            }
            _segments.Add(s with { RunStart = runStart, RunEnd = _runCount, UnorderedStart = unorderedStart, UnorderedEnd = _unorderedCount });
        }
        _segmentRunStart = _runCount;
        _segmentUnorderedStart = _unorderedCount;
    }

    /// <summary>
    /// Writes the request count of every (client, minute) this state saw, its runs joined
    /// (client ids as their positions, <paramref name="ipPositions"/>), sorted: a canonical form,
    /// whatever the segments were. Closes the open runs, as a merge does; the state goes on counting.
    /// </summary>
    /// <remarks>
    /// Nothing may be dropped before every shard is in: a run below the threshold here can be
    /// part of a (client, minute) whose other requests are in another shard. Read back, the
    /// counts form one segment whose spans hold every minute written (<see cref="ReadState"/>).
    /// </remarks>
    public void WriteState(PartialWriter writer, int[] ipPositions)
    {
        if (_resolved) throw new InvalidOperationException("W11 counts were already resolved");
        EndSegment();
        var counts = new List<(int Client, long Minute, long Count)>(_runCount + Exact.Count);
        for (var m = 0; m < Exact.Count; m++)
        {
            var key = Exact.KeyOf(m);
            counts.Add((ipPositions[ClientMinuteRuns.ClientOf(key)], ClientMinuteRuns.MinuteOf(key), Exact.Counts[m]));
        }
        foreach (var s in _segments)
        {
            for (var r = s.RunStart; r < s.RunEnd; r++)
            {
                var run = _runs[r];
                var ip = (int)((run >> CountBits) & ((1 << WebDetectionAggregator.IdBits) - 1));
                counts.Add((ipPositions[ip], s.Base + (run >> 32), run & MaxBufferedCount));
            }
        }
        counts.Sort();
        var joined = 0;
        // Invariant: counts [0, i) are joined into [0, joined), distinct and ascending.
        for (var i = 0; i < counts.Count; i++)
        {
            if (joined > 0 && counts[joined - 1].Client == counts[i].Client && counts[joined - 1].Minute == counts[i].Minute)
                counts[joined - 1] = counts[joined - 1] with { Count = counts[joined - 1].Count + counts[i].Count };
            else counts[joined++] = counts[i];
        }
        writer.WriteUInt((ulong)joined);
        for (var i = 0; i < joined; i++)
        {
            writer.WriteUInt((ulong)counts[i].Client);
            writer.WriteInt(counts[i].Minute);
            writer.WriteInt(counts[i].Count);
        }
        writer.WriteInt(Exact.OtherCount);
    }

    /// <summary>
    /// Reads what <see cref="WriteState"/> wrote as one segment of runs (client positions mapped
    /// through <paramref name="ipIds"/>; -1: dropped). Each (client, minute) is one run holding all
    /// of that shard's requests, and the segment's spans hold every minute read, so
    /// <see cref="Resolve"/>'s reasoning holds across shards as across segments.
    /// </summary>
    public void ReadState(PartialReader reader, int[] ipIds)
    {
        EndSegment();
        var n = reader.ReadCount(reader.Remaining);
        // Invariant: entries [0, i) are runs of the current segment (or in the table), their minutes in its spans.
        for (var i = 0; i < n; i++)
        {
            var position = reader.ReadCount(ipIds.Length - 1);
            var minute = Math.Clamp(reader.ReadInt(), MinMinute, MaxMinute);
            var count = reader.ReadInt();
            if (count < 1) throw new InvalidDataException("corrupt partial: a W11 run without requests");
            if (ipIds[position] < 0) continue;
            if (_spanCount == 0) _segmentBase = minute;
            AddToSpans(minute);
            Close(ipIds[position], minute, count);
        }
        EndSegment();
        Exact.OtherCount += reader.ReadInt();
    }
}
