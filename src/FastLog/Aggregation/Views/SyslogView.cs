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
    public long Records;

    /// <inheritdoc/>
    public bool IsApproximate => Programs.IsApproximate || Hosts.IsApproximate;
    /// <summary>Occurrences per program (APP-NAME / TAG).</summary>
    public readonly SymbolTable Programs;
    /// <summary>Occurrences per host.</summary>
    public readonly SymbolTable Hosts;
    /// <summary>Occurrences per severity 0–7.</summary>
    public readonly long[] Severities = new long[SeverityCount];
    /// <summary>Occurrences without a severity (an on-disk file without <c>&lt;PRI&gt;</c>) or with one out of range.</summary>
    public long SeverityNull;

    private int[] _ids = new int[LogBatch.DefaultCapacity];
    private ulong[] _hashes = new ulong[LogBatch.DefaultCapacity];

    /// <summary>Creates an empty view whose tables have <paramref name="budget"/> each.</summary>
    public SyslogView(TableBudget budget)
    {
        Programs = new SymbolTable(budget, 64);
        Hosts = new SymbolTable(budget, 64);
    }

    /// <inheritdoc/>
    public void Consume(LogBatch batch, ReadOnlySpan<byte> block)
    {
        var n = batch.Count;
        if (_ids.Length < n)
        {
            _ids = new int[batch.Capacity];
            _hashes = new ulong[batch.Capacity];
        }
        var weights = batch.Repeats;
        WeightedColumn.Count(Programs, batch.TextColumn(LogField.App)!, block, n, weights, _ids, _hashes);
        WeightedColumn.Count(Hosts, batch.TextColumn(LogField.Host)!, block, n, weights, _ids, _hashes);
        var severity = batch.NumberColumn(LogField.Severity)!;
        // Invariant: records [0, r) are counted with their weights.
        for (var r = 0; r < n; r++)
        {
            var w = WeightedColumn.Weight(weights, r);
            Records += w;
            var s = severity[r];
            if (s is >= 0 and < SeverityCount) Severities[s] += w;
            else SeverityNull += w;
        }
    }

    /// <inheritdoc/>
    public void Merge(IAggregator other)
    {
        var o = (SyslogView)other;
        Records += o.Records;
        TableMerge.Into(Programs, o.Programs);
        TableMerge.Into(Hosts, o.Hosts);
        for (var s = 0; s < SeverityCount; s++) Severities[s] += o.Severities[s];
        SeverityNull += o.SeverityNull;
    }

    /// <summary>Writes the counts and tables (each in key order).</summary>
    public void WriteState(PartialWriter writer)
    {
        writer.WriteInt(Records);
        Programs.WriteState(writer);
        Hosts.WriteState(writer);
        writer.WriteCounts(Severities);
        writer.WriteInt(SeverityNull);
    }

    /// <summary>Reads what <see cref="WriteState"/> wrote into this empty view.</summary>
    public void ReadState(PartialReader reader)
    {
        Records = reader.ReadInt();
        Programs.ReadState(reader);
        Hosts.ReadState(reader);
        reader.ReadCounts(Severities);
        SeverityNull = reader.ReadInt();
    }
}
