using FastLog.Detection.Custom;

namespace FastLog.Cli;

/// <summary>
/// Which options a partial records (those that shape the state, so merge can refuse partials made
/// differently) and which merge takes itself (those that only shape the printed report).
/// </summary>
public static class PartialOptions
{
    /// <summary>The commands whose state can be saved.</summary>
    public static readonly string[] Commands = [CommandName.Analyze, CommandName.Detect, CommandName.Top, CommandName.Count, CommandName.Stats];

    /// <summary>
    /// Options that change how the run goes or how its report is printed, never what is counted:
    /// they may differ between shards, and merge takes the printing ones from its own command line.
    /// </summary>
    public static readonly string[] NotShaping =
        ["--threads", "--io", "-o", "--chunk-size", "--shard", "--partial", "--expect", "--manifest", "--output", "--top", "--stable", "--fail-on-findings", "--geoip", "--help", "--version"];

    /// <summary>The options merge accepts: the printing ones, and merge's own.</summary>
    public static readonly string[] MergeOwn = ["-o", "--partial", "--expect", "--manifest", "--output", "--top", "--stable", "--fail-on-findings", "--geoip", "--threads", "--rules"];

    /// <summary>The <c>--partial</c> path, checked against the other options (which commands take it is <see cref="FlagCheck"/>'s); null without it.</summary>
    public static string? Path(CliArgs args)
    {
        if (!args.Values.TryGetValue("--partial", out var path)) return null;
        if (args.Values.ContainsKey("-o")) throw new UsageException("--partial writes the run's state instead of a report; -o is for the report (give it to merge)");
        // A follow run never ends, so it would never write the partial (it printed reports instead).
        if (args.Switches.Contains("--follow")) throw new UsageException("--partial saves the state of a run that ends; --follow never ends (detect --follow --state keeps rule state across restarts)");
        foreach (var option in new[] { "--since", "--until" })
        {
            // "-2h" means two hours before each shard's own start: shards run at different times would cut different windows.
            if (args.Values.TryGetValue(option, out var time) && time.StartsWith('-'))
                throw new UsageException($"{option} {time}: a relative time differs between shards; with --partial give an absolute time (e.g. 2024-03-01T10:00:00Z)");
        }
        return OutputTargets.CheckPath(path, "--partial");
    }

    /// <summary>
    /// <c>--shard I/N</c> (with <c>--partial</c> only: a shard's report alone would mislead), or null.
    /// Merge checks the shards by the partials' inputs, not by this option.
    /// </summary>
    public static Input.FileShard? Shard(CliArgs args)
    {
        if (!args.Values.TryGetValue("--shard", out var text)) return null;
        if (!args.Values.ContainsKey("--partial")) throw new UsageException("--shard needs --partial: a shard's part of the report is only meaningful merged");
        var slash = text.IndexOf('/');
        if (slash < 0 || !int.TryParse(text.AsSpan(0, slash), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index)
            || !int.TryParse(text.AsSpan(slash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count)
            || count < 1 || count > 1_000_000 || index >= count)
            throw new UsageException($"--shard: expected I/N with 0 <= I < N <= 1000000 (e.g. 3/8), got '{text}'");
        return new Input.FileShard(index, count);
    }

    /// <summary>
    /// The shaping options as command-line tokens in a canonical order: the command's FIELD
    /// (top, stats), then each flag as <c>--name=value</c> by name, repeated flags in the order given.
    /// </summary>
    public static IReadOnlyList<string> Shaping(CliArgs args, string command, CustomRuleSet? rules)
    {
        var tokens = new List<string>();
        if (command is CommandName.Top or CommandName.Stats && args.Positionals.Count > 0) tokens.Add(args.Positionals[0]);
        var names = new List<string>(args.Values.Keys);
        names.AddRange(args.Switches);
        names.Sort(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (NotShaping.Contains(name)) continue;
            if (name == "--rules")
            {
                // By content: shards read the same rules from different paths; merge is given the files again.
                foreach (var hash in rules?.SourceHashes ?? []) tokens.Add(RulesToken(hash));
            }
            else if (args.Repeated.TryGetValue(name, out var all))
                foreach (var value in all) tokens.Add($"{name}={value}");
            else if (args.Values.TryGetValue(name, out var value))
                tokens.Add($"{name}={value}");
            else
                tokens.Add(name);
        }
        return tokens;
    }

    /// <summary>The shaping token of a <c>--rules</c> file: its content's XxHash128 (<see cref="CustomRuleSet.SourceHashes"/>).</summary>
    public static string RulesToken(UInt128 hash) => $"--rules=xxh128:{hash:x32}";
}
