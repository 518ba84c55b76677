using FastLog.Formats.Clf;
using FastLog.Formats;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Generation;

/// <summary>Issue 3: the truth manifest matches what is in the file, counted back with the parser.</summary>
public class TruthManifestTests(GeneratedLogsFixture logs) : IClassFixture<GeneratedLogsFixture>
{
    private static readonly string[] Kinds = ["brute_force", "dir_scan", "sql_injection", "path_traversal", "xss", "jndi", "recon_tool", "secret_files", "rate_bot"];

    [Fact]
    public void EachScenario_HasExactlyItsEventCount_FromItsOwnAddress()
    {
        foreach (var log in logs.WithAttacks)
        {
            var byIp = CountByIp(log.Path);
            Assert.Equal(Kinds.Order(), log.Truth.Scenarios.Select(s => s.Kind).Distinct().Order());
            Assert.Equal(log.Truth.Scenarios.Count, log.Truth.Scenarios.Select(s => s.SourceIp).Distinct().Count());
            foreach (var s in log.Truth.Scenarios)
            {
                Assert.True(byIp.TryGetValue(s.SourceIp, out var count), $"{log.Format}: {s.Kind} {s.SourceIp} is not in the log");
                Assert.True(s.Events == count, $"{log.Format}: {s.Kind} {s.SourceIp}: manifest {s.Events}, log {count}");
            }
        }
    }

    [Fact]
    public void EachScenario_LiesWithinItsWindow()
    {
        foreach (var log in logs.WithAttacks)
        {
            var read = GeneratedLogReader.Read(log.Path, ((ClfFormat)FormatRegistry.Find(log.Format)!).Variant, log.Truth.Scenarios.Select(s => s.SourceIp));
            foreach (var s in log.Truth.Scenarios)
            {
                var (first, last, count) = read.Watched[s.SourceIp];
                Assert.Equal(s.Events, count);
                Assert.Equal(DateTimeOffset.Parse(s.Start).ToUnixTimeSeconds(), first);
                Assert.Equal(DateTimeOffset.Parse(s.End).ToUnixTimeSeconds(), last);
                Assert.EndsWith("Z", s.Start);
            }
        }
    }

    [Fact]
    public void BasicAuthBruteForce_NamesItsUser_AndTheLogHasIt()
    {
        var log = logs.Combined;
        var basic = Assert.Single(log.Truth.Scenarios, s => s.User is not null);
        Assert.Equal("brute_force", basic.Kind);
        var users = FastLogCli.Run("count", "--by", "ip,user,status", "--output", "csv", log.Path).Ok();
        Assert.Contains($"\n{basic.SourceIp},{basic.User},401,{basic.Events}\n", users);
    }

    [Fact]
    public void AttacksNone_HasNoScenarios_AndNoneOfTheirAddresses()
    {
        Assert.Empty(logs.Quiet.Truth.Scenarios);
        var byIp = CountByIp(logs.Quiet.Path);
        foreach (var log in logs.WithAttacks)
            foreach (var s in log.Truth.Scenarios)
                Assert.False(byIp.ContainsKey(s.SourceIp), $"{s.SourceIp} ({s.Kind}) appears in the --attacks none log");
        // Nor any address of the ranges reserved for attacks.
        Assert.DoesNotContain(byIp.Keys, ip => ip.StartsWith("45.", StringComparison.Ordinal) || ip.StartsWith("2a0e:", StringComparison.Ordinal));
        Assert.Equal(100_000, logs.Quiet.Truth.Lines);
    }

    [Fact]
    public void Manifest_RecordsTheRun()
    {
        var t = logs.Combined.Truth;
        Assert.Equal(7UL, t.Seed);
        Assert.Equal("combined", t.Format);
        Assert.Equal(300_000, t.Lines);
        Assert.Matches("^[+-][0-9]{4}$", t.TimezoneOffset);
        Assert.Contains($"\"timezone_offset\": \"{t.TimezoneOffset}\"", File.ReadAllText(Path.ChangeExtension(logs.Combined.Path, ".truth.json")));
        Assert.Contains($" {t.TimezoneOffset}] ", File.ReadLines(logs.Combined.Path).First());
    }

    private static Dictionary<string, long> CountByIp(string path)
        => FastLogCli.Run("count", "--by", "ip", "--output", "csv", path).Ok().Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .ToDictionary(l => l[..l.LastIndexOf(',')], l => long.Parse(l[(l.LastIndexOf(',') + 1)..]), StringComparer.Ordinal);
}
