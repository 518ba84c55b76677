namespace FastLog.Cli;

/// <summary>
/// The one check of which flags a command takes (each command lists them, <see cref="ICommand.FlagNames"/>);
/// the values are checked where they are read.
/// </summary>
public static class FlagCheck
{
    /// <summary>
    /// The flags every command that reads log input takes. Some are read by only a few of them
    /// (--to by convert, --detect and --ascii by analyze, --internal by the rules) and ignored by
    /// the rest, as they were before this check was gathered here.
    /// </summary>
    public static readonly string[] Reading =
    [
        "--format", "--year", "--repeats", "--field", "--log-format", "--threads", "--io", "--output", "-o", "--top", "--where", "--since", "--until",
        "--to", "--internal", "--detect", "--ascii", "--quiet", "--timings", "--stable", "--chunk-size", "--max-keys", "--help", "--version",
    ];

    /// <summary><c>--partial</c> and <c>--shard</c> (which needs it): the commands whose state a partial can hold.</summary>
    public static readonly string[] Partial = ["--partial", "--shard"];

    /// <summary><c>--follow</c> and the options that need it.</summary>
    public static readonly string[] Follow = ["--follow", "--from", "--partial-line-timeout", "--interval", "--poll", "--state"];

    /// <summary>The rule flags of detect and analyze --detect.</summary>
    public static readonly string[] Rules = ["--fail-on-findings", "--rules", "--geoip", "--rule-option"];

    /// <summary>Flags that mean something only with <c>--follow</c>.</summary>
    private static readonly string[] s_needFollow = [.. Follow[1..], "--line-buffered"];

    /// <summary>
    /// When several flags are refused, the one named first here is reported (the others after it,
    /// in command-line order): the order the checks ran in before they were gathered here.
    /// </summary>
    private static readonly string[] s_reportOrder =
        [.. GenerateCommand.OwnFlags, "--by", "--output", "--fields", .. Rules, "--expect", "--manifest", .. Partial, .. Follow, "--line-buffered"];

    /// <summary>
    /// Refuses a flag of <paramref name="args"/> that <paramref name="command"/> does not take, in
    /// the command's words or else the flag's (which name the commands that take it).
    /// </summary>
    /// <exception cref="UsageException">A flag the command does not take.</exception>
    public static void Check(ICommand command, CliArgs args)
    {
        if (command.FlagNames is null) return;
        string? refused = null;
        var refusedRank = int.MaxValue;
        foreach (var name in args.Values.Keys.Concat(args.Switches))
        {
            if (command.Takes(name, args) && (!s_needFollow.Contains(name) || args.Switches.Contains("--follow"))) continue;
            var rank = Array.IndexOf(s_reportOrder, name) is >= 0 and var at ? at : int.MaxValue - 1;
            if (rank < refusedRank) (refused, refusedRank) = (name, rank);
        }
        if (refused is not null) throw new UsageException(command.Refusal(refused, args) ?? Refusal(refused, command.Name));
    }

    /// <summary>Why <paramref name="flag"/> is refused on <paramref name="command"/>: the commands (or flags) it belongs to.</summary>
    public static string Refusal(string flag, string command) => flag switch
    {
        "--by" => "--by is an option of count and stats",
        "--fields" => "--fields is an option of filter and convert",
        "--expect" or "--manifest" => $"{flag} is an option of merge",
        "--partial" => $"--partial is for {string.Join(", ", PartialOptions.Commands)} (and merge), not {command}",
        "--shard" => $"--shard is for {string.Join(", ", PartialOptions.Commands)} with --partial, not {command}",
        "--follow" => $"--follow is for filter, detect, count, top, stats and analyze, not {command}",
        "--line-buffered" => "--line-buffered is an option of filter --follow",
        _ when Follow.Contains(flag) => $"{flag} is an option of --follow",
        _ when Rules.Contains(flag) => $"{flag} is for detect and analyze --detect",
        _ when GenerateCommand.OwnFlags.Contains(flag) => $"{flag} is an option of generate",
        _ => $"option '{flag}' does not apply to {command}",
    };
}
