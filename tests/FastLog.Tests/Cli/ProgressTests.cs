using System.Text.RegularExpressions;
using FastLog.Aggregation;
using FastLog.Engine;
using FastLog.Input;
using FastLog.Output.Text;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Cli;

/// <summary>
/// The progress line on stderr: drawn in place on a terminal (a real process under a
/// pseudo-terminal from <c>script</c>), erased at the end, never in a pipe nor with
/// <c>--quiet</c>; its text; and the engine's counters it reads.
/// </summary>
public class ProgressTests
{
    private const string Sample = "data/samples/combined/access.log";

    // The sample fed to standard input in two parts with a pause between them, so the run lasts
    // past the 0.3 s before the first line whatever the machine's speed.
    private static string SlowStdin(string command)
        => $"(head -c 40000 {Sample}; sleep 1.2; tail -c +40001 {Sample}) | {command}";

    private static readonly Regex s_streamLine = new(@"\r(\d+ B|\d+\.\d [kMGTP]B) read  (\d+ B|\d+\.\d [kMGTP]B)/s  ([\d,]+) records\x1b\[K", RegexOptions.CultureInvariant);

    [Fact]
    public void Pty_StdinRun_DrawsBytesReadWithoutEtaThenErasesTheLine()
    {
        // Only stderr is the terminal: the report goes to /dev/null, so script's output is stderr.
        var run = FastLogProcess.Run($"script -qec \"{SlowStdin("$FASTLOG analyze - > /dev/null")}\" /dev/null");
        Assert.True(run.ExitCode == 0, run.Stderr);
        var text = run.StdoutText;
        var lines = s_streamLine.Matches(text);
        Assert.True(lines.Count >= 2, $"expected progress lines in: {Escape(text)}");
        Assert.DoesNotContain("ETA", text);
        // Records never go past the sample's lines, and never back.
        var total = File.ReadAllLines(Path.Combine(RepoPaths.Root, Sample)).Length;
        var records = lines.Select(m => long.Parse(m.Groups[3].Value.Replace(",", ""))).ToArray();
        Assert.All(records, r => Assert.InRange(r, 0, total));
        Assert.Equal(records.Order(), records);
        // The last thing written is the erase: the line is gone when the run ends.
        Assert.EndsWith("\x1b[K\r\x1b[K", text);
        Assert.Equal(text.Length, lines[^1].Index + lines[^1].Length + "\r\x1b[K".Length);
    }

