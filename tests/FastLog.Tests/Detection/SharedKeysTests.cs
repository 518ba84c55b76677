using System.Text.Json;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Detection;

/// <summary>
/// <c>analyze --detect</c> runs the web rules on the traffic aggregate's ids (clients, agents,
/// paths, methods) and merges through its id maps; <c>detect</c> keeps tables of its own. On a
/// generated log with every attack kind (W9, W10b and W11b windows and pairs cut by chunk
/// boundaries), both must report the same findings for any thread count and chunk size.
/// </summary>
public class SharedKeysTests
{
    [Fact]
    public void AnalyzeDetectFindsWhatDetectFinds()
    {
        using var dir = new TempDirectory("shared-keys");
        var log = dir.File("access.log");
        FastLogCli.Run("generate", "--format", "combined", "--lines", "300000", "--seed", "5", "-o", log).Ok();
        var reference = Detect("--threads", "1");
        foreach (var rule in new[] { "W9 ", "W10b ", "W11 ", "W11b ", "W1 " }) Assert.Contains(reference, r => r.StartsWith(rule, StringComparison.Ordinal));

        foreach (var (threads, chunk) in new[] { ("1", "1000000000"), ("2", "65537"), ("3", "1000003") })
        {
            var report = JsonDocument.Parse(FastLogCli.Run("analyze", log, "--detect", "--output", "json", "--threads", threads, "--chunk-size", chunk).Ok());
            var findings = report.RootElement.GetProperty("security").GetProperty("findings").EnumerateArray()
                .Select(f => string.Join(' ', f.GetProperty("rule_id").GetString(), f.GetProperty("source_ip").GetString(), f.GetProperty("events").GetInt64(),
                    f.GetProperty("windows").GetInt64(), f.GetProperty("first").GetString(), f.GetProperty("last").GetString()))
                .ToList();
            Assert.Equal(reference, findings);
            Assert.Equal(reference, Detect("--threads", threads, "--chunk-size", chunk));
        }

        List<string> Detect(params string[] options) => FastLogCli.Run(["detect", log, "--output", "jsonl", .. options]).Ok()
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)
            .Select(f => string.Join(' ', f.GetProperty("rule").GetProperty("id").GetString(), f.GetProperty("source").GetProperty("ip").GetString(),
                f.GetProperty("event").GetProperty("count").GetInt64(), f.GetProperty("fastlog").TryGetProperty("windows", out var w) ? w.GetInt64() : 0,
                f.GetProperty("event").GetProperty("start").GetString(), f.GetProperty("event").GetProperty("end").GetString()))
            .ToList();
    }
}
