using FastLog.Tests.TestSupport;
using Xunit;

namespace FastLog.Tests.EndToEnd;

/// <summary>
/// Issue 2, Commands: exit codes (0 done, 1 runtime failure, 2 usage error) and errors as one
/// clear, escaped line on stderr, never a stack trace.
/// </summary>
public class ExitCodeTests
{
    private static readonly string s_sample = Path.Combine(RepoPaths.Samples, "combined", "access.log");

    public static TheoryData<string, string[]> UsageErrors() => new()
    {
        { "unknown command", ["frobnicate", s_sample] },
        { "unknown option", ["count", s_sample, "--frobnicate"] },
        { "unknown short option", ["count", "-Z", s_sample] },
        { "top without a field", ["top"] },
        { "top without a field, with options", ["top", "--output", "csv"] },
        { "--threads 0", ["count", s_sample, "--threads", "0"] },
        { "--threads abc", ["count", s_sample, "--threads", "abc"] },
        { "--threads -1", ["count", s_sample, "--threads", "-1"] },
        { "--threads without a value", ["count", s_sample, "--threads"] },
        { "unknown top field", ["top", "nosuchfield", s_sample] },
        { "unknown --by field", ["count", s_sample, "--by", "status,nosuchfield"] },
        { "unknown --output", ["count", s_sample, "--output", "xml"] },
        { "unknown --io", ["count", s_sample, "--io", "carrier-pigeon"] },
        { "unknown --format", ["count", s_sample, "--format", "w3c-ish"] },
        { "--chunk-size 0", ["count", s_sample, "--chunk-size", "0"] },
        { "-n 0", ["top", "ip", s_sample, "-n", "0"] },
    };

    [Theory, MemberData(nameof(UsageErrors))]
    public void UsageError_ExitsTwo_WithOneErrorLine(string what, string[] args)
    {
        var run = FastLogCli.Run(args);
        Assert.True(run.ExitCode == 2, $"{what}: {run.CommandLine} exited {run.ExitCode}, expected 2; stderr:\n{run.Stderr}");
        AssertOneErrorLine(run, what);
        Assert.True(run.Stdout.Length == 0, $"{what}: nothing belongs on stdout, got:\n{run.StdoutText}");
    }

    // Control characters from the command line are escaped, so the message stays one line and
    // cannot drive the terminal.
    [Fact]
    public void UsageError_EscapesControlCharacters()
    {
        var run = FastLogCli.Run("top", "bad\u001b[31m\nfield", s_sample);
        Assert.Equal(2, run.ExitCode);
        AssertOneErrorLine(run, "field name with ESC and LF");
        Assert.DoesNotContain('\u001b', run.Stderr);
    }

    // The missing file is reported and the exit code is 1, but the other input is still read:
    // stdout is exactly what the existing file alone gives.
    [Fact]
    public void MissingInput_ExitsOne_AndOtherInputsAreStillProcessed()
    {
        var missing = Path.Combine(RepoPaths.Root, "no-such-dir", "missing.log");
        var alone = FastLogCli.Run("count", s_sample, "--by", "status", "--output", "csv").Ok();

        var run = FastLogCli.Run("count", missing, s_sample, "--by", "status", "--output", "csv");
        Assert.True(run.ExitCode == 1, $"{run.CommandLine} exited {run.ExitCode}, expected 1; stderr:\n{run.Stderr}");
        var error = AssertOneErrorLine(run, "missing input");
        Assert.Contains(missing, error, StringComparison.Ordinal);
        OutputAssert.Equal(alone, run.StdoutText, "count with a missing input first vs the existing input alone");
    }

    [Fact]
    public void OnlyMissingInputs_ExitOne()
    {
        var run = FastLogCli.Run("count", Path.Combine(RepoPaths.Root, "no-such-file.log"));
        Assert.Equal(1, run.ExitCode);
        AssertOneErrorLine(run, "only a missing input");
    }

    [Theory]
    [InlineData("--version")]
    [InlineData("-V")]
    public void Version_NamesTheScanner(string flag)
    {
        var run = FastLogCli.Run(flag);
        var stdout = run.Ok();
        Assert.Contains(stdout.Split('\n'), line => line.StartsWith("fastlog ", StringComparison.Ordinal) && line.Contains("scanner=", StringComparison.Ordinal));
        Assert.Equal("", run.Stderr);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("count", "--help")]
    public void Help_ExitsZero(params string[] args)
    {
        var run = FastLogCli.Run(args);
        Assert.False(string.IsNullOrWhiteSpace(run.Ok()));
        Assert.Equal("", run.Stderr);
    }

    [Fact]
    public void SuccessfulRun_ExitsZero_WithEmptyStderr()
    {
        var run = FastLogCli.Run("count", s_sample);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Stderr);
    }

    /// <summary>Exactly one stderr line starts with <c>fastlog: error:</c>, it is the first, and there is no stack trace.</summary>
    private static string AssertOneErrorLine(CliResult run, string what)
    {
        var lines = run.StderrLines;
        var errors = lines.Where(l => l.StartsWith("fastlog: error:", StringComparison.Ordinal)).ToArray();
        Assert.True(errors.Length == 1 && lines[0] == errors[0],
            $"{what}: expected one stderr line starting 'fastlog: error:', first; {run.CommandLine} wrote:\n{run.Stderr}");
        Assert.DoesNotContain(lines, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal) || l.Contains("Exception", StringComparison.Ordinal));
        return errors[0];
    }
}
