using FastLog.Cli;
using FastLog.Output.Sinks;
using FastLog.Output.Text;
using FastLog.Scanning;

// fastlog: command line -> CliOptions -> LogPipeline -> report -> exit code.
// Exit codes: 0 done (also when stdout closes early), 1 runtime failure, 2 usage error.
var stderr = Console.Error;
try
{
    var cli = CliArgs.Parse(args);
    if (cli.Switches.Contains("--version"))
    {
        var available = string.Join(',', ScannerFactory.Available.Select(ScannerFactory.NameOf));
        var scanner = ScannerFactory.NameOf(ScannerFactory.Choose(Environment.GetEnvironmentVariable(ScannerFactory.OverrideVariable)));
        Console.Out.Write($"fastlog {CommandRunner.Version} scanner={scanner} available={available}\n");
        return 0;
    }
    if (cli.Switches.Contains("--help") || (cli.Command is null && cli.Positionals.Count == 0))
    {
        Console.Out.Write(HelpText.For(cli.Command));
        return cli.Switches.Contains("--help") ? 0 : 2;
    }
    return CommandRunner.Run(CliOptions.From(cli), stderr);
}
catch (UsageException e)
{
    stderr.Write($"fastlog: error: {TerminalText.Escape(e.Message)}\nTry 'fastlog --help'.\n");
    return 2;
}
catch (ArgumentException e)
{
    stderr.Write($"fastlog: error: {TerminalText.Escape(e.Message)}\n");
    return 2;
}
catch (OutputClosedException)
{
    return 0;
}
catch (IOException e)
{
    stderr.Write($"fastlog: error: {TerminalText.Escape(e.Message)}\n");
    return 1;
}
catch (UnauthorizedAccessException e)
{
    stderr.Write($"fastlog: error: {TerminalText.Escape(e.Message)}\n");
    return 1;
}
