using System.Diagnostics;
using System.Globalization;
using FastLog.Detection.Custom;
using FastLog.Engine;
using FastLog.Output.Text;
using FastLog.Partials;
using FastLog.Runs;

namespace FastLog.Cli;

/// <summary>
/// <c>fastlog merge P1.flp P2.flp … [--expect N]</c>: the report one run over all the partials'
/// inputs would print, or with <c>--partial OUT</c> their merged state (a tree reduce).
/// </summary>
/// <remarks>
/// The partials carry the options that shape the result; merge rebuilds the command's options from
/// them, adds its own printing options (--output, --top, --stable, -o), and refuses — exit 1, one
/// line, nothing written — a set that is not one run's complete, duplicate-free parts.
/// </remarks>
public sealed class MergeCommand : ICommand
{
    /// <inheritdoc/>
    public string Name => CommandName.Merge;

    /// <summary>The printing options and merge's own (<see cref="PartialOptions.MergeOwn"/>): the partials carry the rest.</summary>
    public IReadOnlyCollection<string> FlagNames => PartialOptions.MergeOwn;

    /// <inheritdoc/>
    public string? Refusal(string flag, CliArgs args) => $"{flag} is not an option of merge: the partials carry the options of their run";

    int ICommand.Run(CliArgs args, IConsole console) => Run(args, console);

    /// <summary>Runs merge (its flags checked by <see cref="FlagCheck"/>); returns the exit code.</summary>
    public static int Run(CliArgs args, IConsole console)
    {
        if (args.Positionals.Count == 0) throw new UsageException("merge needs partial files, e.g. 'fastlog merge shard-*.flp'");
        int? expect = null;
        if (args.Values.TryGetValue("--expect", out var expectText))
        {
            if (!int.TryParse(expectText, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
                throw new UsageException($"--expect: expected a whole number of at least 1, got '{expectText}'");
            expect = n;
        }
        IReadOnlyList<string>? manifest = null;
        if (args.Values.TryGetValue("--manifest", out var manifestPath))
        {
            // One input per line, as the runs were given it; blank lines are ignored.
            manifest = File.ReadAllLines(manifestPath).Where(line => line.Length > 0).ToList();
            if (manifest.Count == 0) throw new UsageException($"--manifest {manifestPath}: lists no input");
        }
        if (args.Values.ContainsKey("-o") && args.Values.ContainsKey("--partial")) throw new UsageException("merge writes a report (-o) or a partial (--partial), not both");

        var stopwatch = Stopwatch.StartNew();
        PartialSet set;
        try
        {
            var parts = new List<(string, Partial)>(args.Positionals.Count);
            foreach (var path in args.Positionals) parts.Add((path, Read(path)));
            set = PartialSet.Check(parts, expect, manifest, complete: !args.Values.ContainsKey("--partial"));
        }
        catch (InvalidDataException e)
        {
            console.Stderr.Write($"fastlog: error: {TerminalText.Escape(e.Message)}; nothing merged\n");
            return 1;
        }

        // The options load merge's --rules files (each read once, also from a pipe); then they are checked.
        var runArgs = CliArgs.Parse(RunArguments(set.First, args));
        // merge's printing options must suit the partials' command (--fail-on-findings is detect's).
        FlagCheck.Check(CommandRunner.Find(runArgs), runArgs);
        var options = CliOptions.From(runArgs);
        if (RulesMismatch(set.First, options.Rules) is { } mismatch)
        {
            console.Stderr.Write($"fastlog: error: {TerminalText.Escape(mismatch)}; nothing merged\n");
            return 1;
        }
        using var output = OutputTargets.Open(options.PartialPath ?? options.OutputPath, console, []);
        Runs.RunSummary result;
        try
        {
            result = set.Merge(CommandRunner.AggregatorFactory(options), stopwatch.Elapsed);
        }
        catch (InvalidDataException e)
        {
            console.Stderr.Write($"fastlog: error: {TerminalText.Escape(e.Message)}; nothing merged\n");
            return 1;
        }
        try
        {
            return CommandRunner.Finish(options, console, output, result, [], options.PartialPath is null ? null : set.Inputs);
        }
        catch (Exception e) when (e is ArgumentException or IndexOutOfRangeException or OverflowException)
        {
            // A state whose checksum holds but whose figures no run produces (an hour past year
            // 9999, a negative count): written by a buggy or hostile writer. The output is not committed.
            console.Stderr.Write($"fastlog: error: corrupt partial: a figure no run produces ({TerminalText.Escape(e.Message)}); nothing merged\n");
            return 1;
        }
    }

    /// <summary>The command line of the partials' run: command, shaping options, merge's own printing options, and a stand-in input.</summary>
    private static string[] RunArguments(Partial partial, CliArgs merge)
    {
        var argv = new List<string> { partial.Command };
        // The rules files are merge's own (checked against the recorded content by RulesMismatch).
        argv.AddRange(partial.Options.Where(option => !option.StartsWith("--rules=", StringComparison.Ordinal)));
        foreach (var (name, value) in merge.Values)
        {
            if (name is "--expect" or "--manifest" or "--rules") continue;
            argv.Add(name);
            argv.Add(value);
        }
        foreach (var path in merge.Repeated.GetValueOrDefault("--rules") ?? [])
        {
            argv.Add("--rules");
            argv.Add(path);
        }
        foreach (var name in merge.Switches) argv.Add(name);
        // The inputs are the partials'; CliOptions wants one.
        argv.Add("--");
        argv.Add("-");
        return [.. argv];
    }

    /// <summary>
    /// Why merge's <c>--rules</c> files are not those the partials were made with (by content, in
    /// order); null when they are. The partials hold the rules' state, not the rules: merge needs the files.
    /// </summary>
    private static string? RulesMismatch(Partial partial, CustomRuleSet? rules)
    {
        var recorded = partial.Options.Where(option => option.StartsWith("--rules=", StringComparison.Ordinal)).ToList();
        var given = (rules?.SourceHashes ?? []).Select(PartialOptions.RulesToken).ToList();
        if (recorded.SequenceEqual(given)) return null;
        if (recorded.Count == 0) return "the partials were made without --rules; give merge no --rules";
        return given.Count == 0
            ? $"the partials were made with {recorded.Count} --rules file(s); give merge the same files (--rules FILE, in the same order)"
            : $"merge's --rules files are not those the partials were made with ({string.Join(' ', recorded)} against {string.Join(' ', given)})";
    }

    private static Partial Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
        try
        {
            return Partial.FromBytes(bytes);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }
}
