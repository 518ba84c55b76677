using System.Text.Json;
using FastLog.Tests.TestSupport;
using Xunit;

namespace FastLog.Tests.Input;

/// <summary>
/// NUL regions: runs of NUL bytes at a line start (a preallocated log, a crash mid-write,
/// copytruncate) are reported once each with offset and length, and the lines after them parse
/// as if the NULs were not there, in every format and however the bytes are read.
/// </summary>
public sealed class NulRegionTests : IDisposable
{
    private readonly TempDirectory _temp = new("nul-regions");

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string> Formats => new() { "common", "combined", "nginx", "w3c", "alb", "syslog", "auth", "cloudtrail", "github" };

    /// <summary>Ways of reading the same bytes: chunk sizes that cut before, inside and after every region, threads, mmap, stdin, gzip.</summary>
    private static readonly string[][] s_deliveries =
    [
        [],
        ["--threads", "3", "--chunk-size", "1"],
        ["--threads", "2", "--chunk-size", "4096"],
        ["--threads", "2", "--chunk-size", "100000", "--io", "mmap"],
        ["--threads", "1", "--io", "read"],
        ["stdin"],
        ["gz"],
    ];

    [Theory]
    [MemberData(nameof(Formats))]
    public void EachNulRegionIsReportedOnceAndTheLinesAfterItParse(string format)
    {
        var clean = _temp.File($"{format}.log");
        FastLogCli.Run("generate", "--format", format, "--size", "500K", "--seed", "7", "-o", clean).Ok();
        // Regions at the very start (the first 64 KiB sample is mostly NULs), one of 1 MiB (longer
        // than the longest line) after line 100, and a short one after line 300.
        var lines = File.ReadAllLines(clean);
        Assert.True(lines.Length > 301, $"{lines.Length} lines generated");
        var damaged = _temp.File($"{format}-nul.log");
        Shell.Run($"(head -c 5000 /dev/zero; head -n 100 {clean}; head -c 1048576 /dev/zero; sed -n 101,300p {clean}; printf '\\000%.0s' 1 2 3 4 5 6 7 8 9 10; tail -n +301 {clean}) > {damaged}");
        var before100 = long.Parse(Shell.Run($"head -n 100 {clean} | wc -c"));
        var before300 = long.Parse(Shell.Run($"head -n 300 {clean} | wc -c"));
        (long Line, long Offset, long Length)[] expected =
        [
            (1, 0, 5000),
            (101, 5000 + before100, 1048576),
            (301, 5000 + 1048576 + before300, 10),
        ];
        var expectedLines = long.Parse(Shell.Run($"awk 'END {{ print NR }}' {clean}"));
        var cleanReport = Analyze(clean, []);
        Shell.Run($"gzip -c {damaged} > {damaged}.gz");

        foreach (var delivery in s_deliveries)
        {
            var report = Analyze(damaged, delivery);
            var what = $"{format} via [{string.Join(' ', delivery)}]";
            var overview = report.GetProperty("overview");
            Assert.True(overview.GetProperty("nul_regions").GetInt64() == 3, what);
            Assert.Equal(1048576 + 5000 + 10, overview.GetProperty("nul_region_bytes").GetInt64());
            var regions = overview.GetProperty("malformed_samples").EnumerateArray()
                .Where(s => s.GetProperty("reason").GetString() == "nul_region")
                .Select(s => (s.GetProperty("line").GetInt64(), s.GetProperty("offset").GetInt64(), s.GetProperty("length").GetInt64()))
                .ToArray();
            Assert.True(expected.SequenceEqual(regions), $"{what}: regions {string.Join(", ", regions)}");
            Assert.True(expectedLines == overview.GetProperty("lines").GetInt64(), what);
            var cleanOverview = cleanReport.GetProperty("overview");
            foreach (var count in new[] { "records", "blank", "malformed" })
                Assert.True(cleanOverview.GetProperty(count).GetInt64() == overview.GetProperty(count).GetInt64(), $"{what}: {count}");
            Assert.Equal(cleanOverview.GetProperty("formats").ToString(), overview.GetProperty("formats").ToString());
        }
    }

    [Fact]
    public void NulsInsideALineAreDataAndNulsAtItsStartAreARegion()
    {
        var path = _temp.File("inside.log");
        // Line 1: a NUL inside the URL (data); line 2: NULs at the end of the user agent, the
        // line's last field (data); line 3: three NULs at its start (a region) before an otherwise valid line.
        Shell.Run("printf '1.2.3.4 - - [10/Oct/2023:13:55:36 +0000] \"GET /a\\000b HTTP/1.1\" 200 5\\n" +
                  "1.2.3.4 - - [10/Oct/2023:13:55:36 +0000] \"GET /c HTTP/1.1\" 200 5 \"-\" \"ua\\000\\000\"\\n" +
                  "\\000\\000\\0001.2.3.4 - - [10/Oct/2023:13:55:36 +0000] \"GET /d HTTP/1.1\" 200 5\\n' > " + path);
        var report = Analyze(path, ["--format", "common"]).GetProperty("overview");
        Assert.Equal(3, report.GetProperty("lines").GetInt64());
        Assert.Equal(3, report.GetProperty("records").GetInt64());
        Assert.Equal(1, report.GetProperty("nul_regions").GetInt64());
        var region = report.GetProperty("malformed_samples")[0];
        Assert.Equal(3, region.GetProperty("line").GetInt64());
        Assert.Equal(3, region.GetProperty("length").GetInt64());
    }

    private JsonElement Analyze(string path, string[] delivery)
    {
        CliResult run;
        if (delivery is ["stdin"])
            run = FastLogCli.RunWithStdin(File.ReadAllBytes(path), "analyze", "--output", "json", "--stable", "-");
        else if (delivery is ["gz"])
            run = FastLogCli.Run("analyze", "--output", "json", "--stable", path + ".gz");
        else
            run = FastLogCli.Run(["analyze", "--output", "json", "--stable", .. delivery, path]);
        return JsonDocument.Parse(run.Ok()).RootElement;
    }
}
