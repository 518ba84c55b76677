using FastLog.Aggregation;
using FastLog.Detection;
using FastLog.Output.Table;
using FastLog.Runs;

namespace FastLog.Cli;

/// <summary><c>fastlog top FIELD</c>: the most frequent values of one field.</summary>
public sealed class TopCommand : ReportCommand
{
    /// <inheritdoc/>
    public override string Name => CommandName.Top;

    /// <inheritdoc/>
    public override IReadOnlyCollection<string> FlagNames { get; } = [.. FlagCheck.Reading, .. FlagCheck.Partial, .. FlagCheck.Follow];

    /// <inheritdoc/>
    public override Func<IAggregator> Aggregator(CliOptions options) => () => new GroupByAggregator(options.GroupBy, options.Budget);

    /// <inheritdoc/>
    public override bool Write(CliOptions options, RunSummary result, (List<Finding> Findings, bool Approximate)? detected, Stream output, TerminalBars bars)
        => CountCommand.WriteGroups((GroupByAggregator)result.Aggregate, options, output);
}
