using FastLog.Aggregation.Tables;
using FastLog.Columns;

namespace FastLog.Aggregation.Views;

/// <summary>
/// Where syslog records come from, as the syslog and auth views both show it: occurrences per
/// program (APP-NAME / TAG) and per host, repeat weights honoured.
/// </summary>
public sealed class SyslogSources(TableBudget budget)
{
    /// <summary>Occurrences per program.</summary>
    public SymbolTable Programs { get; } = new(budget, 64);

    /// <summary>Occurrences per host.</summary>
    public SymbolTable Hosts { get; } = new(budget, 64);

    /// <summary>True when either table went past its budget.</summary>
    public bool IsApproximate => Programs.IsApproximate || Hosts.IsApproximate;

    /// <summary>Counts the batch's program and host columns with <paramref name="counter"/>.</summary>
    public void Count(WeightedColumnCounter counter, LogBatch batch, ReadOnlySpan<byte> block)
    {
        counter.Count(Programs, batch.TextColumn(LogField.App)!, batch, block);
        counter.Count(Hosts, batch.TextColumn(LogField.Host)!, batch, block);
    }

    /// <summary>Adds <paramref name="other"/>'s counts.</summary>
    public void Merge(SyslogSources other)
    {
        TableMerge.Into(Programs, other.Programs);
        TableMerge.Into(Hosts, other.Hosts);
    }
}
