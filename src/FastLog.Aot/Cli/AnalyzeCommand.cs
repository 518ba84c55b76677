using System.Text;
using System.Text.Json;
using FastLog.Aggregation;
using FastLog.Detection;
using FastLog.Output;
using FastLog.Output.Findings;
using FastLog.Output.Html;
using FastLog.Output.Json;
using FastLog.Output.Table;
using FastLog.Output.Tables;
using FastLog.Runs;

namespace FastLog.Cli;

/// <summary>
/// <c>fastlog analyze</c>: the full report (table, json, html, or a directory of csv/parquet
/// tables); with <c>--detect</c> also the rules of detect and their flags.
/// </summary>
public sealed class AnalyzeCommand : ReportCommand
{
    /// <inheritdoc/>
    public override string Name => CommandName.Analyze;

    /// <inheritdoc/>
    public override IReadOnlyCollection<string> FlagNames { get; } = [.. FlagCheck.Reading, .. FlagCheck.Partial, .. FlagCheck.Follow, .. FlagCheck.Rules];

    /// <summary>The rule flags only with <c>--detect</c>.</summary>
    public override bool Takes(string flag, CliArgs args) => FlagNames.Contains(flag) && (!FlagCheck.Rules.Contains(flag) || args.Switches.Contains("--detect"));

    /// <summary>Also html, and csv or parquet tables into a directory (<see cref="ReportTableOptions"/>).</summary>
    public override string Output(CliArgs args)
    {
        var output = args.Values.GetValueOrDefault("--output", OutputName.Table);
        if (output is not (OutputName.Html or OutputName.Parquet or OutputName.Csv)) return OutputName.Tabular(args);
        ReportTableOptions.Check(args, output);
        return output;
    }

    /// <inheritdoc/>
    public override Func<IAggregator> Aggregator(CliOptions options)
        // analyze always gets the per-format views; the rules run only with --detect.
        => () => new AnalysisAggregator(options.Budget, options.Detect, options.Thresholds.Auth with { Addresses = options.Addresses },
            options.Rules, options.Thresholds.Web, options.Thresholds.CloudTrail);

    /// <inheritdoc/>
    public override DetectionAggregator? Detection(CliOptions options, IAggregator aggregate)
        => aggregate is AnalysisAggregator { Detect: true } analysis ? analysis.Detection : null;

    /// <inheritdoc/>
    public override bool Write(CliOptions options, RunSummary result, (List<Finding> Findings, bool Approximate)? detected, Stream output, TerminalBars bars)
    {
        var report = new ReportBuilder(result, options.Top, CommandRunner.RunFigures(options, result), CommandRunner.Version, filtered: options.Where is not null,
            options.Addresses, detected).Build();
        if (ReportTableOptions.WritesDirectory(options))
        {
            ReportTablesWriter.Write(ReportTables.Of(report), options.OutputPath!, options.Output, CommandRunner.Version);
        }
        else if (options.Output == OutputName.Html)
        {
            HtmlReportWriter.Write(report, detected is { } withFindings ? EvidenceLine.Of(withFindings.Findings, result) : null, output);
        }
        else if (options.Output == OutputName.Json)
        {
            JsonSerializer.Serialize(output, report, ReportJsonContext.Default.Report);
            output.WriteByte((byte)'\n');
        }
        else
        {
            using var writer = new StreamWriter(output, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
            TableReportWriter.Write(report, writer, bars);
        }
        return report.Overview.Approximate;
    }
}
