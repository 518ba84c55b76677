using FastLog.Cli;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Cli;

/// <summary>
/// <c>-o</c> is checked before any input is read: a path that cannot be written fails at once
/// with exit 1 (not after reading the whole input), an empty path is a usage error, and a failed
/// placement never crashes the process later from a finalizer.
/// </summary>
public class OutputPlacementTests
{
    private static readonly string s_sample = Path.Combine(RepoPaths.Samples, "combined", "access.log");

    /// <summary>Every command that writes a result, reading standard input (so the test sees whether it was opened).</summary>
    public static TheoryData<string[]> Commands() => new()
    {
        new[] { "count", "-" },
        new[] { "analyze", "-" },
        new[] { "top", "ip", "-" },
        new[] { "stats", "bytes", "-" },
        new[] { "detect", "-" },
        new[] { "filter", "-" },
        new[] { "convert", "--to", "csv", "-" },
        new[] { "convert", "--to", "parquet", "-" },
    };

    [Theory, MemberData(nameof(Commands))]
    public void OutputIntoAMissingDirectory_FailsBeforeReadingAnyInput(string[] command)
    {
        using var temp = new TempDirectory("out-missing-dir");
        var missing = temp.File("no-such-dir");
        var console = new TestConsole(File.ReadAllBytes(s_sample));
        var exit = FastLogApp.Run([.. command, "-o", Path.Combine(missing, "out")], console);

        Assert.True(exit == 1, $"{string.Join(' ', command)} -o into a missing directory exited {exit}; stderr:\n{console.StderrText}");
        Assert.Equal(0, console.StdinOpens);
        var lines = console.StderrText.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Equal($"fastlog: error: -o {missing}/out: directory {missing} does not exist", lines[0]);
        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
    }

    [Theory, MemberData(nameof(Commands))]
    public void OutputIntoAFileUsedAsADirectory_FailsBeforeReadingAnyInput(string[] command)
    {
        using var temp = new TempDirectory("out-not-dir");
        File.WriteAllText(temp.File("plain"), "x");
        var console = new TestConsole(File.ReadAllBytes(s_sample));
        var exit = FastLogApp.Run([.. command, "-o", temp.File("plain") + "/out"], console);

        Assert.True(exit == 1, $"exited {exit}; stderr:\n{console.StderrText}");
        Assert.Equal(0, console.StdinOpens);
        Assert.StartsWith($"fastlog: error: -o {temp.File("plain")}/out: ", console.StderrText);
        Assert.Equal("x", File.ReadAllText(temp.File("plain")));
    }

    public static TheoryData<string[]> EmptyPaths() => new()
    {
        new[] { "count", s_sample, "-o", "" },
        new[] { "analyze", s_sample, "-o", "" },
        new[] { "filter", s_sample, "-o", "" },
        new[] { "convert", "--to", "jsonl", s_sample, "-o", "" },
        new[] { "generate", "--lines", "10", "-o", "" },
        new[] { "generate", "--lines", "10", "--truth", "" },
        new[] { "count", s_sample, "--out=" },
    };

    [Theory, MemberData(nameof(EmptyPaths))]
    public void EmptyOutputPath_IsAUsageError(string[] args)
    {
        var run = FastLogCli.Run(args);
        Assert.True(run.ExitCode == 2, $"{run.CommandLine} exited {run.ExitCode}; stderr:\n{run.Stderr}");
        Assert.StartsWith("fastlog: error: ", run.Stderr);
        Assert.Contains("empty", run.Stderr);
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public void GenerateIntoAMissingDirectory_FailsBeforeGenerating()
    {
        using var temp = new TempDirectory("gen-missing-dir");
        var run = FastLogCli.Run("generate", "--lines", "10", "-o", temp.File("log"), "--truth", temp.File("none/truth.json"));
        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"fastlog: error: --truth {temp.File("none/truth.json")}: directory {temp.File("none")} does not exist\n", run.Stderr);
        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
    }

    // The temporary file used to be created in a FileStream base constructor: when it threw, the
    // half-built object's finalizer ran cleanup on null fields and crashed the process
    // (ArgumentNullException on the finalizer thread) whenever a GC came before exit.
    [Fact]
    public void FailedPlacement_LeavesNothingForAFinalizerToCrashOn()
    {
        using var temp = new TempDirectory("out-finalizer");
        for (var i = 0; i < 20; i++)
            Assert.Equal(1, FastLogCli.Run("count", s_sample, "-o", temp.File($"missing/{i}")).ExitCode);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.Equal("", FastLogCli.Run("count", s_sample, "-o", temp.File("ok")).Stderr);
        Assert.Equal(FastLogCli.Run("count", s_sample).Ok(), File.ReadAllText(temp.File("ok")));
    }
}
