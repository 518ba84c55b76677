using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Cli;

/// <summary>
/// A closed, full or broken standard stream never crashes fastlog. Closed stderr: diagnostics are
/// dropped and the exit code still tells. Closed stdout: exit 1 with an error. <c>/dev/full</c>:
/// exit 1, "No space left on device". Broken pipe (<c>| head</c>): exit 0. Real processes, since
/// only they have descriptors to close.
/// </summary>
public class ClosedStreamsTests
{
    private const string Sample = "data/samples/combined/access.log";

    public static TheoryData<string, int> StderrClosedRuns() => new()
    {
        { "--version", 0 },
        { "count " + Sample, 0 },
        { "count data/no-such-file.log", 1 },
        { "count " + Sample + " --frobnicate", 2 },
        { "count " + Sample + " -o /no-such-dir/out", 1 },
        { "top ip " + Sample + " data/no-such-file.log", 1 },
        { "filter " + Sample + " data/no-such-file.log", 1 },
    };

    [Theory, MemberData(nameof(StderrClosedRuns))]
    public void StderrClosed_ExitCodeStillTells_NoAbort(string args, int expected)
    {
        var closed = FastLogProcess.Shell($"\"$FASTLOG\" {args} 2>&-");
        var open = FastLogProcess.Shell($"\"$FASTLOG\" {args}");
        Assert.True(closed.ExitCode == expected, $"{closed.Command} exited {closed.ExitCode}, expected {expected}; stderr:\n{closed.Stderr}");
        Assert.Equal(expected, open.ExitCode);
        Assert.Equal(open.Stdout, closed.Stdout);
        Assert.Equal("", closed.Stderr);
    }

    // With fd 2 closed, the next file opened would get number 2: diagnostics must not land in the output file.
    [Fact]
    public void StderrClosed_DiagnosticsNeverLandInTheOutputFile()
    {
        using var temp = new TempDirectory("stderr-closed-out");
        var run = FastLogProcess.Shell($"\"$FASTLOG\" filter {Sample} data/no-such-file.log -o {temp.File("out")} 2>&-");
        Assert.Equal(1, run.ExitCode);
        var alone = FastLogProcess.Shell($"\"$FASTLOG\" filter {Sample}");
        Assert.Equal(alone.Stdout, File.ReadAllText(temp.File("out")));
    }

    public static TheoryData<string> Writers() => new()
    {
        "--version",
        "count " + Sample,
        "analyze " + Sample,
        "filter " + Sample,
        "convert --to jsonl " + Sample,
        "generate --lines 1000",
    };

    [Theory, MemberData(nameof(Writers))]
    public void StdoutClosed_ExitsOne_WithAnError(string args)
    {
        var run = FastLogProcess.Shell($"\"$FASTLOG\" {args} >&-");
        Assert.True(run.ExitCode == 1, $"{run.Command} exited {run.ExitCode}; stderr:\n{run.Stderr}");
        var lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("fastlog: error: ", lines[0]);
        Assert.Equal("fastlog: error: standard output is closed", lines[0]);
    }

    [Theory, MemberData(nameof(Writers))]
    public void StdoutFull_ExitsOne_NoSpaceLeft(string args)
    {
        var run = FastLogProcess.Shell($"\"$FASTLOG\" {args} >/dev/full");
        Assert.True(run.ExitCode == 1, $"{run.Command} exited {run.ExitCode}; stderr:\n{run.Stderr}");
        var lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Equal("fastlog: error: write to standard output failed: No space left on device", lines[0]);
    }

    [Theory]
    [InlineData("filter {0}")]
    [InlineData("convert --to csv {0}")]
    [InlineData("generate --lines 2000000")]
    public void StdoutBrokenPipe_ExitsZero_Quietly(string arguments)
    {
        using var temp = new TempDirectory("broken-pipe");
        var log = temp.File("big.log");
        Shell.Run($"\"{FastLogProcess.Executable}\" generate --lines 200000 -o {log}");
        var run = FastLogProcess.Shell($"{{ \"$FASTLOG\" {string.Format(arguments, log)}; echo \"rc=$?\" >&2; }} | head -n 1");
        Assert.Equal(1, run.Stdout.Count(c => c == '\n'));
        Assert.Equal("rc=0\n", run.Stderr);
    }
}
