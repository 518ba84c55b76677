using FastLog.Aggregation;
using FastLog.Detection;
using FastLog.Output.Stats;
using FastLog.Output.Table;
using FastLog.Runs;

namespace FastLog.Cli;

/// <summary><c>fastlog stats FIELD</c>: count, min, mean, percentiles and max of a numeric field, overall or <c>--by</c> group.</summary>
public sealed class StatsCommand : ReportCommand
{
    /// <inheritdoc/>
    public override string Name => CommandName.Stats;

    /// <inheritdoc/>
    public override IReadOnlyCollection<string> FlagNames { get; } = [.. FlagCheck.Reading, "--by", .. FlagCheck.Partial, .. FlagCheck.Follow];

    /// <inheritdoc/>
    public override Func<IAggregator> Aggregator(CliOptions options)
        => () => new StatsAggregator(options.StatsField!.Value, options.GroupBy, options.Budget);

    /// <inheritdoc/>
    public override bool Write(CliOptions options, RunSummary result, (List<Finding> Findings, bool Approximate)? detected, Stream output, TerminalBars bars)
    {
        var stats = (StatsAggregator)result.Aggregate;
        StatsReportWriter.Write(stats, options.Top, options.Output, output);
        return stats.IsApproximate;
    }
}
