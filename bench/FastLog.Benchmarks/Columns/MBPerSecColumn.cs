using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace FastLog.Benchmarks.Columns;

/// <summary>
/// Throughput in MB/s (10^6 bytes per second) from the mean time and the benchmark's
/// <c>BytesPerOperation</c>; as Sep's <c>BytesStatisticColumn</c>.
/// </summary>
public sealed class MBPerSecColumn : IColumn
{
    /// <inheritdoc/>
    public string Id => nameof(MBPerSecColumn);
    /// <inheritdoc/>
    public string ColumnName => "MB/s";
    /// <inheritdoc/>
    public bool AlwaysShow => true;
    /// <inheritdoc/>
    public ColumnCategory Category => ColumnCategory.Custom;
    /// <inheritdoc/>
    public int PriorityInCategory => 0;
    /// <inheritdoc/>
    public bool IsNumeric => true;
    /// <inheritdoc/>
    public UnitType UnitType => UnitType.Dimensionless;
    /// <inheritdoc/>
    public string Legend => "Input megabytes (10^6 bytes) processed per second, from the mean";

    /// <inheritdoc/>
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    /// <inheritdoc/>
    public bool IsAvailable(Summary summary) => summary.BenchmarksCases.Any(c => WorkloadSize.Bytes(c) is not null);

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var bytes = WorkloadSize.Bytes(benchmarkCase);
        var meanNs = summary[benchmarkCase]?.ResultStatistics?.Mean;
        if (bytes is null || meanNs is null or <= 0)
            return "NA";
        var mbPerSec = bytes.Value / 1e6 / (meanNs.Value * 1e-9);
        return mbPerSec.ToString("N0", style.CultureInfo);
    }

    /// <inheritdoc/>
    public override string ToString() => ColumnName;
}
