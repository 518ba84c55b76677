using System.Globalization;
using System.Text.Json;
using FastLog.Cli;
using FastLog.Output.Table;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Output;

/// <summary>
/// Bars in <c>analyze</c>'s table output: drawn only when stdout is a terminal, as blocks in a
/// UTF-8 locale and as <c>#</c> with <c>--ascii</c> or another locale; never in a pipe, a file
/// or with <c>--stable</c>, whose bytes stay exactly as before.
/// </summary>
public class TerminalBarsTests
{
    private const string Sample = "data/samples/combined";

    private static string RunOn(bool terminal, params string[] args)
    {
        var console = new TestConsole { Terminal = terminal };
        var exit = FastLogApp.Run(args, console);
        Assert.True(exit == 0, console.StderrText);
        return System.Text.Encoding.UTF8.GetString(console.StdoutBytes);
    }

    [Theory]
    [InlineData("--stable")]
    [InlineData("--stable", "--ascii")]
    public void Terminal_WithStable_WritesThePipedBytes(params string[] flags)
    {
        var sample = Path.Combine(RepoPaths.Root, Sample);
        var piped = RunOn(false, ["analyze", "--stable", sample]);
        Assert.Equal(piped, RunOn(true, ["analyze", .. flags, sample]));
        Assert.DoesNotContain("█", piped);
    }

    [Fact]
    public void Terminal_Ascii_TopTablesHaveShareBarsScaledToTheFirstRow()
    {
        var sample = Path.Combine(RepoPaths.Root, Sample);
        var text = RunOn(true, "analyze", "--ascii", sample);
        using var json = JsonDocument.Parse(RunOn(false, "analyze", "--output", "json", sample));
        var rows = json.RootElement.GetProperty("traffic").GetProperty("paths").GetProperty("rows").EnumerateArray().ToList();
        var max = rows[0].GetProperty("count").GetInt64();
        var section = text[text.IndexOf("== Top paths ==", StringComparison.Ordinal)..];
        var lines = section.Split('\n').Skip(3).Take(rows.Count).ToList();
        for (var i = 0; i < rows.Count; i++)
        {
            var count = rows[i].GetProperty("count").GetInt64();
            var expected = new string('#', (int)Math.Max(1, Math.Round((double)count * BarText.Width / max)));
            Assert.Matches($"  {expected} *  {System.Text.RegularExpressions.Regex.Escape(TerminalText(rows[i].GetProperty("value").GetString()!))}$", lines[i]);
            Assert.StartsWith(count.ToString("N0", CultureInfo.InvariantCulture), lines[i].TrimStart());
        }
        Assert.DoesNotContain("█", text);
    }

    private static string TerminalText(string value) => FastLog.Output.Text.TerminalText.Escape(value);

    [Theory]
    [InlineData(new long[] { 0, 1, 2, 3, 4, 5, 6, 7, 8 }, "▁▁▂▃▄▅▆▇█")]
    [InlineData(new long[] { 5, 5 }, "██")]
    [InlineData(new long[] { 0, 0 }, "▁▁")]
    public void Sparkline_HeightIsTheShareOfTheLargest(long[] values, string expected)
        => Assert.Equal(expected, BarText.Sparkline(values, TerminalBars.Blocks));

    [Theory]
    [InlineData(20, 20, "████████████████████")]
    [InlineData(1, 16, "█▎")]
    [InlineData(1, 1000, "▏")]
    [InlineData(0, 10, "")]
    public void Bar_HasEighthBlockResolution(long value, long max, string expected)
        => Assert.Equal(expected, BarText.Bar(value, max, TerminalBars.Blocks));

    [Theory]
    [InlineData("C.UTF-8", "", "█")]
    [InlineData("C", "", "#")]
    [InlineData("C.UTF-8", "--ascii", "#")]
    public void Pty_BarsFollowTheLocaleAndAscii(string locale, string flag, string expectedBar)
    {
        // script(1) gives fastlog a pseudo-terminal as stdout; the pipe after it is script's own.
        var run = FastLogProcess.Run($"LC_ALL={locale} script -qec \"$FASTLOG analyze {flag} {Sample}\" /dev/null");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains(expectedBar, run.StdoutText);
        if (expectedBar == "#") Assert.DoesNotContain("█", run.StdoutText);
        var piped = FastLogProcess.Run($"LC_ALL={locale} $FASTLOG analyze {flag} {Sample}");
        Assert.DoesNotContain("█", piped.StdoutText);
        Assert.DoesNotContain("  #", piped.StdoutText);
    }
}
