using System.Text;
using FastLog.Aggregation;
using FastLog.Detection;
using FastLog.Output;
using FastLog.Output.Findings;
using FastLog.Output.Html;
using FastLog.Output.Table;
using FastLog.Runs;

namespace FastLog.Cli;

/// <summary><c>fastlog detect</c>: the findings of the built-in and custom rules as a table, json, jsonl or html.</summary>
public sealed class DetectCommand : ReportCommand
{
    /// <inheritdoc/>
    public override string Name => CommandName.Detect;

    /// <inheritdoc/>
    public override IReadOnlyCollection<string> FlagNames { get; } = [.. FlagCheck.Reading, .. FlagCheck.Partial, .. FlagCheck.Follow, .. FlagCheck.Rules];

    /// <summary>table (the default), json, jsonl or html.</summary>
    public override string Output(CliArgs args)
    {
        var output = args.Values.GetValueOrDefault("--output", OutputName.Table);
        return output is OutputName.Table or OutputName.Json or OutputName.Jsonl or OutputName.Html ? output
            : throw new UsageException($"--output: detect writes table, json, jsonl or html, not '{output}'");
    }

    /// <inheritdoc/>
    public override Func<IAggregator> Aggregator(CliOptions options)
        => () => new DetectionAggregator(options.Budget, options.Thresholds.Auth with { Addresses = options.Addresses },
            options.Thresholds.CloudTrail, options.Rules, webOptions: options.Thresholds.Web);

    /// <inheritdoc/>
    public override DetectionAggregator? Detection(CliOptions options, IAggregator aggregate) => (DetectionAggregator)aggregate;

    /// <inheritdoc/>
    public override bool Write(CliOptions options, RunSummary result, (List<Finding> Findings, bool Approximate)? detected, Stream output, TerminalBars bars)
    {
        var (findings, approximate) = detected!.Value;
        if (options.Output == OutputName.Html)
        {
            var detection = new ReportBuilder(result, options.Top, CommandRunner.RunFigures(options, result), CommandRunner.Version, addresses: options.Addresses,
                detected: detected).BuildDetection();
            HtmlReportWriter.Write(detection, EvidenceLine.Of(findings, result), output);
        }
        else if (options.Output == OutputName.Jsonl)
        {
            FindingsWriter.WriteJsonLines(findings, result, output, options.Addresses, approximate);
        }
        else if (options.Output == OutputName.Json)
        {
            FindingsWriter.WriteJsonArray(findings, result, output, options.Addresses, approximate);
        }
        else
        {
            using var writer = new StreamWriter(output, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
            FindingsWriter.WriteTable(findings, writer, options.Addresses);
            if (approximate) writer.Write("approximate: a table went past its memory budget (--max-keys); findings may be incomplete\n");
        }
        return approximate;
    }
}
