using FastLog.Formats;
using FastLog.Formats.Clf;
using FastLog.Generation.Clf;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Generation;

/// <summary>
/// Every line the generator means to be a record parses, every line it means to damage does not
/// (the counts agree exactly), format detection recognises what was generated, and the traffic
/// has the promised shape.
/// </summary>
public class GeneratedLogGrammarTests(GeneratedLogsFixture logs) : IClassFixture<GeneratedLogsFixture>
{
    public static TheoryData<string> Formats => ["combined", "nginx", "common"];

    private GeneratedLogsFixture.Log LogOf(string format) => format switch
    {
        "nginx" => logs.Nginx,
        "common" => logs.Common,
        _ => logs.Combined,
    };

    [Theory, MemberData(nameof(Formats))]
    public void Count_EqualsTheGeneratorsIntendedRecords_WithAndWithoutFormat(string format)
    {
        var log = LogOf(format);
        Assert.Equal(log.Truth.Lines, log.Truth.Records + log.Truth.MalformedLines);
        var expected = $"count\n{log.Truth.Records}\n";
        Assert.Equal(expected, FastLogCli.Run("count", "--format", format, "--output", "csv", log.Path).Ok());
        Assert.Equal(expected, FastLogCli.Run("count", "--output", "csv", log.Path).Ok());
        Assert.Equal(log.Truth.Bytes, new FileInfo(log.Path).Length);
    }

    [Theory, MemberData(nameof(Formats))]
    public void FormatDetection_PicksTheGeneratedFormat(string format)
    {
        var log = LogOf(format);
        var sample = new byte[FormatDetector.SampleBytes];
        using (var file = File.OpenRead(log.Path)) file.ReadExactly(sample);
        Assert.Equal(format, FormatDetector.Detect(sample)?.Name);
    }

    [Theory, MemberData(nameof(Formats))]
    public void ParsedLog_HasOrderedTimes_AboutOneInAThousandMalformed_AndSomeIpv6(string format)
    {
        var log = LogOf(format);
        var variant = ((ClfFormat)FormatRegistry.Find(format)!).Variant;
        var read = GeneratedLogReader.Read(log.Path, variant);
        Assert.Equal(log.Truth.Records, read.Records);
        Assert.Equal(log.Truth.Lines, read.Counters.Lines);
        Assert.Equal(log.Truth.MalformedLines, read.Counters.Malformed + read.Counters.Blank);
        Assert.Equal(0, read.TimeReversals);
        Assert.InRange(log.Truth.MalformedLines, log.Truth.Lines / 2_000, log.Truth.Lines / 500);
        Assert.InRange(read.Ipv6, read.Records * 2 / 100, read.Records * 12 / 100);
        if (variant == ClfVariant.Nginx) Assert.Equal(0, read.WithoutRequestTime);
        if (variant != ClfVariant.Common) Assert.InRange(read.WithoutAgent, 0, read.Records / 50);
    }

    [Fact]
    public void NoLine_IsLongerThanTheFormattersBound()
    {
        foreach (var log in logs.WithAttacks)
            foreach (var line in File.ReadLines(log.Path))
                // A glued line is two records.
                Assert.True(line.Length <= 2 * ClfLineFormatter.MaxLineBytes, $"{line.Length} bytes: {line[..Math.Min(80, line.Length)]}");
        var longest = File.ReadLines(logs.Combined.Path).Where(l => l.Length < ClfLineFormatter.MaxLineBytes).Max(l => l.Length);
        Assert.True(longest < ClfLineFormatter.MaxLineBytes / 2, $"the longest single record is {longest} bytes");
    }

    [Fact]
    public void Traffic_HasTheRealisticMixes()
    {
        var log = logs.Combined;
        var statuses = Rows(FastLogCli.Run("count", "--by", "status", "--output", "csv", log.Path).Ok());
        var methods = Rows(FastLogCli.Run("count", "--by", "method", "--output", "csv", log.Path).Ok());
        var protocols = Rows(FastLogCli.Run("count", "--by", "protocol", "--output", "csv", log.Path).Ok());
        var records = log.Truth.Records;
        Assert.InRange(statuses["200"], records * 60 / 100, records * 90 / 100);
        foreach (var s in new[] { "301", "302", "304", "404", "500", "401", "403" }) Assert.True(statuses.ContainsKey(s), $"no {s}");
        Assert.InRange(methods["GET"], records * 80 / 100, records * 97 / 100);
        foreach (var m in new[] { "POST", "HEAD", "PUT", "DELETE" }) Assert.True(methods.ContainsKey(m), $"no {m}");
        foreach (var p in new[] { "HTTP/1.1", "HTTP/2.0", "HTTP/1.0" }) Assert.True(protocols.ContainsKey(p), $"no {p}");
        var paths = FastLogCli.Run("count", "--by", "path", "--output", "csv", log.Path).Ok().Count(c => c == '\n') - 1;
        Assert.InRange(paths, 8_000, 40_000);
        // 304 and 204 log their size as "-".
        var dashes = FastLogCli.Run("count", "--by", "status,bytes", "--output", "csv", log.Path).Ok();
        Assert.Contains("\n304,-,", dashes);
        Assert.DoesNotMatch("\n(304|204),[0-9]", dashes);
    }

    [Fact]
    public void Clients_AreSkewed_WithStickyUserAgents()
    {
        var log = logs.Quiet;
        var ips = FastLogCli.Run("count", "--by", "ip", "--output", "csv", log.Path).Ok().Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(l => long.Parse(l[(l.LastIndexOf(',') + 1)..])).ToArray();
        var top10 = ips.Take(10).Sum();
        Assert.InRange(top10, log.Truth.Records / 20, log.Truth.Records / 3);
        // Most clients keep one agent; a few (NAT gateways, proxies) rotate.
        var agentsPerIp = FastLogCli.Run("count", "--by", "ip,ua", "--output", "csv", log.Path).Ok().Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .GroupBy(l => l[..l.IndexOf(',')]).Select(g => g.Count()).ToArray();
        Assert.Equal(ips.Length, agentsPerIp.Length);
        var sticky = agentsPerIp.Count(n => n == 1);
        Assert.True(sticky >= agentsPerIp.Length * 9 / 10, $"{sticky} of {agentsPerIp.Length} clients use one agent");
        Assert.Contains(agentsPerIp, n => n > 20);
    }

    private static Dictionary<string, long> Rows(string csv)
        => csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .ToDictionary(l => l[..l.LastIndexOf(',')], l => long.Parse(l[(l.LastIndexOf(',') + 1)..]));
}
