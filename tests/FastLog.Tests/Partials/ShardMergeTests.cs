using System.Text;
using FastLog.Tests.TestSupport;
using Xunit;

namespace FastLog.Tests.Partials;

/// <summary>
/// A file cut into shard files by lines loses the parser context that crosses the cut (the
/// sshd session a line belongs to: its peer address and its failure tally); <c>--shard I/N</c>
/// cuts the file where one run cuts its chunks and reads each with the lines before it, so the
/// merge of the N partials prints one run's report over the file, byte for byte.
/// </summary>
public sealed class ShardMergeTests : IDisposable
{
    private const int SessionLines = 5;
    private readonly TempDirectory _dir = new("shards");

    public void Dispose() => _dir.Dispose();

    /// <summary>
    /// sshd sessions of <see cref="SessionLines"/> lines: the peer, the invalid user, its failed
    /// password (the same attempt), a line whose address is ambiguous (resolved from the session's
    /// peer) and PAM's summary of 2 failures: one run counts 2 failures per session.
    /// </summary>
    private static List<string> Sessions(int count)
    {
        var lines = new List<string>();
        for (var s = 0; s < count; s++)
        {
            var pid = 4000 + s;
            var ip = $"203.0.113.{s + 1}";
            var at = $"Mar  4 10:{s / 2:00}:00";
            lines.Add($"{at} web-1 sshd[{pid}]: Connection from {ip} port 5{s:0000} on 10.0.0.1 port 22");
            lines.Add($"{at} web-1 sshd[{pid}]: Invalid user admin{s} from {ip} port 5{s:0000}");
            lines.Add($"{at} web-1 sshd[{pid}]: Failed password for invalid user admin{s} from {ip} port 5{s:0000} ssh2");
            lines.Add($"{at} web-1 sshd[{pid}]: Failed password for invalid user x from 6.6.6.6 port 22 ssh2 from {ip} port 5{s:0000} ssh2");
            lines.Add($"{at} web-1 sshd[{pid}]: PAM 2 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost={ip}  user=admin{s}");
        }
        return lines;
    }

    private string Write(string name, IEnumerable<string> lines)
    {
        var path = _dir.File(name);
        File.WriteAllText(path, string.Concat(lines.Select(l => l + "\n")));
        return path;
    }

    [Fact]
    public void Files_cut_by_lines_inside_an_sshd_session_merge_to_another_failure_count_than_one_run()
    {
        var lines = Sessions(4);
        var whole = Write("auth.log", lines);
        string[] stats = ["stats", "failures", "--year", "2024"];
        var one = FastLogCli.Run([.. stats, "--output", "csv", whole]).Ok();
        // Cut after the invalid user, after its failed password, and after the ambiguous line of session 2.
        foreach (var cut in new[] { 2, 3, 4 })
        {
            var at = 2 * SessionLines + cut;
            var a = Write($"cut{cut}-a.log", lines.Take(at));
            var b = Write($"cut{cut}-b.log", lines.Skip(at));
            var partials = Shards.Partials([a, b], stats);
            var merged = FastLogCli.Run(["merge", "--output", "csv", .. partials]).Ok();
            Assert.True(merged != one, $"a cut after line {cut} of a session: expected the session's failures counted apart, got one run's\n{one}");
        }
    }

    public static TheoryData<string, int> FormatsAndShardCounts()
    {
        var data = new TheoryData<string, int>();
        foreach (var format in new[] { "sessions", "auth", "syslog", "octet-syslog", "w3c", "combined", "alb", "cloudtrail", "cloudtrail-records", "github" })
            foreach (var shards in new[] { 2, 3, 7 })
                data.Add(format, shards);
        // Every line a shard of its own: every cut point at once.
        data.Add("sessions", 0);
        data.Add("w3c", 0);
        return data;
    }

