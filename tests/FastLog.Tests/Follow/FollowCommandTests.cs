using System.Text.Json;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Follow;

/// <summary>
/// The commands with <c>--follow</c>, as a real process against a writer: what they print while
/// following is checked against a batch run over the same bytes afterwards.
/// </summary>
public class FollowCommandTests
{
    /// <summary>Appends <paramref name="lines"/> generated combined-log lines (seed <paramref name="seed"/>) to <paramref name="path"/> in pieces of 50.</summary>
    private static void AppendGenerated(string path, int lines, int seed)
    {
        var text = File.ReadAllLines(Generate(lines, seed));
        for (var i = 0; i < text.Length; i += 50)
        {
            File.AppendAllLines(path, text.Skip(i).Take(50));
            Thread.Sleep(10);
        }
    }

    /// <summary>Generated combined lines; without attacks (the default for filter and count) only the generator's few deliberately malformed lines are not records.</summary>
    private static string Generate(int lines, int seed, bool attacks = false)
    {
        var path = Path.Combine(Path.GetTempPath(), $"fastlog-follow-gen-{lines}-{seed}-{(attacks ? "attacks" : "clean")}.log");
        if (!File.Exists(path)) Shell.Run($"\"{FastLogProcess.Executable}\" generate --lines {lines} --seed {seed} --attacks {(attacks ? "default" : "none")} -o {path}");
        return path;
    }

    [Theory]
    [InlineData("raw", "")]
    [InlineData("status", "--where=status >= 500")]
    public void Filter_follow_prints_each_match_once_in_order_across_a_rename_rotation(string name, string where)
    {
        using var dir = new TempDirectory("follow-filter-" + name);
        var log = dir.File("access.log");
        File.Copy(Generate(2000, 1), log);
        string[] args = where.Length > 0 ? ["filter", "--follow", "--line-buffered", where, log] : ["filter", "--follow", "--line-buffered", log];
        // The batch run over the same bytes: followed output must equal it line for line.
        var oracle = $"\"{FastLogProcess.Executable}\" filter {(where.Length > 0 ? "'" + where + "'" : "")} --format combined -";
        using var fastlog = new FollowProcess(dir.File("out.txt"), dir.File("err.txt"), args);
        // Started and through what the file held: a rotation before the follower starts is not one it can see.
        fastlog.WaitForLines(Shell.Run($"cat {log} | {oracle}").Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        AppendGenerated(log, 1000, 2);
        File.Move(log, log + ".1");
        AppendGenerated(log + ".1", 300, 3); // late writes to the rotated file
        Thread.Sleep(300);
        AppendGenerated(log, 700, 4);
        var expected = Shell.Run($"cat {log}.1 {log} | {oracle}").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        fastlog.WaitForLines(expected.Length);
        Assert.Equal(0, fastlog.Stop());
        Assert.Equal(expected, File.ReadAllLines(dir.File("out.txt")));
    }

    [Fact]
    public void Count_follow_reprints_when_lines_arrive_and_its_last_figure_is_every_line_written()
    {
        using var dir = new TempDirectory("follow-count");
        var log = dir.File("access.log");
        File.Copy(Generate(2000, 1), log);
        using var fastlog = new FollowProcess(dir.File("out.txt"), dir.File("err.txt"), "count", "--follow", "--interval", "200ms", log);
        fastlog.WaitForLines(1);
        AppendGenerated(log, 1000, 2);
        Thread.Sleep(600);
        Assert.Equal(0, fastlog.Stop());
        var printed = File.ReadAllLines(dir.File("out.txt")).Where(l => l.Length > 0).Select(long.Parse).ToList();
        var total = long.Parse(Shell.Run($"\"{FastLogProcess.Executable}\" count {log}").Trim());
        Assert.Equal(long.Parse(Shell.Run($"\"{FastLogProcess.Executable}\" count {Generate(2000, 1)}").Trim()), printed[0]);
        Assert.Equal(total, printed[^1]);
        Assert.True(printed.Count >= 2, string.Join(",", printed));
        Assert.Equal(printed.Order(), printed); // appended, never going back
    }

    [Fact]
    public void Detect_follow_reports_each_finding_of_the_batch_run_as_the_lines_arrive_without_duplicates()
    {
        using var dir = new TempDirectory("follow-detect");
        var log = dir.File("access.log");
        var source = File.ReadAllLines(Generate(20000, 5, attacks: true));
        File.WriteAllLines(log, source.Take(5000));
        var state = dir.File("follow.state");
        using var fastlog = new FollowProcess(dir.File("out.txt"), dir.File("err.txt"), "detect", "--follow", "--state", state, log);
        // Started (signal handlers in place) and through the first lines: the state is first saved after the first pass.
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (!File.Exists(state) && started.ElapsedMilliseconds < 30_000) Thread.Sleep(20);
        for (var i = 5000; i < source.Length; i += 1000)
        {
            File.AppendAllLines(log, source.Skip(i).Take(1000));
            Thread.Sleep(30);
        }
        Thread.Sleep(1000);
        Assert.Equal(0, fastlog.Stop());
        var followed = File.ReadAllLines(dir.File("out.txt")).Select(Subject).ToList();
        var batch = Shell.Run($"\"{FastLogProcess.Executable}\" detect --output jsonl {log}").Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(Subject).ToList();
        Assert.NotEmpty(batch);
        // Every finding of the batch run, each subject once per window end reported.
        Assert.Equal(batch.Select(s => s.Key).Order(), followed.Select(s => s.Key).Distinct().Order());
        Assert.Equal(followed.Count, followed.Distinct().Count());
    }

    /// <summary>
    /// analyze --follow --output html -o: the report is replaced (a new file renamed over the
    /// path) as lines arrive; a reader polling it only ever sees a whole document; and the last
    /// one equals the batch report of the same lines (--stable leaves out the run's timings).
    /// </summary>
    [Fact]
    public void Analyze_follow_rewrites_the_html_report_atomically_and_ends_equal_to_the_batch_report()
    {
        using var dir = new TempDirectory("follow-analyze");
        var log = dir.File("access.log");
        File.Copy(Generate(2000, 1), log);
        var report = dir.File("report.html");
        using var fastlog = new FollowProcess(dir.File("out.txt"), dir.File("err.txt"),
            "analyze", "--follow", "--output", "html", "--stable", "--interval", "200ms", "-o", report, log);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!File.Exists(report) && watch.ElapsedMilliseconds < 20_000) Thread.Sleep(10);
        var seen = new HashSet<string>();
        var inodes = new HashSet<ulong>();
        var incomplete = 0;
        using var stopReading = new CancellationTokenSource();
        var reader = new Thread(() =>
        {
            while (!stopReading.IsCancellationRequested)
            {
                var text = File.ReadAllText(report);
                if (!text.StartsWith("<!DOCTYPE html>", StringComparison.Ordinal) || !text.TrimEnd().EndsWith("</html>", StringComparison.Ordinal)) incomplete++;
                seen.Add(text);
                if (FastLog.Input.FileStatus.TryGet(report, out var status)) inodes.Add(status.Inode);
                Thread.Sleep(2);
            }
        });
        reader.Start();
        AppendGenerated(log, 1000, 2);
        Thread.Sleep(800);
        stopReading.Cancel();
        reader.Join();
        Assert.Equal(0, fastlog.Stop());
        var batch = dir.File("batch.html");
        Shell.Run($"\"{FastLogProcess.Executable}\" analyze --output html --stable -o {batch} {log}");
        Assert.Equal(File.ReadAllText(batch), File.ReadAllText(report));
        Assert.Equal(0, incomplete);
        Assert.True(seen.Count >= 2, $"{seen.Count} distinct reports seen");
        Assert.True(inodes.Count >= 2, $"{inodes.Count} inodes seen");
        Assert.Equal("", File.ReadAllText(dir.File("err.txt")));
    }

