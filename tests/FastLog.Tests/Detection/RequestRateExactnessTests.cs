using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Detection;

/// <summary>
/// W11 (> 300 requests per client and minute) stays exact although small (client, minute) runs
/// are settled only at the end: counts that cross 300 only across two servers' logs, across
/// chunks, or with lines logged late are all found, for any thread count, chunk size, input
/// order and I/O mode (tests/oracles/request_rate.py counts every line of all files together).
/// </summary>
public class RequestRateExactnessTests
{
    private static readonly DateTimeOffset s_t0 = new(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static string Line(string ip, DateTimeOffset at)
        => $"{ip} - - [{at.ToOffset(TimeSpan.FromHours(-7)).ToString("dd/MMM/yyyy:HH:mm:ss", CultureInfo.InvariantCulture)} -0700] \"GET /api/items HTTP/1.1\" 200 512 \"-\" \"python-requests/2.31\"\n";

    /// <summary>
    /// One server's log over 30 minutes: background clients, and <paramref name="bursts"/>
    /// (client, minute, requests) spread over their minute; time-sorted except <paramref name="late"/>
    /// (client, minute, requests), written into the following minute as a server logging
    /// slow requests when they end.
    /// </summary>
    private static string ServerLog(int seed, (string Ip, int Minute, int Requests)[] bursts, (string Ip, int Minute, int Requests)[] late)
    {
        var random = new Random(seed);
        var lines = new List<(double At, string Text)>();
        for (var i = 0; i < 6000; i++)
        {
            var at = random.NextDouble() * 30 * 60;
            lines.Add((at, Line($"192.0.2.{random.Next(40)}", s_t0.AddSeconds(Math.Floor(at)))));
        }
        foreach (var (ip, minute, requests) in bursts)
            for (var i = 0; i < requests; i++)
            {
                var at = minute * 60 + i * 60.0 / requests;
                lines.Add((at, Line(ip, s_t0.AddSeconds(Math.Floor(at)))));
            }
        foreach (var (ip, minute, requests) in late)
            for (var i = 0; i < requests; i++)
            {
                var stamped = minute * 60 + 30 + i * 30.0 / requests; // second half of the minute…
                lines.Add((stamped + 45, Line(ip, s_t0.AddSeconds(Math.Floor(stamped))))); // …written 45 s later
            }
        return string.Concat(lines.OrderBy(l => l.At).Select(l => l.Text));
    }

    private static List<string> W11(string jsonl) => W11(jsonl.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement));

    private static List<string> W11(IEnumerable<JsonElement> findings)
        => findings
            .Where(f => f.GetProperty("rule").GetProperty("id").GetString() == "W11")
            .Select(f => string.Join(' ', f.GetProperty("source").GetProperty("ip").GetString(), f.GetProperty("event").GetProperty("count").GetInt64(),
                f.GetProperty("fastlog").GetProperty("windows").GetInt64(), f.GetProperty("event").GetProperty("start").GetString(),
                f.GetProperty("event").GetProperty("end").GetString()))
            .Order(StringComparer.Ordinal)
            .ToList();

    private static List<string> Oracle(params string[] files)
        => Shell.Run($"python3 tests/oracles/request_rate.py {string.Join(' ', files.Select(Shell.Quote))}")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToList();

