namespace FastLog.Cli;

/// <summary>The raw command line, split into a command, its positional arguments and flags (ripgrep's "low args").</summary>
public sealed class CliArgs
{
    /// <summary>analyze, top, count; null for --version / --help alone.</summary>
    public string? Command { get; private set; }
    /// <summary>Positional arguments after the command (for top: the field first).</summary>
    public List<string> Positionals { get; } = [];
    /// <summary>Flags with values, by long name.</summary>
    public Dictionary<string, string> Values { get; } = new(StringComparer.Ordinal);
    /// <summary>Every value of each repeatable flag, in command-line order (a value may itself be a comma-separated list).</summary>
    public Dictionary<string, List<string>> Repeated { get; } = new(StringComparer.Ordinal);
    /// <summary>Boolean flags present, by long name.</summary>
    public HashSet<string> Switches { get; } = new(StringComparer.Ordinal);

    /// <summary>Parses <paramref name="args"/> against the flag table.</summary>
    public static CliArgs Parse(string[] args)
    {
        var result = new CliArgs();
        var onlyPositionals = false;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (onlyPositionals || arg == "-" || !arg.StartsWith('-'))
            {
                if (result.Command is null && result.Positionals.Count == 0 && !onlyPositionals && Flags.Commands.Contains(arg))
                    result.Command = arg;
                else
                    result.Positionals.Add(arg);
                continue;
            }
            if (arg == "--")
            {
                onlyPositionals = true;
                continue;
            }
            string name;
            string? inlineValue = null;
            var eq = arg.IndexOf('=');
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 0)
            {
                name = arg[..eq];
                inlineValue = arg[(eq + 1)..];
            }
            else
            {
                name = arg;
            }
            var flag = Flags.Find(name) ?? throw new UsageException($"unknown option '{name}'");
            if (!flag.TakesValue)
            {
                if (inlineValue is not null && !flag.OptionalValue) throw new UsageException($"option '{flag.Name}' takes no value");
                // An optional value may also be the next argument when it is one of the flag's
                // values (--fail-on-findings high), never anything else, which is an input.
                if (inlineValue is null && flag.Choices is { } choices && i + 1 < args.Length && choices.Contains(args[i + 1])) inlineValue = args[++i];
                if (inlineValue is not null) result.SetOnce(flag, inlineValue);
                result.Switches.Add(flag.Name);
                continue;
            }
            var value = inlineValue ?? (i + 1 < args.Length ? args[++i] : throw new UsageException($"option '{flag.Name}' needs a value"));
            if (!flag.Repeatable)
            {
                result.SetOnce(flag, value);
                continue;
            }
            if (!result.Repeated.TryGetValue(flag.Name, out var all)) result.Repeated[flag.Name] = all = [];
            all.Add(value);
            result.Values[flag.Name] = string.Join(',', all);
        }
        // fastlog FILE… is fastlog analyze FILE…, as in GoAccess: the first positional names an
        // existing file or directory (or is - for stdin) and no command was given. A name that is
        // both a command and a file was taken as the command above; ./NAME or -- NAME is the file.
        if (result.Command is null && result.Positionals.Count > 0 && IsInput(result.Positionals[0])) result.Command = ImplicitCommand;
        return result;
    }

    /// <summary>The command run when the first argument is an input rather than a command.</summary>
    public const string ImplicitCommand = CommandName.Analyze;

    private static bool IsInput(string arg) => arg == "-" || File.Exists(arg) || Directory.Exists(arg);

    /// <summary>
    /// One value for a flag that takes one: given twice with different values is a usage error
    /// (the same value twice is harmless), so no occurrence is ever silently dropped.
    /// </summary>
    private void SetOnce(Flag flag, string value)
    {
        if (Values.TryGetValue(flag.Name, out var earlier) && earlier != value)
            throw new UsageException($"option '{flag.Name}' given twice, as '{earlier}' and '{value}'; give it once");
        Values[flag.Name] = value;
    }
}
