using System.Text.Json;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Follow;

/// <summary>
/// <c>--state</c> keeps the counts beside the offsets: a real fastlog stopped with SIGTERM in the
/// middle of an attack and started again with the same state finds the attack once, with the
/// count and evidence of a batch run over the whole file; count and top go on from their totals;
/// a state saved with other options is refused.
/// </summary>
public class FollowRuleStateTests
{
    private const string Attacker = "45.142.120.9";

    /// <summary>Noise and attack lines of one rule class; <c>half</c> attack lines come before the restart and as many after.</summary>
    private static string[] Lines(string rule, int from, int attacks, int noise)
    {
        var lines = new List<string>();
        // Invariant: each attack line is followed by noise lines of other clients, all in one 10-minute (and 5-minute) bucket.
        for (var i = from; i < from + attacks; i++)
        {
            var second = 5 + i % 50;
            lines.Add(rule == "L2b"
                ? $"Mar  3 10:01:{second:00} web1 sshd[{4000 + i}]: Failed password for root from {Attacker} port {50000 + i} ssh2"
                : $"{Attacker} - - [03/Mar/2026:10:01:{second:00} +0000] \"POST /login HTTP/1.1\" 401 12 \"-\" \"curl/8.5\"");
            for (var n = 0; n < noise; n++)
                lines.Add(rule == "L2b"
                    ? $"Mar  3 10:01:{second:00} web1 sshd[{9000 + n}]: Accepted publickey for deploy from 192.0.2.{n + 1} port {40000 + i} ssh2: RSA SHA256:abc"
                    : $"198.51.100.{n + 1} - - [03/Mar/2026:10:01:{second:00} +0000] \"GET /index.html HTTP/1.1\" 200 512 \"-\" \"Mozilla/5.0\"");
        }
        return [.. lines];
    }

    private static FollowProcess Start(TempDirectory dir, string run, params string[] args)
        => new(dir.File($"out{run}.txt"), dir.File($"err{run}.txt"), args);