    /// <summary>
    /// SIGTERM and SIGINT (default dispositions, a real process): the lines appended since the
    /// last periodic save are read, the state is saved at the end of the last whole line, and the
    /// exit code is 0. --interval 60m: only the save at exit can hold the appended lines;
    /// --partial-line-timeout 60m: the unterminated tail is never handed on, however slow the machine.
    /// </summary>
    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public void A_stop_signal_saves_the_state_at_the_last_line_read_and_exits_0(string signal)
    {
        using var dir = new TempDirectory("follow-signal");
        var log = dir.File("access.log");
        var lines = File.ReadAllLines(Generate(2000, 1));
        File.WriteAllLines(log, lines[..1000]);
        var state = dir.File("follow.state");
        using var fastlog = new FollowProcess(dir.File("out.txt"), dir.File("err.txt"),
            "filter", "--follow", "--line-buffered", "--interval", "60m", "--partial-line-timeout", "60m", "--state", state, log);
        // The batch filter over the same lines: the generator's few malformed lines are not printed.
        var expected = Shell.Run($"\"{FastLogProcess.Executable}\" filter --format combined {Generate(2000, 1)}").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var initial = Shell.Run($"head -n 1000 {log} | \"{FastLogProcess.Executable}\" filter --format combined -").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        fastlog.WaitForLines(initial.Length);
        File.AppendAllLines(log, lines[1000..]);
        fastlog.WaitForLines(expected.Length);
        File.AppendAllText(log, "unterminated"); // not a whole line: not covered by the state
        Thread.Sleep(100);
        Assert.Equal(0, fastlog.Stop(signal));
        var entry = File.ReadAllLines(state)[1].Split(' ');
        Assert.Equal(new FileInfo(log).Length - "unterminated".Length, long.Parse(entry[2]));
        Assert.Equal(expected, File.ReadAllLines(dir.File("out.txt")));
    }

    [Fact]
    public void Sighup_reopens_the_output_file_so_logrotate_can_move_it_away()
    {
        using var dir = new TempDirectory("follow-hup");
        var log = dir.File("access.log");
        var lines = File.ReadAllLines(Generate(2000, 1));
        File.WriteAllLines(log, lines[..2]);
        var output = dir.File("matches.txt");
        using var fastlog = new FollowProcess(dir.File("out.txt"), dir.File("err.txt"), "filter", "--follow", "--line-buffered", "-o", output, log);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while ((!File.Exists(output) || File.ReadAllLines(output).Length < 2) && watch.ElapsedMilliseconds < 20_000) Thread.Sleep(20);
        File.Move(output, output + ".1");
        fastlog.Signal("HUP");
        Thread.Sleep(300);
        File.AppendAllLines(log, lines[2..3]);
        Thread.Sleep(800);
        Assert.Equal(0, fastlog.Stop("INT"));
        Assert.Equal(lines[..2], File.ReadAllLines(output + ".1"));
        Assert.Equal(lines[2..3], File.ReadAllLines(output));
    }

    private static (string Key, string End) Subject(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var source = root.TryGetProperty("source", out var s) ? s.GetProperty("address").GetString() : "";
        var user = root.TryGetProperty("user", out var u) ? u.ToString() : "";
        var host = root.TryGetProperty("host", out var h) ? h.ToString() : "";
        return ($"{root.GetProperty("rule").GetProperty("id").GetString()} {source} {user} {host}", root.GetProperty("event").GetProperty("end").GetString()!);
    }
}
