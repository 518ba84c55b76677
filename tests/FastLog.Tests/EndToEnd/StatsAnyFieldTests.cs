using System.Globalization;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.EndToEnd;

/// <summary>
/// <c>stats</c> summarises every whole-number and duration field of every format, not only the
/// access-log ones: a jsonl latency per service, with the expected figures computed here from the
/// records the test writes, and GitHub payload sizes against a jq oracle.
/// </summary>
public class StatsAnyFieldTests
{
    [Fact]
    public void JsonlLatencyPerService_CountMinMaxMean_EqualTheRecords()
    {
        using var dir = new TempDirectory("stats-jsonl");
        var path = dir.File("app.jsonl");
        var random = new Random(5);
        var records = Enumerable.Range(0, 500)
            .Select(i => (Service: random.Next(3) switch { 0 => "api", 1 => "web", _ => "auth" }, Millis: random.Next(1, 5000)))
            .ToList();
        File.WriteAllLines(path, records.Select((r, i) =>
            $"{{\"ts\":\"2024-01-01T00:{i / 60 % 60:00}:{i % 60:00}Z\",\"svc\":\"{r.Service}\",\"took\":{r.Millis}}}"));

        var csv = FastLogCli.Run("stats", "latency", "--by", "service", "--format", "jsonl", "--field", "service=svc,latency=took:ms",
            "--output", "csv", path).Ok();
        var rows = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')).ToDictionary(c => c[0]);
        foreach (var group in records.GroupBy(r => r.Service))
        {
            var row = rows[group.Key];
            Assert.Equal(group.Count().ToString(CultureInfo.InvariantCulture), row[1]);
            Assert.Equal(group.Min(r => r.Millis) / 1000.0, double.Parse(row[2], CultureInfo.InvariantCulture), 6);
            Assert.Equal(group.Average(r => r.Millis) / 1000.0, double.Parse(row[3], CultureInfo.InvariantCulture), 5);
            Assert.Equal(group.Max(r => r.Millis) / 1000.0, double.Parse(row[8], CultureInfo.InvariantCulture), 6);
        }
        Assert.Equal(records.Select(r => r.Service).Distinct().Count(), rows.Count);
    }

    private const string Github = "gharchive-gar/2021-01-01-1.json";

    [CorpusFact(Github)]
    public void GithubPayloadBytes_CountMinMax_EqualJq()
    {
        var file = RepoPaths.CorpusFile(Github);
        // jq -c re-serialises the payload compactly; the archive writes it compactly too, so the byte lengths agree.
        var oracle = Shell.Run($"jq -c '.payload' {Shell.Quote(file)} | LC_ALL=C awk '{{ n = length($0); c++; if (c == 1 || n < lo) lo = n; if (n > hi) hi = n }} END {{ print c \",\" lo \",\" hi }}'").Trim();
        var row = FastLogCli.Run("stats", "payload_bytes", "--output", "csv", file).Ok().Split('\n')[1].Split(',');
        Assert.Equal(oracle, $"{row[0]},{row[1]},{row[7]}");
    }
}
