using FastLog.Cli;
using Xunit;

namespace FastLog.Tests.TestSupport;

/// <summary>Runs the <c>fastlog</c> command line in-process, as the published binary would.</summary>
public static class FastLogCli
{
    /// <summary>Runs <paramref name="args"/> with an empty stdin.</summary>
    public static CliResult Run(params string[] args) => RunWithStdin([], args);

    /// <summary>Runs <paramref name="args"/> with <paramref name="stdin"/> as standard input.</summary>
    public static CliResult RunWithStdin(byte[] stdin, params string[] args)
    {
        var console = new TestConsole(stdin);
        var exitCode = FastLogApp.Run(args, console);
        Assert.True(console.StdoutOpens <= 1, $"stdout was opened {console.StdoutOpens} times by: fastlog {string.Join(' ', args)}");
        return new CliResult(args, exitCode, console.StdoutBytes, console.StderrText);
    }
}
