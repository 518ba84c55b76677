using System.Text;
using System.Text.Json;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.EndToEnd;

/// <summary>
/// Issue 11.16 end to end: lines with a forged second source address (6.6.6.6) are attributed
/// only through an earlier line of their <c>sshd[pid]</c> within the 1 MiB lookback, the same
/// way for every thread count, chunk size and I/O strategy (the earlier line may sit in the
/// previous chunk), and never to the forged address, in <c>top ip</c> and in the L2/L2b/L4 rules.
/// </summary>
public sealed class AuthAmbiguousSourceTests : IDisposable
{
    private const string Forged = "6.6.6.6";
    private readonly TempDirectory _temp = new("ambiguous-source");
    private readonly string _path;
    private readonly Dictionary<string, long> _expected = new(StringComparer.Ordinal);
    private readonly long _unresolved;

    /// <summary>
    /// ~3 MB: 240 sessions, each a <c>Connection from</c> line (left out for every 8th session),
    /// 1–20 KB of other programs' lines, then three failures whose INFO or user name forges
    /// " from 6.6.6.6 port 22 ssh2". Every 12th session has 1.1 MB of other lines between its
    /// connection and its failures: past the lookback, so it stays unresolved. The expected counts
    /// are those the generator chose (the oracle), not the parser's.
    /// </summary>
    public AuthAmbiguousSourceTests()
    {
        _path = _temp.File("auth.log");
        var random = new Random(5);
        var sb = new StringBuilder();
        for (var k = 0; k < 240; k++)
        {
            var pid = 3000 + k;
            var ip = $"203.0.113.{k % 50 + 1}";
            var port = 40000 + k;
            var connected = k % 8 != 0;
            if (connected) sb.Append($"Mar  1 10:00:00 web1 sshd[{pid}]: Connection from {ip} port {port} on 10.0.0.1 port 22\n");
            var fillerBytes = k % 12 == 5 ? 1_100_000 : random.Next(1_000, 20_000);
            for (var written = 0; written < fillerBytes;)
            {
                var line = $"Mar  1 10:00:00 web1 cron[{random.Next(100, 999)}]: {new string('x', random.Next(20, 400))}\n";
                sb.Append(line);
                written += line.Length;
            }
            for (var f = 0; f < 3; f++)
            {
                sb.Append(f % 2 == 0
                    ? $"Mar  1 10:00:0{f} web1 sshd[{pid}]: Failed password for root from {ip} port {port} ssh2: x from {Forged} port 22 ssh2\n"
                    : $"Mar  1 10:00:0{f} web1 sshd[{pid}]: Failed password for u{f} from {Forged} port 22 ssh2: from {ip} port {port} ssh2\n");
            }
            if (connected && k % 12 != 5) _expected[ip] = _expected.GetValueOrDefault(ip) + 3;
            else _unresolved += 3;
        }
        File.WriteAllText(_path, sb.ToString());
    }

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string[]> Runs => new()
    {
        { ["--threads", "1"] },
        { ["--threads", "2", "--chunk-size", "65536"] },
        { ["--threads", "3", "--chunk-size", "100003", "--io", "mmap"] },
        { ["--threads", "2", "--chunk-size", "1048576", "--io", "read"] },
    };

    [Theory, MemberData(nameof(Runs))]
    public void SourcesComeFromTheSession_ForEveryChunking(string[] options)
    {
        var csv = FastLogCli.Run(["top", "ip", _path, "-n", "1000", "--output", "csv", .. options]).Ok();
        var counts = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(l => l.Split(','))
            .Where(f => f[0] != "-")
            .ToDictionary(f => f[0], f => long.Parse(f[1]));
        Assert.DoesNotContain(Forged, counts.Keys);
        Assert.Equal(_expected.OrderBy(e => e.Key), counts.OrderBy(e => e.Key));

        using var report = JsonDocument.Parse(FastLogCli.Run(["analyze", _path, "--output", "json", "--stable", .. options]).Ok());
        var flags = report.RootElement.GetProperty("overview").GetProperty("flagged_records");
        var ambiguous = Assert.Single(flags.EnumerateArray());
        Assert.Equal("ambiguous_source", ambiguous.GetProperty("name").GetString());
        Assert.Equal(_unresolved, ambiguous.GetProperty("count").GetInt64());
    }

    // Under --where with a literal, lines without it are skipped unparsed and give no context, in
    // the chunk and in its lookback alike: the result is still the same for every chunking.
    [Fact]
    public void WithALiteralFilter_EveryChunkingAgrees()
    {
        string[] query = ["top", "ip", _path, "-n", "1000", "--output", "csv", "--where", "msg contains \"203.0.113.7\""];
        var whole = FastLogCli.Run([.. query, "--threads", "1"]).Ok();
        Assert.Equal(whole, FastLogCli.Run([.. query, "--threads", "2", "--chunk-size", "65536"]).Ok());
        Assert.Equal(whole, FastLogCli.Run([.. query, "--threads", "3", "--chunk-size", "100003", "--io", "mmap"]).Ok());
        Assert.DoesNotContain(Forged, whole);
        Assert.Contains("203.0.113.7,", whole);
    }

    // 40 failures a session from one real client, each forging 6.6.6.6: the brute-force rules
    // name the real client and never the forged address, resolved or not.
    [Fact]
    public void BruteForceRules_NeverNameTheForgedAddress()
    {
        var sb = new StringBuilder();
        for (var s = 0; s < 2; s++)
        {
            var pid = 500 + s;
            if (s == 0) sb.Append($"Mar  1 10:00:00 web1 sshd[{pid}]: Connection from 198.18.0.7 port 5000 on 10.0.0.1 port 22\n");
            for (var f = 0; f < 70; f++)
                sb.Append($"Mar  1 10:00:{f % 20:00} web1 sshd[{pid}]: Failed password for user{f} from 198.18.0.7 port 5000 ssh2: from {Forged} port 22 ssh2\n");
        }
        var path = _temp.File("brute.log");
        File.WriteAllText(path, sb.ToString());
        var findings = FastLogCli.Run("detect", path, "--output", "jsonl").Ok().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(f => JsonDocument.Parse(f).RootElement)
            .Select(f => (Rule: f.GetProperty("rule").GetProperty("id").GetString(), Source: f.TryGetProperty("source", out var source) ? source.GetProperty("ip").GetString() : null))
            .ToList();
        Assert.DoesNotContain(findings, f => f.Source == Forged);
        // Only session 500 is resolved (70 failures): L2 (≥ 60 in 30 s), L2b (> 30 in 10 min), L4 (> 10 users, ≥ 30 failures).
        Assert.Equal([("L2", "198.18.0.7"), ("L2b", "198.18.0.7"), ("L4", "198.18.0.7")],
            findings.Where(f => f.Rule is "L2" or "L2b" or "L4").OrderBy(f => f.Rule, StringComparer.Ordinal).Select(f => (f.Rule, f.Source)).ToList());
    }
}