    [Fact]
    public void CountsThatCrossTheLimitOnlyTogetherAreFoundForAnySplit()
    {
        using var dir = new TempDirectory("w11-exact");
        var first = dir.File("server1.log");
        var second = dir.File("server2.log");
        // .1 crosses 300 only with both servers (200 + 150); .2 reaches exactly 300 (160 + 140): no finding.
        // .3 has 320 in one minute of one server, spread over several chunks when chunks are small.
        // .4 has 200 + 60 late lines in minute 5 on server 1 and 50 on server 2: 310, in several runs
        // (its late lines mix with its own requests of minute 6).
        // .5 has 290 on time and 20 late in minute 8 of one server: 310, only with the late lines.
        File.WriteAllText(first, ServerLog(1, [("198.51.100.1", 10, 200), ("198.51.100.2", 12, 160), ("198.51.100.3", 20, 320), ("198.51.100.4", 5, 200),
            ("198.51.100.4", 6, 30), ("198.51.100.5", 8, 290), ("198.51.100.5", 9, 100)], [("198.51.100.4", 5, 60), ("198.51.100.5", 8, 20)]));
        File.WriteAllText(second, ServerLog(2, [("198.51.100.1", 10, 150), ("198.51.100.2", 12, 140), ("198.51.100.4", 5, 50)], []));

        var expected = Oracle(first, second);
        Assert.Equal(expected, Oracle(second, first));
        Assert.Equal(["198.51.100.1 350 1 2024-03-01T12:10:00Z 2024-03-01T12:11:00Z", "198.51.100.3 320 1 2024-03-01T12:20:00Z 2024-03-01T12:21:00Z",
            "198.51.100.4 310 1 2024-03-01T12:05:00Z 2024-03-01T12:06:00Z", "198.51.100.5 310 1 2024-03-01T12:08:00Z 2024-03-01T12:09:00Z"],
            expected);
        // Alone, neither server has .1 or .4 over the limit.
        Assert.DoesNotContain(Oracle(first), e => e.StartsWith("198.51.100.1 ", StringComparison.Ordinal) || e.StartsWith("198.51.100.4 ", StringComparison.Ordinal));
        Assert.Equal(Oracle(first), W11(FastLogCli.Run("detect", first, "--output", "jsonl", "--chunk-size", "4099").Ok()));
        Assert.Equal(Oracle(second), W11(FastLogCli.Run("detect", second, "--output", "jsonl", "--chunk-size", "4099").Ok()));

        foreach (var (a, b) in new[] { (first, second), (second, first) })
        foreach (var chunk in new[] { "997", "4099", "65536", "16777216" })
        foreach (var threads in new[] { "1", "2", "3" })
            Assert.Equal(expected, W11(FastLogCli.Run("detect", a, b, "--output", "jsonl", "--threads", threads, "--chunk-size", chunk).Ok()));
        Assert.Equal(expected, W11(FastLogCli.Run("detect", first, second, "--output", "jsonl", "--io", "mmap", "--chunk-size", "2000").Ok()));

        // A gzip input is one stream (one segment) beside a chunked file.
        var gz = dir.File("server1.log.gz");
        using (var output = new GZipStream(File.Create(gz), CompressionLevel.Fastest)) output.Write(File.ReadAllBytes(first));
        Assert.Equal(expected, W11(FastLogCli.Run("detect", gz, second, "--output", "jsonl", "--threads", "2", "--chunk-size", "997").Ok()));

        // analyze --detect (web rules on the traffic aggregate's ids) reports the same findings.
        var reference = FastLogCli.Run("detect", first, second, "--output", "jsonl", "--threads", "1").Ok()
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)
            .Select(f => string.Join(' ', f.GetProperty("rule").GetProperty("id").GetString(), f.GetProperty("source").GetProperty("ip").GetString(),
                f.GetProperty("event").GetProperty("count").GetInt64(), f.GetProperty("fastlog").TryGetProperty("windows", out var w) ? w.GetInt64() : 0,
                f.GetProperty("event").GetProperty("start").GetString(), f.GetProperty("event").GetProperty("end").GetString()))
            .ToList();
        Assert.Contains(reference, r => r.StartsWith("W11b ", StringComparison.Ordinal));
        foreach (var threads in new[] { "1", "3" })
        {
            var report = JsonDocument.Parse(FastLogCli.Run("analyze", first, second, "--detect", "--output", "json", "--threads", threads, "--chunk-size", "4099").Ok());
            var findings = report.RootElement.GetProperty("security").GetProperty("findings").EnumerateArray()
                .Select(f => string.Join(' ', f.GetProperty("rule_id").GetString(), f.GetProperty("source_ip").GetString(), f.GetProperty("events").GetInt64(),
                    f.GetProperty("windows").GetInt64(), f.GetProperty("first").GetString(), f.GetProperty("last").GetString()))
                .ToList();
            Assert.Equal(reference, findings);
        }
    }

    [Fact]
    public void AClientGoingBackInTimeWithinAChunkIsCountedInFull()
    {
        // One chunk: client .7 has 250 requests at 12:03, 10 at 12:04, then 60 more stamped 12:03:
        // the same (client, minute) in two runs of one segment, 310 in all.
        using var dir = new TempDirectory("w11-back");
        var path = dir.File("access.log");
        var sb = new StringBuilder();
        for (var i = 0; i < 250; i++) sb.Append(Line("198.51.100.7", s_t0.AddMinutes(3).AddSeconds(i % 60)));
        for (var i = 0; i < 10; i++) sb.Append(Line("198.51.100.7", s_t0.AddMinutes(4).AddSeconds(i)));
        for (var i = 0; i < 60; i++) sb.Append(Line("198.51.100.7", s_t0.AddMinutes(3).AddSeconds(59)));
        File.WriteAllText(path, sb.ToString());
        var expected = Oracle(path);
        Assert.Equal(["198.51.100.7 310 1 2024-03-01T12:03:00Z 2024-03-01T12:04:00Z"], expected);
        foreach (var chunk in new[] { "1000", "16777216" })
            Assert.Equal(expected, W11(FastLogCli.Run("detect", path, "--output", "jsonl", "--chunk-size", chunk, "--threads", "2").Ok()));
    }
}
