using FastLog.Aggregation.Tables;
using FastLog.Columns;
using FastLog.Partials;

namespace FastLog.Aggregation.Views;

/// <summary>
/// Records per UTC hour of one format, exact and mergeable; days and hours of the day are
/// derived from the hours when the report is built. Counts are occurrences (repeat weights).
/// </summary>
public sealed class ActivityView : IAggregator
{
    /// <summary>Occurrences per UTC hour bucket (Unix seconds / 3600, floor).</summary>
    public LongKeyTable Hours { get; }
    /// <summary>Records (parsed lines).</summary>
    public long Records => _records;

    /// <inheritdoc/>
    public bool IsApproximate => Hours.IsApproximate;
    /// <summary>Occurrences: records weighted by their repeat count.</summary>
    public long Occurrences => _occurrences;
    /// <summary>Earliest timestamp (Unix seconds); <see cref="long.MaxValue"/> when none.</summary>
    public long MinUnixSeconds => _minUnixSeconds;
    /// <summary>Latest timestamp (Unix seconds); <see cref="long.MinValue"/> when none.</summary>
    public long MaxUnixSeconds => _maxUnixSeconds;

    private long _records;
    private long _occurrences;
    private long _minUnixSeconds = long.MaxValue;
    private long _maxUnixSeconds = long.MinValue;

    /// <summary>Creates an empty view whose hour table holds at most <paramref name="budget"/>'s keys.</summary>
    public ActivityView(TableBudget budget) => Hours = new LongKeyTable(budget.MaxKeys);

    /// <inheritdoc/>
    public void Consume(LogBatch batch, ReadOnlySpan<byte> block)
    {
        var n = batch.Count;
        var seconds = batch.UnixSeconds;
        var weights = batch.Repeats;
        long runHour = 0, runWeight = 0, total = 0;
        // Logs are mostly in time order, so consecutive records of one hour are added as one run.
        // Invariant: records [0, r) are in Hours or in the pending run (runHour, runWeight).
        for (var r = 0; r < n; r++)
        {
            var s = seconds[r];
            if (s < _minUnixSeconds) _minUnixSeconds = s;
            if (s > _maxUnixSeconds) _maxUnixSeconds = s;
            var hour = AccessAggregator.FloorDiv(s, AccessAggregator.SecondsPerHour);
            var w = WeightedColumn.Weight(weights, r);
            total += w;
            if (runWeight > 0 && hour == runHour)
            {
                runWeight += w;
                continue;
            }
            if (runWeight > 0) Hours.Add(runHour, runWeight);
            runHour = hour;
            runWeight = w;
        }
        if (runWeight > 0) Hours.Add(runHour, runWeight);
        _records += n;
        _occurrences += total;
    }

    /// <inheritdoc/>
    public void Merge(IAggregator other)
    {
        var o = (ActivityView)other;
        TableMerge.Into(Hours, o.Hours);
        _records += o._records;
        _occurrences += o._occurrences;
        _minUnixSeconds = Math.Min(_minUnixSeconds, o._minUnixSeconds);
        _maxUnixSeconds = Math.Max(_maxUnixSeconds, o._maxUnixSeconds);
    }

    /// <summary>Writes the hours and figures.</summary>
    public void WriteState(PartialWriter writer)
    {
        Hours.WriteState(writer);
        writer.WriteInt(_records);
        writer.WriteInt(_occurrences);
        writer.WriteInt(_minUnixSeconds);
        writer.WriteInt(_maxUnixSeconds);
    }

    /// <summary>Reads what <see cref="WriteState"/> wrote into this empty view.</summary>
    public void ReadState(PartialReader reader)
    {
        Hours.ReadState(reader);
        _records = reader.ReadInt();
        _occurrences = reader.ReadInt();
        _minUnixSeconds = reader.ReadInt();
        _maxUnixSeconds = reader.ReadInt();
    }
}
