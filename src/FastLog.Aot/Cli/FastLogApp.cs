using FastLog.Output.Sinks;
using FastLog.Output.Text;

namespace FastLog.Cli;

/// <summary>Where a run reads stdin and writes stdout and stderr: the process's own, or a test's.</summary>
public interface IConsole
{
    /// <summary>Opens standard output (a raw stream; EPIPE surfaces as <see cref="OutputClosedException"/>).</summary>
    Stream OpenStdout();
    /// <summary>Opens standard input.</summary>
    Stream OpenStdin();
    /// <summary>Diagnostics.</summary>
    TextWriter Stderr { get; }
    /// <summary>True when standard output is a terminal (raw log lines are then escaped).</summary>
    bool StdoutIsTerminal => false;
    /// <summary>True when standard error is a terminal (a progress line may then be drawn).</summary>
    bool StderrIsTerminal => false;
}

/// <summary>The process's console.</summary>
public sealed class FastLogConsole : IConsole
{
    /// <summary>The one instance.</summary>
    public static readonly FastLogConsole Instance = new();
    private static readonly StderrWriter s_stderr = new();
    /// <inheritdoc/>
    public Stream OpenStdout() => StandardDescriptors.StdoutClosed || !StdoutStream.IsWritable() ? throw new IOException("standard output is closed") : new StdoutStream();
    /// <inheritdoc/>
    public Stream OpenStdin() => StandardDescriptors.StdinClosed ? throw new IOException("standard input is closed") : FastLog.Input.StandardInput.Open();
    /// <inheritdoc/>
    public TextWriter Stderr => s_stderr;
    /// <inheritdoc/>
    public bool StdoutIsTerminal => !Console.IsOutputRedirected;
    /// <inheritdoc/>
    public bool StderrIsTerminal => !Console.IsErrorRedirected;
}

/// <summary>
/// The whole command line: parse, validate, run, map failures to exit codes.
/// Exit codes: 0 done (also when stdout closes early), 1 runtime failure, 2 usage error.
/// </summary>
public static class FastLogApp
{
    /// <summary>Runs <paramref name="args"/> against <paramref name="console"/>; returns the exit code.</summary>
    public static int Run(string[] args, IConsole console)
    {
        var stderr = console.Stderr;
        try
        {
            var cli = CliArgs.Parse(args);
            if (cli.Switches.Contains("--version"))
            {
                Write(console, BuildInfo.VersionLine());
                return 0;
            }
            if (cli.Switches.Contains("--help") || (cli.Command is null && cli.Positionals.Count == 0))
            {
                Write(console, HelpText.For(cli.Command));
                return cli.Switches.Contains("--help") ? 0 : 2;
            }
            var command = CommandRunner.Find(cli);
            FlagCheck.Check(command, cli);
            return command.Run(cli, console);
        }
        catch (UsageException e)
        {
            stderr.Write($"fastlog: error: {TerminalText.Escape(e.Message)}\n");
            if (e.Detail is not null)
                foreach (var line in e.Detail.Split('\n')) stderr.Write($"  {TerminalText.Escape(line)}\n");
            stderr.Write("Try 'fastlog --help'.\n");
            return 2;
        }
        catch (OutputClosedException)
        {
            return 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.Write($"fastlog: error: {TerminalText.Escape(e.Message)}\n");
            return 1;
        }
    }

    /// <summary>Writes <paramref name="text"/> to standard output as UTF-8.</summary>
    internal static void Write(IConsole console, string text)
    {
        using var stdout = console.OpenStdout();
        stdout.Write(System.Text.Encoding.UTF8.GetBytes(text));
    }
}
