using System.Diagnostics;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Cli;

/// <summary>
/// SIGINT, SIGTERM and SIGHUP during a run writing <c>-o</c> remove the temporary output file and
/// end the process with 130, 143 or 129. The run reads a standard input the test keeps open, so
/// it is certainly mid-run, with its temporary file on disk, when the signal arrives.
/// </summary>
public class SignalCleanupTests
{
    private static readonly string s_sample = Path.Combine(RepoPaths.Samples, "combined", "access.log");

    public static TheoryData<string, int, string[]> Runs()
    {
        var data = new TheoryData<string, int, string[]>();
        foreach (var (signal, status) in new[] { ("INT", 130), ("TERM", 143), ("HUP", 129) })
        {
            data.Add(signal, status, ["filter", "-"]);
            data.Add(signal, status, ["convert", "--to", "parquet", "-"]);
            data.Add(signal, status, ["analyze", "-"]);
        }
        data.Add("INT", 130, ["count", "--by", "ip", "-"]);
        data.Add("TERM", 143, ["generate", "--lines", "40000000"]);
        return data;
    }

    [Theory, MemberData(nameof(Runs))]
    public void Signal_RemovesTheTemporaryOutput_AndExitsWithItsStatus(string signal, int status, string[] command)
    {
        using var temp = new TempDirectory("signal-cleanup");
        var output = temp.File("out");
        using var process = FastLogProcess.Start([.. command, "-o", output]);
        try
        {
            if (command.Contains("-"))
            {
                // Lines the run can process while it waits for more; standard input stays open.
                process.StandardInput.BaseStream.Write(File.ReadAllBytes(s_sample));
                process.StandardInput.BaseStream.Flush();
            }
            WaitForTemporaryFile(temp.Path, process);

            Shell.Run($"kill -{signal} {process.Id}");
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(10)), $"fastlog {string.Join(' ', command)} did not end within 10 s of SIG{signal}");
            Assert.Equal(status, process.ExitCode);
            Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
        }
        finally
        {
            if (!process.HasExited) process.Kill();
        }
    }

    private static void WaitForTemporaryFile(string directory, Process process)
    {
        var clock = Stopwatch.StartNew();
        // A guard against a run that never creates its file, not a timing assertion.
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (Directory.GetFiles(directory, ".out.*.tmp").Length == 1) return;
            Assert.False(process.HasExited, $"fastlog ended (exit {(process.HasExited ? process.ExitCode : 0)}) before its temporary file was seen");
            Thread.Sleep(20);
        }
        Assert.Fail("no temporary output file appeared within 30 s");
    }
}