    [Theory]
    [MemberData(nameof(FormatsAndShardCounts))]
    public void Shards_of_a_file_merge_to_one_run_over_it_byte_for_byte(string format, int shardCount)
    {
        var log = Log(format);
        var count = shardCount > 0 ? shardCount : File.ReadAllLines(log).Length;
        foreach (var (command, printing) in new (string[], string[])[]
        {
            (["analyze", "--year", "2024"], ["--stable", "--output", "json"]),
            (["detect", "--year", "2024"], ["--stable", "--output", "jsonl"]),
        })
        {
            var one = FastLogCli.Run([.. command, .. printing, log]).Ok();
            var partials = ShardPartials(log, command, count);
            var merged = FastLogCli.Run(["merge", .. printing, .. Shards.Shuffled(partials, count)]);
            Assert.True(merged.ExitCode == 0, $"{merged.CommandLine} exited {merged.ExitCode}: {merged.Stderr}");
            Assert.True(merged.StdoutText == one, $"merge of {count} shards of {format} differs from one run of {command[0]}:\n--- one run\n{one}\n--- merge\n{merged.StdoutText}");
        }
    }

    [Fact]
    public void Merged_shards_count_each_sshd_session_as_one_run_does()
    {
        var log = Write("auth.log", Sessions(6));
        string[] stats = ["stats", "failures", "--year", "2024", "--output", "csv"];
        var one = FastLogCli.Run([.. stats, log]).Ok();
        // One run: 2 failures per session (the invalid user's attempt, then PAM's 2), over 4 failure lines each.
        Assert.Equal("count,min,mean,p50,p90,p95,p99,max\n24,0,0.5,0,1,1,1,1\n", one);
        var partials = ShardPartials(log, ["stats", "failures", "--year", "2024"], 6 * SessionLines);
        Assert.Equal(one, FastLogCli.Run(["merge", "--output", "csv", .. partials]).Ok());
    }

    [Fact]
    public void A_tree_reduce_of_adjacent_shards_equals_one_run()
    {
        var log = Log("sessions");
        string[] command = ["detect", "--year", "2024"];
        var partials = ShardPartials(log, command, 6);
        var left = _dir.File("left.flp");
        var right = _dir.File("right.flp");
        FastLogCli.Run("merge", "--partial", left, partials[2], partials[0], partials[1]).Ok();
        FastLogCli.Run("merge", "--partial", right, partials[3], partials[4], partials[5]).Ok();
        var one = FastLogCli.Run([.. command, "--stable", "--output", "jsonl", log]).Ok();
        Assert.Equal(one, FastLogCli.Run("merge", "--stable", "--output", "jsonl", right, left).Ok());
        // A shard already inside a tree partial is a duplicate.
        AssertRefused(FastLogCli.Run("merge", left, right, partials[1]), "the same shard twice");
    }

    [Fact]
    public void Merge_refuses_a_missing_a_repeated_or_a_differently_cut_shard()
    {
        var log = Log("sessions");
        string[] command = ["count", "--by", "ip"];
        var partials = ShardPartials(log, command, 4);
        AssertRefused(FastLogCli.Run(["merge", partials[0], partials[1], partials[3]]), "was cut into 4 shards; shard(s) 2 missing");
        AssertRefused(FastLogCli.Run(["merge", partials[1], partials[2], partials[3]]), "shard(s) 0 missing");
        AssertRefused(FastLogCli.Run(["merge", .. partials, partials[2]]), "is given twice");
        var copy = _dir.File("copy.flp");
        File.Copy(partials[2], copy);
        AssertRefused(FastLogCli.Run(["merge", .. partials, copy]), "the same shard twice");
        var other = ShardPartials(log, command, 5, "five");
        AssertRefused(FastLogCli.Run(["merge", partials[0], partials[1], other[2], other[3], other[4]]), "auth-sessions.log' differently");
        var chunked = ShardPartials(log, command, 4, "chunks", chunkSize: "64");
        AssertRefused(FastLogCli.Run(["merge", partials[0], partials[1], chunked[2], chunked[3]]), "differently");
        // A tree reduce joins adjacent shards only.
        AssertRefused(FastLogCli.Run(["merge", "--partial", _dir.File("gap.flp"), partials[0], partials[2]]), "adjacent shards only");
    }

