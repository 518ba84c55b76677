using FastLog.Aggregation.Tables;
using FastLog.Columns;
using FastLog.Partials;

namespace FastLog.Aggregation.Views;

/// <summary>What <c>analyze</c> shows for syslog: records by program, host and severity, in occurrences (repeat weights honoured).</summary>
public sealed class SyslogView : IAggregator
{
    /// <summary>RFC 5424 §6.2.1 severities 0–7.</summary>
    public const int SeverityCount = 8;

    /// <summary>Occurrences in total.</summary>
    public long Records => _records;

    /// <inheritdoc/>
    public bool IsApproximate => _sources.IsApproximate;
    /// <summary>Occurrences per program (APP-NAME / TAG).</summary>
    public SymbolTable Programs => _sources.Programs;
    /// <summary>Occurrences per host.</summary>
    public SymbolTable Hosts => _sources.Hosts;
    /// <summary>Occurrences per severity 0–7.</summary>
    public ReadOnlySpan<long> Severities => _severities;
    /// <summary>Occurrences without a severity (an on-disk file without <c>&lt;PRI&gt;</c>) or with one out of range.</summary>
    public long SeverityNull => _severityNull;

    private long _records;
    private readonly long[] _severities = new long[SeverityCount];
    private long _severityNull;
    private readonly SyslogSources _sources;
    private readonly WeightedColumnCounter _counter = new();

    /// <summary>Creates an empty view whose tables have <paramref name="budget"/> each.</summary>
    public SyslogView(TableBudget budget)
    {
        _sources = new SyslogSources(budget);
    }

    /// <inheritdoc/>
    public void Consume(LogBatch batch, ReadOnlySpan<byte> block)
    {
        var n = batch.Count;
        var weights = batch.Repeats;
        _sources.Count(_counter, batch, block);
        var severity = batch.NumberColumn(LogField.Severity)!;
        // Invariant: records [0, r) are counted with their weights.
        for (var r = 0; r < n; r++)
        {
            var w = WeightedColumn.Weight(weights, r);
            _records += w;
            var s = severity[r];
            if (s is >= 0 and < SeverityCount) _severities[s] += w;
            else _severityNull += w;
        }
    }

    /// <inheritdoc/>
    public void Merge(IAggregator other)
    {
        var o = (SyslogView)other;
        _records += o._records;
        _sources.Merge(o._sources);
        for (var s = 0; s < SeverityCount; s++) _severities[s] += o._severities[s];
        _severityNull += o._severityNull;
    }

    /// <summary>Writes the counts and tables (each in key order).</summary>
    public void WriteState(PartialWriter writer)
    {
        writer.WriteInt(_records);
        Programs.WriteState(writer);
        Hosts.WriteState(writer);
        writer.WriteCounts(_severities);
        writer.WriteInt(_severityNull);
    }

    /// <summary>Reads what <see cref="WriteState"/> wrote into this empty view.</summary>
    public void ReadState(PartialReader reader)
    {
        _records = reader.ReadInt();
        Programs.ReadState(reader);
        Hosts.ReadState(reader);
        reader.ReadCounts(_severities);
        _severityNull = reader.ReadInt();
    }
}
