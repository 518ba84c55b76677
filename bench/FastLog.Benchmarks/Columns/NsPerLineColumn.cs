using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace FastLog.Benchmarks.Columns;

/// <summary>
/// Mean nanoseconds per input line, from the mean time and the benchmark's
/// <c>LinesPerOperation</c>; as Sep's <c>RowsStatisticColumn</c>.
/// </summary>
public sealed class NsPerLineColumn : IColumn
{
    /// <inheritdoc/>
    public string Id => nameof(NsPerLineColumn);
    /// <inheritdoc/>
    public string ColumnName => "ns/line";
    /// <inheritdoc/>
    public bool AlwaysShow => true;
    /// <inheritdoc/>
    public ColumnCategory Category => ColumnCategory.Custom;
    /// <inheritdoc/>
    public int PriorityInCategory => 1;
    /// <inheritdoc/>
    public bool IsNumeric => true;
    /// <inheritdoc/>
    public UnitType UnitType => UnitType.Dimensionless;
    /// <inheritdoc/>
    public string Legend => "Mean nanoseconds per input line";

    /// <inheritdoc/>
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    /// <inheritdoc/>
    public bool IsAvailable(Summary summary) => summary.BenchmarksCases.Any(c => WorkloadSize.Lines(c) is not null);

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var lines = WorkloadSize.Lines(benchmarkCase);
        var meanNs = summary[benchmarkCase]?.ResultStatistics?.Mean;
        if (lines is null or <= 0 || meanNs is null)
            return "NA";
        return (meanNs.Value / lines.Value).ToString("N2", style.CultureInfo);
    }

    /// <inheritdoc/>
    public override string ToString() => ColumnName;
}
