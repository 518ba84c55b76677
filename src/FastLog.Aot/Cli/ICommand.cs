namespace FastLog.Cli;

/// <summary>
/// One fastlog command: its name, the flags it takes and how it runs. <see cref="CommandTable"/>
/// maps each name to its command; <see cref="FlagCheck"/> refuses, in one place, a flag the
/// command does not take.
/// </summary>
public interface ICommand
{
    /// <summary>The name typed on the command line (<see cref="CommandName"/>).</summary>
    string Name { get; }

    /// <summary>
    /// The flags (long names, as in <see cref="Flags.All"/>) the command takes; null for a command
    /// that reads none and ignores what it is given (formats, man, completion).
    /// </summary>
    IReadOnlyCollection<string>? FlagNames { get; }

    /// <summary>Whether <paramref name="flag"/> is taken given the rest of <paramref name="args"/> (analyze takes the rule flags only with --detect).</summary>
    bool Takes(string flag, CliArgs args) => FlagNames is not { } flags || flags.Contains(flag);

    /// <summary>The command's own words for refusing <paramref name="flag"/>, or null for the flag's (<see cref="FlagCheck"/>).</summary>
    string? Refusal(string flag, CliArgs args) => null;

    /// <summary>
    /// The validated <c>--output</c> of a command that reads inputs (its default when not given):
    /// table, json or csv unless the command writes others.
    /// </summary>
    /// <exception cref="UsageException">A format the command does not write.</exception>
    string Output(CliArgs args) => OutputName.Tabular(args);

    /// <summary>Runs the command with its flags already checked; returns the exit code.</summary>
    int Run(CliArgs args, IConsole console);
}