    /// <summary>Waits until the state file was written after <paramref name="since"/> (the follower is up, its signal handlers set).</summary>
    private static void WaitForSave(string state, DateTime since)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while ((!File.Exists(state) || File.GetLastWriteTimeUtc(state) <= since) && watch.ElapsedMilliseconds < 30_000) Thread.Sleep(20);
    }

    private static List<JsonElement> Findings(string path)
        => [.. File.ReadAllLines(path).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement)];

    private static bool IsAttack(JsonElement f, string rule)
        => f.GetProperty("rule").GetProperty("id").GetString() == rule && f.GetProperty("source").GetProperty("address").GetString() == Attacker;

    /// <summary>
    /// The attack's threshold (L2b: more than 30 failures in 10 minutes; W9: 10 responses 401 in 5
    /// minutes) is crossed only by the lines written after the stop (half while fastlog is down,
    /// half appended while the restarted one follows): without the rule state
    /// the second run would count 20 (6) and find nothing; with it, the finding appears exactly
    /// once, counting every attack line (grep), its evidence the first attack lines with their
    /// line numbers (grep -n) as the batch run over the whole file gives them; a third run with
    /// nothing new prints nothing (a finding printed before a restart is not printed again).
    /// </summary>
    [Theory]
    [InlineData("L2b", "auth.log", 20, 3)]
    [InlineData("W9", "access.log", 6, 0)] // W9 keeps no evidence lines, in batch runs either
    public void An_attack_spanning_a_restart_is_found_once_with_the_whole_count_and_evidence(string rule, string name, int half, int evidenceLines)
    {
        using var dir = new TempDirectory("follow-rules");
        var log = dir.File(name);
        var state = dir.File("follow.state");
        File.WriteAllLines(log, Lines(rule, 0, half, 3));
        var before = DateTime.UtcNow.AddSeconds(-1);
        using (var first = Start(dir, "1", "detect", "--follow", "--state", state, log))
        {
            WaitForSave(state, before);
            Assert.Equal(0, first.Stop());
        }
        Assert.DoesNotContain(Findings(dir.File("out1.txt")), f => IsAttack(f, rule));
        // The attack goes on while fastlog is down, and after it is back (appended as it follows).
        File.AppendAllLines(log, Lines(rule, half, half / 2, 3));
        var restarted = File.GetLastWriteTimeUtc(state);
        using (var second = Start(dir, "2", "detect", "--follow", "--state", state, log))
        {
            WaitForSave(state, restarted);
            File.AppendAllLines(log, Lines(rule, half + half / 2, half - half / 2, 3));
            second.WaitForLines(1);
            Assert.Equal(0, second.Stop());
        }
        var third = Start(dir, "3", "detect", "--follow", "--state", state, log);
        WaitForSave(state, File.GetLastWriteTimeUtc(state));
        Thread.Sleep(300);
        Assert.Equal(0, third.Stop());
        third.Dispose();

        var all = Findings(dir.File("out1.txt")).Concat(Findings(dir.File("out2.txt"))).Concat(Findings(dir.File("out3.txt"))).ToList();
        var found = Assert.Single(all, f => IsAttack(f, rule));
        Assert.Empty(Findings(dir.File("out3.txt")));
        var attackLines = Shell.Run($"grep -n {Attacker} {log}").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2 * half, attackLines.Length);
        Assert.Equal(attackLines.Length, found.GetProperty("event").GetProperty("count").GetInt32());
        var evidence = found.GetProperty("fastlog").GetProperty("evidence").EnumerateArray().ToList();
        Assert.Equal(evidenceLines, evidence.Count);
        for (var i = 0; i < evidence.Count; i++)
        {
            var (number, text) = (attackLines[i].Split(':', 2)[0], attackLines[i].Split(':', 2)[1]);
            Assert.Equal(log, evidence[i].GetProperty("file").GetString());
            Assert.Equal(long.Parse(number), evidence[i].GetProperty("line").GetInt64());
            Assert.Equal(text, evidence[i].GetProperty("text").GetString());
        }
        var batch = Shell.Run($"\"{FastLogProcess.Executable}\" detect --output jsonl {log}").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement).Single(f => IsAttack(f, rule));
        Assert.Equal(batch.GetProperty("event").GetProperty("count").GetInt32(), found.GetProperty("event").GetProperty("count").GetInt32());
        Assert.Equal(batch.GetProperty("fastlog").GetProperty("evidence").GetRawText(), found.GetProperty("fastlog").GetProperty("evidence").GetRawText());
    }

    /// <summary>count and top --follow go on from the totals saved with the offsets: the last table after the restart counts every line of the file (wc -l, sort | uniq -c).</summary>
    [Theory]
    [InlineData("count")]
    [InlineData("top")]
    public void Count_and_top_go_on_from_their_saved_totals_after_a_restart(string command)
    {
        using var dir = new TempDirectory("follow-rules-count");
        var log = dir.File("access.log");
        var state = dir.File("follow.state");
        File.WriteAllLines(log, Lines("W9", 0, 40, 4));
        string[] args = command == "count" ? ["count", "--follow", "--state", state, log] : ["top", "ip", "--follow", "--state", state, log];
        var before = DateTime.UtcNow.AddSeconds(-1);
        using (var first = Start(dir, "1", args))
        {
            WaitForSave(state, before);
            Assert.Equal(0, first.Stop());
        }
        File.AppendAllLines(log, Lines("W9", 40, 25, 2));
        using (var second = Start(dir, "2", args))
        {
            second.WaitForLines(1);
            Assert.Equal(0, second.Stop());
        }
        var printed = File.ReadAllText(dir.File("out2.txt"));
        if (command == "count")
        {
            Assert.Equal(Shell.Run($"wc -l < {log}").Trim(), printed.Trim().Split('\n')[^1].Trim());
            return;
        }
        // The attacker's row: its requests in the whole file.
        var expected = Shell.Run($"grep -c '^{Attacker} ' {log}").Trim();
        var row = printed.Split('\n').Last(l => l.Contains(Attacker));
        Assert.Contains(expected, row.Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>A state saved by detect with other rule options, or by another command, is refused with one clear line and exit 1, and left as it was.</summary>
    [Theory]
    [InlineData("detect", "--rule-option", "W9.count=5")]
    [InlineData("count", null, null)]
    [InlineData("filter", null, null)]
    public void A_state_saved_with_other_options_or_by_another_command_is_refused(string command, string? option, string? value)
    {
        using var dir = new TempDirectory("follow-rules-refuse");
        var log = dir.File("access.log");
        var state = dir.File("follow.state");
        File.WriteAllLines(log, Lines("W9", 0, 5, 2));
        var before = DateTime.UtcNow.AddSeconds(-1);
        using (var first = Start(dir, "1", "detect", "--follow", "--state", state, log))
        {
            WaitForSave(state, before);
            Assert.Equal(0, first.Stop());
        }
        var saved = File.ReadAllBytes(state);
        List<string> args = [command, "--follow", "--state", state];
        if (option is not null) args.AddRange([option, value!]);
        args.Add(log);
        // A real process with a time limit: a state wrongly accepted would follow for ever.
        var (exitCode, _, stderr) = Shell.Execute("/bin/sh", $"\"{FastLogProcess.Executable}\" {string.Join(' ', args.Select(Shell.Quote))}", dir.Path, null, TimeSpan.FromSeconds(20));
        Assert.Equal(1, exitCode);
        Assert.StartsWith($"fastlog: error: --state {state} ", stderr);
        Assert.Single(stderr.TrimEnd('\n').Split('\n'));
        Assert.Equal(saved, File.ReadAllBytes(state));
    }

    /// <summary>
    /// The checkpoint ends with the XxHash128 of what comes before it: a file cut short or with
    /// one byte changed (in the offsets or in the saved counts) is refused as damaged, never half
    /// read; a version 1 checkpoint (offsets only) is still read.
    /// </summary>
    [Theory]
    [InlineData("cut", 0)]
    [InlineData("cut", 30)]
    [InlineData("flip", 30)]
    [InlineData("flip", 70)]
    [InlineData("flip", -20)]
    public void A_damaged_checkpoint_is_refused_whole(string damage, int at)
    {
        using var dir = new TempDirectory("follow-rules-damage");
        var state = dir.File("follow.state");
        FastLog.Input.Follow.FollowCheckpoint.Save(state, [new(1, 2, 300, 12, 10, 0xabc, 10, 0xdef, "/var/log/app.log")], "detect.v2.00", [1, 2, 3, 10, 0, 255]);
        var saved = FastLog.Input.Follow.FollowCheckpoint.Load(state);
        Assert.Equal(12, Assert.Single(saved.Entries).Lines);
        Assert.Equal("detect.v2.00", saved.StateKind);
        Assert.Equal([1, 2, 3, 10, 0, 255], saved.State);
        var bytes = File.ReadAllBytes(state);
        var position = at < 0 ? bytes.Length + at : at;
        if (damage == "cut") bytes = bytes[..^(at + 1)];
        else bytes[position] ^= 0x01;
        File.WriteAllBytes(state, bytes);
        var error = Assert.Throws<InvalidDataException>(() => FastLog.Input.Follow.FollowCheckpoint.Load(state));
        Assert.Contains("damaged", error.Message);

        File.WriteAllText(state, "fastlog-follow-state 1\n1 2 300 10 0000000000000abc 10 0000000000000def /var/log/app.log\n");
        var old = FastLog.Input.Follow.FollowCheckpoint.Load(state);
        Assert.Equal((300L, 0L, (string?)null), (Assert.Single(old.Entries).Offset, old.Entries[0].Lines, old.StateKind));
    }
}
