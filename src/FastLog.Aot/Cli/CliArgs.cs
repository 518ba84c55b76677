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
                if (inlineValue is not null) result.Values[flag.Name] = inlineValue;
                result.Switches.Add(flag.Name);
                continue;
            }
            var value = inlineValue ?? (i + 1 < args.Length ? args[++i] : throw new UsageException($"option '{flag.Name}' needs a value"));
            result.Values[flag.Name] = flag.Repeatable && result.Values.TryGetValue(flag.Name, out var earlier) ? $"{earlier},{value}" : value;
        }
        return result;
    }
}