    [Fact]
    public void Pty_RedrawsAtMostTenTimesASecondAfterTheFirstThirdOfASecond()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var run = FastLogProcess.Run($"script -qec \"{SlowStdin("$FASTLOG analyze - > /dev/null")}\" /dev/null");
        var seconds = clock.Elapsed.TotalSeconds;
        Assert.True(run.ExitCode == 0, run.Stderr);
        var lines = s_streamLine.Matches(run.StdoutText).Count;
        Assert.True(lines >= 2, $"expected progress lines in: {Escape(run.StdoutText)}");
        // The whole process ran for `seconds`: lines start 0.3 s in and come every 0.1 s at most.
        Assert.True(lines <= Math.Floor((seconds - 0.3) * 10) + 1, $"{lines} lines in {seconds:0.00} s");
    }

    [Fact]
    public void Pty_RunShorterThanAThirdOfASecond_DrawsNoLine()
    {
        var run = FastLogProcess.Run($"script -qec \"head -n 3 {Sample} | $FASTLOG count - > /dev/null\" /dev/null");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("", run.StdoutText);
    }

    [Fact]
    public void Pty_ReportStartsWhereTheLineWasErased()
    {
        // stdout and stderr on the same terminal: the report starts right after the erase.
        var run = FastLogProcess.Run($"script -qec \"{SlowStdin("$FASTLOG count -")}\" /dev/null");
        Assert.True(run.ExitCode == 0, run.Stderr);
        var piped = FastLogProcess.Run($"$FASTLOG count {Sample}");
        Assert.Matches(new Regex($@"records\x1b\[K\r\x1b\[K{piped.StdoutText.TrimEnd('\n')}\r\n$"), run.StdoutText);
    }

    [Theory]
    [InlineData("$FASTLOG analyze --quiet - > /dev/null")]
    [InlineData("$FASTLOG analyze -q - > /dev/null")]
    // stderr into a pipe whose reader writes to the terminal: nothing to show there.
    [InlineData("$FASTLOG analyze - 2>&1 > /dev/null | cat")]
    public void QuietOrStderrNotATerminal_DrawsNoLine(string command)
    {
        var run = FastLogProcess.Run($"script -qec \"{SlowStdin(command)}\" /dev/null");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("", run.StdoutText);
    }

    [Fact]
    public void PipedStderr_GetsNoLine()
    {
        var run = FastLogProcess.Run(SlowStdin("$FASTLOG analyze - > /dev/null"));
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("", run.Stderr);
    }

    [Theory]
    [InlineData(0, "0 B")]
    [InlineData(999, "999 B")]
    [InlineData(1000, "1.0 kB")]
    [InlineData(1536, "1.5 kB")]
    [InlineData(999_949, "999.9 kB")]
    [InlineData(999_950, "1.0 MB")]
    [InlineData(312_400_000, "312.4 MB")]
    [InlineData(1_073_741_824, "1.1 GB")]
    [InlineData(52_000_000_000_000, "52.0 TB")]
    [InlineData(long.MaxValue, "9223.4 PB")]
    public void Size_InDecimalUnitsWithOneDecimal(long bytes, string expected) => Assert.Equal(expected, ProgressLine.Size(bytes));

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(0.2, "1s")]
    [InlineData(59, "59s")]
    [InlineData(59.5, "1m00s")]
    [InlineData(65, "1m05s")]
    [InlineData(3599, "59m59s")]
    [InlineData(3600, "1h00m")]
    [InlineData(7380, "2h03m")]
    [InlineData(360_000, "--")]
    [InlineData(double.NaN, "--")]
    public void Duration_RoundsUp(double seconds, string expected) => Assert.Equal(expected, ProgressLine.Duration(seconds));

    [Theory]
    // Known total: share, average rate, records, time left at that rate.
    [InlineData(250_000_000, 1_000_000_000, 1_234_567, 500, "250.0 MB / 1.0 GB (25%)  500.0 MB/s  1,234,567 records  ETA 2s")]
    [InlineData(1_000_000, 100_000_000, 5, 10_000, "1.0 MB / 100.0 MB (1%)  100.0 kB/s  5 records  ETA 16m30s")]
    [InlineData(0, 1_000_000_000, 0, 300, "0 B / 1.0 GB (0%)  0 B/s  0 records  ETA --")]
    // A file that grew while read: the share stops at 100 %.
    [InlineData(1_100, 1_000, 7, 1000, "1.1 kB / 1.0 kB (100%)  1.1 kB/s  7 records  ETA 0s")]
    // Unknown total (stdin, gzip): bytes read, no share, no ETA.
    [InlineData(42_000_000, -1, 99_999, 2000, "42.0 MB read  21.0 MB/s  99,999 records")]
    [InlineData(0, -1, 0, 0, "0 B read  0 B/s  0 records")]
    public void Format_ShowsBytesRateRecordsAndEta(long done, long total, long records, int elapsedMs, string expected)
        => Assert.Equal(expected, ProgressLine.Format(done, total, records, TimeSpan.FromMilliseconds(elapsedMs)));

    [Fact]
    public void Engine_AtTheEnd_HasCountedEveryByteAndRecordOfFilesAndStreams()
    {
        var path = Path.Combine(RepoPaths.Root, Sample);
        var bytes = File.ReadAllBytes(path);
        var records = long.Parse(FastLogCli.Run("count", path).Ok());
        var errors = new List<string>();
        // The file twice (in 16 kB chunks, so several units add up) and once on standard input.
        var inputs = InputResolver.Resolve([path, "-", path], errors);
        Assert.Empty(errors);
        var progress = new PipelineProgress();
        var result = LogPipeline.Run(new PipelineOptions
        {
            Inputs = inputs,
            CreateAggregator = () => new CountAggregator(),
            Threads = 2,
            ChunkBytes = 16 * 1024,
            OpenStdin = () => new MemoryStream(bytes, writable: false),
            Progress = progress,
        });
        Assert.Equal(3L * bytes.Length, progress.BytesDone);
        Assert.Equal(-1, progress.TotalBytes);
        Assert.Equal(3 * records, progress.Records);
        Assert.Equal(result.Counters.Parsed, progress.Records);
    }

    [Fact]
    public void Engine_FilesOnly_KnowTheTotal()
    {
        var path = Path.Combine(RepoPaths.Root, Sample);
        var errors = new List<string>();
        var progress = new PipelineProgress();
        LogPipeline.Run(new PipelineOptions
        {
            Inputs = InputResolver.Resolve([path, path], errors),
            CreateAggregator = () => new CountAggregator(),
            ChunkBytes = 16 * 1024,
            Progress = progress,
        });
        Assert.Equal(2 * new FileInfo(path).Length, progress.TotalBytes);
        Assert.Equal(progress.TotalBytes, progress.BytesDone);
    }

    private static string Escape(string text) => text.Replace("\r", "\\r").Replace("\x1b", "\\e");
}
