using FastLog.Formats;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Generation;

/// <summary>
/// Issue 4, "What it must show" item 2, for generated files: detection over the first 64 KiB of
/// what <c>fastlog generate</c> writes names the format it was asked for, and the whole file is
/// then read without a malformed line (apart from the CLF generator's deliberate 0.1 %).
/// </summary>
public class GeneratedFormatDetectionTests
{
    public static TheoryData<string> Formats => ["common", "combined", "nginx", "w3c", "alb", "syslog", "auth", "cloudtrail", "github"];

    [Theory, MemberData(nameof(Formats))]
    public void Detection_PicksTheGeneratedFormat_AndTheFileParses(string format)
    {
        using var dir = new TempDirectory("detect-" + format);
        var log = dir.File(format + ".log");
        FastLogCli.Run("generate", "--format", format, "--lines", "5000", "--seed", "11", "--attacks", "none", "-o", log).Ok();

        var bytes = File.ReadAllBytes(log);
        var sample = bytes.AsSpan(0, Math.Min(bytes.Length, FormatDetector.SampleBytes));
        Assert.Equal(format, FormatDetector.Detect(sample)?.Name);

        // Through the CLI, without --format: the input's reported format, and no line lost.
        using var report = System.Text.Json.JsonDocument.Parse(FastLogCli.Run("analyze", "--output", "json", "--stable", "--year", "2024", log).Ok());
        var overview = report.RootElement.GetProperty("overview");
        var input = overview.GetProperty("inputs")[0];
        Assert.Equal(format, input.GetProperty("format").GetString());
        Assert.False(input.GetProperty("format_guessed").GetBoolean());
        var malformed = overview.GetProperty("malformed").GetInt64();
        if (format is "common" or "combined" or "nginx") Assert.InRange(malformed, 0, 20);
        else Assert.Equal(0, malformed);
    }

    [Fact]
    public void GeneratedSyslogFile_IsDatedAtTheEndOfItsPeriod_SoItsYearNeedsNoFlag()
    {
        using var dir = new TempDirectory("generate-mtime");
        var log = dir.File("auth.log");
        var truth = dir.File("truth.json");
        FastLogCli.Run("generate", "--format", "auth", "--lines", "30000", "--seed", "3", "--truth", truth, "-o", log).Ok();

        // The year-less lines read back with the generator's own year, as the manifest's scenario times say.
        using var manifest = System.Text.Json.JsonDocument.Parse(File.ReadAllText(truth));
        var firstScenario = manifest.RootElement.GetProperty("scenarios").EnumerateArray()
            .Select(s => DateTimeOffset.Parse(s.GetProperty("start").GetString()!, System.Globalization.CultureInfo.InvariantCulture)).Min();
        using var report = System.Text.Json.JsonDocument.Parse(FastLogCli.Run("analyze", "--output", "json", "--stable", log).Ok());
        var overview = report.RootElement.GetProperty("overview");
        var first = DateTimeOffset.Parse(overview.GetProperty("first_timestamp").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var last = DateTimeOffset.Parse(overview.GetProperty("last_timestamp").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(firstScenario.Year, first.Year);
        Assert.InRange(firstScenario, first, last);
        Assert.InRange(File.GetLastWriteTimeUtc(log), last.UtcDateTime, last.UtcDateTime.AddDays(1));
    }
}