    [Theory]
    [InlineData("3/3")]
    [InlineData("1")]
    [InlineData("-1/4")]
    [InlineData("a/b")]
    public void A_shard_outside_its_count_is_a_usage_error(string shard)
    {
        var log = Log("sessions");
        var result = FastLogCli.Run("count", "--shard", shard, "--partial", _dir.File("x.flp"), log);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--shard", result.Stderr);
    }

    [Fact]
    public void A_shard_needs_a_partial_and_a_regular_file()
    {
        var log = Log("sessions");
        var report = FastLogCli.Run("count", "--shard", "0/2", log);
        Assert.Equal(2, report.ExitCode);
        Assert.Contains("--shard needs --partial", report.Stderr);
        var stdin = FastLogCli.RunWithStdin(File.ReadAllBytes(log), "count", "--shard", "0/2", "--partial", _dir.File("s.flp"), "-");
        Assert.Equal(2, stdin.ExitCode);
        Assert.Contains("is a stream", stdin.Stderr);
    }

    private static void AssertRefused(CliResult result, string why)
    {
        Assert.True(result.ExitCode == 1, $"{result.CommandLine} exited {result.ExitCode}, expected 1; stderr: {result.Stderr}");
        Assert.Empty(result.Stdout);
        Assert.Contains(why, Assert.Single(result.StderrLines));
    }

    /// <summary>
    /// The partials of <paramref name="command"/> over shards 0 … <paramref name="count"/>-1 of
    /// <paramref name="log"/>, cut from a plan of one line per chunk (<c>--chunk-size 1</c>) unless
    /// <paramref name="chunkSize"/> says otherwise, so the cuts fall at lines <c>n·I/N</c>.
    /// </summary>
    private List<string> ShardPartials(string log, string[] command, int count, string name = "p", string chunkSize = "1")
    {
        var partials = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var partial = _dir.File($"{name}-{command[0]}-{i}.flp");
            FastLogCli.Run([.. command, "--chunk-size", chunkSize, "--shard", $"{i}/{count}", "--partial", partial, log]).Ok();
            partials.Add(partial);
        }
        return partials;
    }

    /// <summary>A log of <paramref name="format"/>: the sessions fixture (two at a time), RFC 6587 octet-counted syslog with a line feed inside each frame, CloudTrail's Records document, or a generated log.</summary>
    private string Log(string format)
    {
        var path = _dir.File($"auth-{format}.log");
        if (File.Exists(path)) return path;
        if (format == "sessions")
        {
            // Two sessions open at once (their lines interleaved), so a cut inside one is also inside the other.
            var sessions = Sessions(8);
            var mixed = new List<string>();
            for (var pair = 0; pair < 4; pair++)
                for (var k = 0; k < SessionLines; k++)
                    mixed.AddRange([sessions[2 * pair * SessionLines + k], sessions[(2 * pair + 1) * SessionLines + k]]);
            File.WriteAllText(path, string.Concat(mixed.Select(l => l + "\n")));
            return path;
        }
        if (format == "octet-syslog")
        {
            var text = new StringBuilder();
            for (var i = 0; i < 60; i++)
            {
                var message = $"<34>1 2024-03-04T10:{i / 60:00}:{i % 60:00}Z host{i % 3} app {100 + i} ID{i} - message {i} with a\nsecond line";
                text.Append(Encoding.UTF8.GetByteCount(message)).Append(' ').Append(message).Append('\n');
            }
            File.WriteAllText(path, text.ToString());
            return path;
        }
        if (format == "cloudtrail-records")
        {
            // One {"Records":[…]} document, read as one stream (reframed): shard 0 reads it whole.
            var events = File.ReadAllLines(Log("cloudtrail"));
            File.WriteAllText(path, "{\"Records\": [\n" + string.Join(",\n", events) + "\n]}\n");
            return path;
        }
        FastLogCli.Run("generate", "--format", format, "--lines", "400", "--seed", "11", "-o", path).Ok();
        return path;
    }
}
