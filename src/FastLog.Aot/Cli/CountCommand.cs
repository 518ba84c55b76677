using System.Text;
using FastLog.Aggregation;
using FastLog.Detection;
using FastLog.Output.GroupBy;
using FastLog.Output.Table;
using FastLog.Runs;

namespace FastLog.Cli;

/// <summary><c>fastlog count</c>: the number of records, or of records per group with <c>--by</c>.</summary>
public sealed class CountCommand : ReportCommand
{
    /// <inheritdoc/>
    public override string Name => CommandName.Count;

    /// <inheritdoc/>
    public override IReadOnlyCollection<string> FlagNames { get; } = [.. FlagCheck.Reading, "--by", .. FlagCheck.Partial, .. FlagCheck.Follow];

    /// <inheritdoc/>
    public override Func<IAggregator> Aggregator(CliOptions options)
        => options.GroupBy.Count > 0 ? () => new GroupByAggregator(options.GroupBy, options.Budget) : () => new CountAggregator();

    /// <inheritdoc/>
    public override bool Write(CliOptions options, RunSummary result, (List<Finding> Findings, bool Approximate)? detected, Stream output, TerminalBars bars)
    {
        if (options.GroupBy.Count > 0) return WriteGroups((GroupByAggregator)result.Aggregate, options, output);
        // The records that reached the aggregator: all parsed ones, or those --where kept.
        var count = ((CountAggregator)result.Aggregate).Records;
        var text = options.Output switch
        {
            OutputName.Csv => $"count\n{count}\n",
            OutputName.Json => $"{{\"count\": {count}}}\n",
            _ => $"{count}\n",
        };
        output.Write(Encoding.ASCII.GetBytes(text));
        return false;
    }

    /// <summary>The table of groups (top, count --by); returns whether it is approximate.</summary>
    internal static bool WriteGroups(GroupByAggregator groups, CliOptions options, Stream output)
    {
        GroupByReportWriter.Write(groups, options.Top, options.Output, output);
        return groups.Groups.IsApproximate;
    }
}
