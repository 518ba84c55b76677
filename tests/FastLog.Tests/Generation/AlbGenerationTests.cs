using System.Globalization;
using FastLog.Columns;
using FastLog.Formats;
using FastLog.Generation.Truth;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Generation;

/// <summary>Two generated ALB logs (with and without attacks), made once for the alb tests.</summary>
public sealed class AlbLogsFixture : IDisposable
{
    private readonly TempDirectory _temp = new("generation-alb");

    /// <summary>Generates the logs through the CLI.</summary>
    public AlbLogsFixture()
    {
        (Path, Truth) = GenerationRuns.Cli(_temp, "alb", "--lines", "40000", 41);
        (QuietPath, QuietTruth) = GenerationRuns.Cli(_temp, "alb", "--lines", "30000", 42, attacks: false);
    }

    /// <summary>The log with the web scenarios.</summary>
    public string Path { get; }
    /// <summary>Its manifest.</summary>
    public TruthManifest Truth { get; }
    /// <summary>The log without scenarios.</summary>
    public string QuietPath { get; }
    /// <summary>Its manifest.</summary>
    public TruthManifest QuietTruth { get; }

    /// <summary>The temporary directory (for findings files).</summary>
    public TempDirectory Temp => _temp;

    /// <inheritdoc/>
    public void Dispose() => _temp.Dispose();
}

/// <summary>
/// Issue 4: <c>generate --format alb</c> — byte-identical per seed for any thread count, <c>--size</c>
/// cuts at a line end, every line passes tests/oracles/alb_strict.py, counts agree with awk,
/// detection names alb, the manifest's scenarios are in the file, and the web rules find exactly them.
/// </summary>
public class AlbGenerationTests(AlbLogsFixture logs) : IClassFixture<AlbLogsFixture>
{
    // awk: "elb_status<TAB>client address (port removed)<TAB>time to the second" per line (the fields before the quoted request hold no space).
    private const string Rows = """
        awk '{ ip = $4; sub(/:[0-9]+$/, "", ip); printf "%s\t%s\t%sZ\n", $9, ip, substr($2, 1, 19) }'
        """;

    [Fact]
    public void SameSeed_SameBytes_ForThreads1To3() => GenerationRuns.AssertThreadInvariant(LogFormat.Alb, 34_000);

    [Fact]
    public void Size_StopsAtTheFirstLineEndAtOrPastIt() => GenerationRuns.AssertSizeCut("alb", 15_000_000);

    [Fact]
    public void EveryLine_MatchesTheStrictAlbGrammar()
    {
        Assert.Equal("ok 40000\n", Shell.Run($"python3 tests/oracles/alb_strict.py {Shell.Quote(logs.Path)}"));
        Assert.Equal("ok 30000\n", Shell.Run($"python3 tests/oracles/alb_strict.py {Shell.Quote(logs.QuietPath)}"));
        Assert.Equal(40_000, logs.Truth.Records);
        Assert.Equal(0, logs.Truth.MalformedLines);
        // Every kind of line is there: redirects, HTTP/2, load-balancer errors without a target status.
        var kinds = Shell.Run($"awk '{{ k[$1]++; if ($10 == \"-\") e[$9]++ }} END {{ print (k[\"http\"] > 0), (k[\"h2\"] > 0), (k[\"https\"] > 0), (e[\"301\"] > 0), (e[\"502\"] + e[\"503\"] + e[\"504\"] > 0) }}' {Shell.Quote(logs.Path)}");
        Assert.Equal("1 1 1 1 1\n", kinds);
    }

    [Fact]
    public void CountByStatus_EqualsAwk()
    {
        foreach (var path in new[] { logs.Path, logs.QuietPath })
        {
            var expected = GenerationRuns.UniqCounts(Shell.Run($"LC_ALL=C {Rows} {Shell.Quote(path)} | cut -f1 | LC_ALL=C sort | uniq -c"));
            Assert.Equal(expected, GenerationRuns.CsvCounts(FastLogCli.Run("count", "--by", "status", "--output", "csv", path).Ok()));
            Assert.True(expected.Count > 10, $"{expected.Count} statuses");
        }
    }

    [Fact]
    public void Detection_OnTheFirst64KiB_NamesAlb()
    {
        Assert.Equal(LogFormat.Alb, FormatDetector.Detect(GenerationRuns.Sample(logs.Path))?.Id);
        Assert.Equal(LogFormat.Alb, FormatDetector.Detect(GenerationRuns.Sample(logs.QuietPath))?.Id);
    }

    [Fact]
    public void EachScenario_HasItsEventsFirstAndLastTime_UnderItsOwnAddress()
    {
        var rows = Shell.Run($"LC_ALL=C {Rows} {Shell.Quote(logs.Path)} | awk -F'\\t' '{{ n[$2]++; if (!($2 in f) || $3 < f[$2]) f[$2] = $3; if ($3 > l[$2]) l[$2] = $3 }} END {{ for (ip in n) print ip, n[ip], f[ip], l[ip] }}'")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')).ToDictionary(p => p[0], p => (Count: long.Parse(p[1], CultureInfo.InvariantCulture), First: p[2], Last: p[3]));
        Assert.Equal(10, logs.Truth.Scenarios.Count);
        foreach (var s in logs.Truth.Scenarios)
            Assert.Equal((s.Events, s.Start, s.End), rows[s.SourceIp]);
        Assert.Empty(logs.QuietTruth.Scenarios);
    }

    [Fact]
    public void Detect_FindsEveryScenarioSource_AndNothingInTheQuietLog()
    {
        Assert.Equal(string.Concat(logs.Truth.Scenarios.Select(s => s.SourceIp).Order(StringComparer.Ordinal).Select(s => s + "\n")), GenerationRuns.DetectedSources(logs.Temp, logs.Path));
        Assert.Equal("", GenerationRuns.DetectedSources(logs.Temp, logs.QuietPath));
    }
}
