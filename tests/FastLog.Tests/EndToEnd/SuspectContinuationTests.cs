using System.Text;
using System.Text.Json;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.EndToEnd;

/// <summary>
/// Issue 11.17: with nginx <c>escape=none</c> a user agent can hold a raw newline and a whole
/// forged line. A record right after a line that ended inside an open quote is a suspect
/// continuation: counted (<c>flagged_records</c>), marked in the evidence of the findings it
/// appears in, and never counted by a thresholded rule, whatever the chunking.
/// </summary>
public sealed class SuspectContinuationTests : IDisposable
{
    private const string Forged = "6.6.6.6";
    private readonly TempDirectory _temp = new("suspect-continuation");
    private readonly string _path;

    /// <summary>
    /// 40 real requests from 198.51.100.* whose agent is <c>x\n6.6.6.6 … "POST /login" 401 …</c>
    /// (a forged W9 trigger), between ordinary lines of varying length so chunk cuts fall between
    /// the two halves of many pairs; plus one pair whose forged half is a GET with an SQL
    /// injection (rule W1, per event) and one line after a line closed normally (not suspect).
    /// </summary>
    public SuspectContinuationTests()
    {
        _path = _temp.File("access.log");
        var random = new Random(9);
        var sb = new StringBuilder();
        for (var k = 0; k < 40; k++)
        {
            for (var f = random.Next(0, 30); f > 0; f--)
                sb.Append($"192.0.2.{f} - - [01/Mar/2024:10:00:{f:00} +0000] \"GET /page/{new string('p', random.Next(1, 300))} HTTP/1.1\" 200 10 \"-\" \"Mozilla/5.0\"\n");
            sb.Append($"198.51.100.{k + 1} - - [01/Mar/2024:10:01:00 +0000] \"GET /home HTTP/1.1\" 200 10 \"-\" \"Mozilla/5.0 x\n");
            sb.Append($"{Forged} - - [01/Mar/2024:10:01:{k:00} +0000] \"POST /login HTTP/1.1\" 401 0 \"-\" \"y\"\n");
        }
        sb.Append("198.51.100.99 - - [01/Mar/2024:10:02:00 +0000] \"GET / HTTP/1.1\" 200 10 \"-\" \"a\n");
        sb.Append($"{Forged} - - [01/Mar/2024:10:02:01 +0000] \"GET /item?id=1 UNION SELECT password FROM users HTTP/1.1\" 200 0 \"-\" \"y\"\n");
        sb.Append($"{Forged} - - [01/Mar/2024:10:02:02 +0000] \"GET /item?id=2 UNION SELECT password FROM users HTTP/1.1\" 200 0 \"-\" \"y\"\n");
        File.WriteAllText(_path, sb.ToString());
    }

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string[]> Runs => new()
    {
        { ["--threads", "1"] },
        { ["--threads", "2", "--chunk-size", "4096"] },
        { ["--threads", "3", "--chunk-size", "1500", "--io", "mmap"] },
        { ["--threads", "2", "--chunk-size", "777", "--where", "path contains \"item\""] },
    };

    [Theory, MemberData(nameof(Runs))]
    public void ForgedLines_AreFlagged_AndNeverMakeAThresholdOffender(string[] options)
    {
        using var report = JsonDocument.Parse(FastLogCli.Run(["analyze", _path, "--detect", "--output", "json", "--stable", .. options]).Ok());
        var overview = report.RootElement.GetProperty("overview");
        var flag = Assert.Single(overview.GetProperty("flagged_records").EnumerateArray());
        Assert.Equal(("suspect_continuation", 41L), (flag.GetProperty("name").GetString(), flag.GetProperty("count").GetInt64()));

        var findings = FastLogCli.Run(["detect", _path, "--output", "jsonl", .. options]).Ok().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(f => JsonDocument.Parse(f).RootElement).ToList();
        string Rule(JsonElement f) => f.GetProperty("rule").GetProperty("id").GetString()!;
        string Source(JsonElement f) => f.GetProperty("source").GetProperty("ip").GetString()!;
        // 40 forged 401s would be W9 (≥ 10 in 5 minutes) for 6.6.6.6; counted as suspect, they are not.
        Assert.DoesNotContain(findings, f => Source(f) == Forged && Rule(f) is "W9" or "W10" or "W10b" or "W11" or "W11b");
        // A per-event rule still fires, with its evidence marked: the first W1 line is a suspect
        // continuation, the second (after a closed line) is not.
        var sqli = Assert.Single(findings, f => Rule(f) == "W1" && Source(f) == Forged);
        var evidence = sqli.GetProperty("fastlog").GetProperty("evidence").EnumerateArray().ToList();
        Assert.Equal(2, evidence.Count);
        Assert.True(evidence[0].GetProperty("suspect_continuation").GetBoolean());
        Assert.False(evidence[1].TryGetProperty("suspect_continuation", out _));
    }

    // The same 40 forged lines after lines that closed their quotes are ordinary records: W9 fires.
    [Fact]
    public void ForgedLinesAfterClosedLines_StillCount()
    {
        var closed = File.ReadAllText(_path).Replace("\"Mozilla/5.0 x\n", "\"Mozilla/5.0 x\"\n").Replace("\"a\n", "\"a\"\n");
        var path = _temp.File("closed.log");
        File.WriteAllText(path, closed);
        var findings = FastLogCli.Run("detect", path, "--output", "jsonl").Ok();
        Assert.Contains("\"W9\"", findings);
        using var report = JsonDocument.Parse(FastLogCli.Run("analyze", path, "--output", "json", "--stable").Ok());
        Assert.Empty(report.RootElement.GetProperty("overview").GetProperty("flagged_records").EnumerateArray());
    }
}
