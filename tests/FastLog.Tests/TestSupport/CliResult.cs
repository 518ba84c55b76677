using System.Text;
using Xunit;

namespace FastLog.Tests.TestSupport;

/// <summary>What one in-process run of the CLI produced.</summary>
/// <param name="Args">The command line, for failure messages.</param>
/// <param name="ExitCode">The value <c>FastLogApp.Run</c> returned.</param>
/// <param name="Stdout">The bytes written to stdout.</param>
/// <param name="Stderr">The text written to stderr.</param>
public sealed record CliResult(string[] Args, int ExitCode, byte[] Stdout, string Stderr)
{
    /// <summary>Stdout decoded as UTF-8.</summary>
    public string StdoutText => Encoding.UTF8.GetString(Stdout);

    /// <summary>The command line as one shell-like string.</summary>
    public string CommandLine => "fastlog " + string.Join(' ', Args.Select(Shell.Quote));

    /// <summary>Stderr split into lines (no trailing empty line).</summary>
    public string[] StderrLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Fails unless the run exited 0; returns the stdout text.</summary>
    public string Ok()
    {
        Assert.True(ExitCode == 0, $"{CommandLine} exited {ExitCode}; stderr:\n{Stderr}");
        return StdoutText;
    }
}
