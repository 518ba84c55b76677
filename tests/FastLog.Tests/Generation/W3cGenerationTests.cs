using System.Globalization;
using FastLog.Columns;
using FastLog.Formats;
using FastLog.Generation.Truth;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Generation;

/// <summary>Two generated IIS logs (with and without attacks), made once for the w3c tests.</summary>
public sealed class W3cLogsFixture : IDisposable
{
    private readonly TempDirectory _temp = new("generation-w3c");

    /// <summary>Generates the logs through the CLI.</summary>
    public W3cLogsFixture()
    {
        (Path, Truth) = GenerationRuns.Cli(_temp, "w3c", "--lines", "40000", 31);
        (QuietPath, QuietTruth) = GenerationRuns.Cli(_temp, "w3c", "--lines", "30000", 32, attacks: false);
    }

    /// <summary>The log with the web scenarios.</summary>
    public string Path { get; }
    /// <summary>Its manifest.</summary>
    public TruthManifest Truth { get; }
    /// <summary>The log without scenarios.</summary>
    public string QuietPath { get; }
    /// <summary>Its manifest.</summary>
    public TruthManifest QuietTruth { get; }

    /// <inheritdoc/>
    public void Dispose() => _temp.Dispose();
}

/// <summary>
/// Issue 4: <c>generate --format w3c</c> — byte-identical per seed for any thread count, <c>--size</c>
/// cuts at a line end, every line passes tests/oracles/w3c_strict.py, counts agree with awk, the
/// restart header sits mid-file, detection names w3c, and the manifest's scenarios are in the file.
/// </summary>
public class W3cGenerationTests(W3cLogsFixture logs) : IClassFixture<W3cLogsFixture>
{
    // awk: for every data line under a #Fields: header, "status<TAB>c-ip<TAB>date time" by the header's column names.
    private const string Rows = """
        awk '/^#Fields:/ { delete c; for (i = 2; i <= NF; i++) c[$i] = i - 1; next } /^#/ { next } { printf "%s\t%s\t%sT%sZ\n", $(c["sc-status"]), $(c["c-ip"]), $(c["date"]), $(c["time"]) }'
        """;

    [Fact]
    public void SameSeed_SameBytes_ForThreads1To3() => GenerationRuns.AssertThreadInvariant(LogFormat.W3c, 34_000);

    [Fact]
    public void Size_StopsAtTheFirstLineEndAtOrPastIt() => GenerationRuns.AssertSizeCut("w3c", 5_000_000);

    [Fact]
    public void EveryLine_MatchesTheStrictW3cGrammar()
    {
        Assert.Equal($"ok 40000 8 39992\n", Shell.Run($"python3 tests/oracles/w3c_strict.py {Shell.Quote(logs.Path)}"));
        Assert.Equal($"ok 30000 8 29992\n", Shell.Run($"python3 tests/oracles/w3c_strict.py {Shell.Quote(logs.QuietPath)}"));
        Assert.Equal(8, logs.Truth.HeaderLines);
        Assert.Equal(40_000 - 8, logs.Truth.Records);
        Assert.Equal(0, logs.Truth.MalformedLines);
    }

    [Fact]
    public void RestartHeader_AddsHostAndBytes_InTheMiddleOfTheFile()
    {
        // Line numbers and field counts of the #Fields: lines.
        var fields = Shell.Run($"awk '/^#Fields:/ {{ print NR, NF - 1, ($0 ~ / cs-host / && $0 ~ / sc-bytes /) }}' {Shell.Quote(logs.Path)}").Trim().Split('\n');
        Assert.Equal(2, fields.Length);
        Assert.Equal("4 15 0", fields[0]);
        var second = fields[1].Split(' ');
        Assert.InRange(long.Parse(second[0], CultureInfo.InvariantCulture), 40_000 * 30 / 100, 40_000 * 70 / 100);
        Assert.Equal("18", second[1]);
        Assert.Equal("1", second[2]);
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
    public void Detection_OnTheFirst64KiB_NamesW3c()
    {
        Assert.Equal(LogFormat.W3c, FormatDetector.Detect(GenerationRuns.Sample(logs.Path))?.Id);
        Assert.Equal(LogFormat.W3c, FormatDetector.Detect(GenerationRuns.Sample(logs.QuietPath))?.Id);
    }

    [Fact]
    public void EachScenario_HasItsEventsFirstAndLastTime_UnderItsOwnAddress()
    {
        var rows = Shell.Run($"LC_ALL=C {Rows} {Shell.Quote(logs.Path)} | awk -F'\\t' '{{ n[$2]++; if (!($2 in f)) f[$2] = $3; l[$2] = $3 }} END {{ for (ip in n) print ip, n[ip], f[ip], l[ip] }}'")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')).ToDictionary(p => p[0], p => (Count: long.Parse(p[1], CultureInfo.InvariantCulture), First: p[2], Last: p[3]));
        Assert.Equal(10, logs.Truth.Scenarios.Count);
        foreach (var s in logs.Truth.Scenarios)
            Assert.Equal((s.Events, s.Start, s.End), rows[s.SourceIp]);
        Assert.Empty(logs.QuietTruth.Scenarios);
    }

    [Fact]
    public void Detect_FindsEveryScenarioSource_AndNothingInTheQuietLog()
    {
        using var temp = new TempDirectory("w3c-detect");
        Assert.Equal(string.Concat(logs.Truth.Scenarios.Select(s => s.SourceIp).Order(StringComparer.Ordinal).Select(s => s + "\n")), GenerationRuns.DetectedSources(temp, logs.Path));
        Assert.Equal("", GenerationRuns.DetectedSources(temp, logs.QuietPath));
    }
}
