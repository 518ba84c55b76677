using FastLog.Aggregation;
using FastLog.Detection;
using FastLog.Output.Table;
using FastLog.Runs;

namespace FastLog.Cli;

/// <summary>
/// A command that reads its inputs into one aggregator and writes a report of it (analyze, top,
/// count, stats, detect): the command builds the aggregator and writes its result, so
/// <see cref="CommandRunner"/> runs every one the same way.
/// </summary>
public abstract class ReportCommand : ICommand
{
    /// <inheritdoc/>
    public abstract string Name { get; }

    /// <inheritdoc/>
    public abstract IReadOnlyCollection<string> FlagNames { get; }

    /// <inheritdoc/>
    public virtual bool Takes(string flag, CliArgs args) => FlagNames.Contains(flag);

    /// <inheritdoc/>
    public virtual string Output(CliArgs args) => OutputName.Tabular(args);

    /// <summary>Makes the command's aggregator (one per worker; merge makes one per partial).</summary>
    public abstract Func<IAggregator> Aggregator(CliOptions options);

    /// <summary>
    /// Writes the command's result to <paramref name="output"/>; returns whether any of it is
    /// approximate (a memory budget capped or estimated it). <paramref name="detected"/>: the
    /// findings when the rules ran (<see cref="Detection"/>).
    /// </summary>
    public abstract bool Write(CliOptions options, RunSummary result, (List<Finding> Findings, bool Approximate)? detected, Stream output, TerminalBars bars);

    /// <summary>The aggregator's rule state when this run ran the rules; null otherwise.</summary>
    public virtual DetectionAggregator? Detection(CliOptions options, IAggregator aggregate) => null;

    /// <summary>Runs the command: validates its options, reads its inputs, writes the report.</summary>
    public int Run(CliArgs args, IConsole console) => CommandRunner.Run(CliOptions.From(args), console);
}
