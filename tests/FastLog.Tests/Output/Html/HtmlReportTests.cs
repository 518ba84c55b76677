using System.Text;
using FastLog.Output.Html;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Output.Html;

/// <summary>
/// <c>--output html</c>: a page whose every element and attribute is the writer's own whatever
/// the log holds, log values shown as text (control and bidi characters made visible), panels in
/// order, and the same bytes on every <c>--stable</c> run.
/// </summary>
public class HtmlReportTests
{
    private static string Report(TempDirectory dir, byte[] log, params string[] args)
    {
        var input = dir.File("access.log");
        File.WriteAllBytes(input, log);
        var output = dir.File("report.html");
        // --top 100: every hostile value makes its top table.
        var run = FastLogCli.Run([.. args, "--output", "html", "-o", output, "--stable", "--top", "100", "--format", "combined", input]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        return File.ReadAllText(output, Encoding.UTF8);
    }

    public static TheoryData<string[]> Commands => new() { new[] { "analyze" }, new[] { "analyze", "--detect" }, new[] { "detect" } };

    [Theory]
    [MemberData(nameof(Commands))]
    public void HostileLog_YieldsOnlyTheWritersElementsAndAttributes(string[] command)
    {
        using var dir = new TempDirectory("html-hostile");
        var html = Report(dir, HostileLog.Bytes(), command);
        // A raw substring check first, no parser involved: a real element would start "<script".
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<iframe", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        var document = HtmlReportChecks.Parse(html);
        HtmlReportChecks.AssertOnlyOwnMarkup(document, HtmlReportWriter.ContentSecurityPolicy);
        Assert.Empty(document.QuerySelectorAll("script, iframe, object, embed, foreignObject, link, base, form, img, math"));
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void HostileLog_ValuesSurviveAsVisibleText(string[] command)
    {
        using var dir = new TempDirectory("html-text");
        var html = Report(dir, HostileLog.Bytes(), command);
        var document = HtmlReportChecks.Parse(html);
        var text = document.Body!.TextContent;
        // With detection, the rules fired: findings with their evidence lines (which hold payloads too).
        if (command.Length > 1 || command[0] == "detect") Assert.Contains("<script>alert(100)</script>", string.Concat(document.QuerySelectorAll("#security pre").Select(e => e.TextContent)));
        // The payloads the command's panels show come back as text, character for character (the
        // combined parser keeps a quoted field's \" as it is).
        var shown = command[0] == "detect"
            ? new[] { "sqlmap/1.7 <svg onload=alert(17)>" }
            : HostileLog.Payloads.Where(p => !p.Contains('\u202E')).Select(p => p.Replace("\"", "\\\"")).ToArray();
        foreach (var payload in shown) Assert.Contains(payload, text);
        // No raw control, bidi or invisible character anywhere in the page: each is shown as the terminal shows it.
        foreach (var c in html)
        {
            Assert.False(c < 0x20 && c != '\n', $"raw control U+{(int)c:X4} in the page");
            Assert.False(c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or '\u0000' or '\u007F', $"raw U+{(int)c:X4} in the page");
        }
        if (command[0] != "detect")
        {
            Assert.Contains("\\u{202E}gnp.exe\\u{2066}<b>bidi</b>\\u{2069}", text);
            Assert.Contains("agent-with-nul:\\x00<s>", text);
        }
    }

    [Fact]
    public void Panels_ComeInTheIssuesOrder()
    {
        using var dir = new TempDirectory("html-order");
        var html = Report(dir, HostileLog.Bytes(), "analyze", "--detect");
        var ids = HtmlReportChecks.Parse(html).QuerySelectorAll("section").Select(s => s.Id).ToList();
        Assert.Equal(["overview", "traffic", "top", "visitors", "performance", "errors", "security"], ids.Where(i => i != "anomalies").ToList());
        // Every chart has a table view right after it.
        var document = HtmlReportChecks.Parse(html);
        foreach (var chart in document.QuerySelectorAll("svg.chart"))
            Assert.Equal("details", chart.NextElementSibling?.LocalName);
    }

    [Fact]
    public void ManyFindings_KeepTheReportUnderTwoMegabytes()
    {
        // 20,000 scanning sources, each a finding or two: the timeline shares points per lane and
        // column, findings are listed up to MaxFindingsListed, incidents up to --top.
        using var dir = new TempDirectory("html-many");
        var log = new StringBuilder();
        for (var i = 0; i < 20_000; i++)
            log.Append(System.Globalization.CultureInfo.InvariantCulture,
                $"10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255} - - [04/Mar/2024:10:{i / 60 % 60:00}:{i % 60:00} +0000] \"GET /../../etc/passwd HTTP/1.1\" 404 12 \"-\" \"sqlmap/1.7\"\n");
        var html = Report(dir, Encoding.ASCII.GetBytes(log.ToString()), "analyze", "--detect");
        Assert.True(Encoding.UTF8.GetByteCount(html) < 2_000_000, $"{Encoding.UTF8.GetByteCount(html):N0} bytes");
        var document = HtmlReportChecks.Parse(html);
        var circles = document.QuerySelectorAll("#security svg.chart circle").Length;
        Assert.InRange(circles, 1, 4 * SvgChart.TimelineColumns);
        Assert.Equal(HtmlReportWriter.MaxFindingsListed, document.QuerySelectorAll("#security details pre").Select(p => p.ParentElement).Distinct().Count());
    }

    [Fact]
    public void Readme_ShowsTheCommittedScreenshotAndTheOneLinerThatMakesAReport()
    {
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));
        const string oneLiner = "fastlog analyze --detect --output html -o report.html access.log";
        Assert.Contains("```sh\n" + oneLiner + "\n```", readme);
        Assert.Contains("](docs/dashboard.png)", readme);
        // A PNG screenshot at the 1280 px width the issue names (IHDR: width, height big-endian).
        var png = File.ReadAllBytes(Path.Combine(RepoPaths.Root, "docs/dashboard.png"));
        Assert.True(png.AsSpan(0, 8).SequenceEqual((byte[])[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]), "not a PNG");
        Assert.Equal(1280, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)));
        // The one-liner, run on the sample access log, writes a report.
        using var dir = new TempDirectory("html-readme");
        File.Copy(Path.Combine(RepoPaths.Root, "data/samples/combined/access.log"), dir.File("access.log"));
        var args = oneLiner.Split(' ')[1..].Select(a => a is "report.html" or "access.log" ? dir.File(a) : a).ToArray();
        FastLogCli.Run(args).Ok();
        HtmlReportChecks.AssertOnlyOwnMarkup(HtmlReportChecks.Parse(File.ReadAllText(dir.File("report.html"))), HtmlReportWriter.ContentSecurityPolicy);
    }

    [Fact]
    public void StableRuns_WriteTheSameBytes()
    {
        using var dir = new TempDirectory("html-stable");
        var first = Report(dir, HostileLog.Bytes(), "analyze", "--detect");
        var second = Report(dir, HostileLog.Bytes(), "analyze", "--detect");
        Assert.Equal(first, second);
        Assert.DoesNotContain("elapsed", first);
    }

    [Fact]
    public void Charts_AddUpToTheTables()
    {
        // The hour-of-day chart's bar titles carry the same counts as its table view and the JSON report.
        using var dir = new TempDirectory("html-sums");
        var html = Report(dir, HostileLog.Bytes(), "analyze");
        var document = HtmlReportChecks.Parse(html);
        var bars = document.QuerySelectorAll("#traffic svg.chart")[1].QuerySelectorAll("rect");
        Assert.Equal(24, bars.Length);
        var fromBars = bars.Sum(b => long.Parse(b.TextContent.Split(": ")[1].Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture));
        var json = FastLogCli.Run("analyze", "--output", "json", "--stable", "--format", "combined", dir.File("access.log"));
        using var parsed = System.Text.Json.JsonDocument.Parse(json.Stdout);
        Assert.Equal(parsed.RootElement.GetProperty("overview").GetProperty("records").GetInt64(), fromBars);
    }

    [Theory]
    [InlineData("<script>", "&lt;script&gt;")]
    [InlineData("a\"b'c&d", "a&quot;b&#39;c&amp;d")]
    [InlineData("\u202Ex\u0000y\u001B", "\\u{202E}x\\x00y\\x1b")]
    public void HtmlText_EscapesMarkupAfterMakingControlsVisible(string value, string expected)
        => Assert.Equal(expected, HtmlText.Encode(value));

    [Fact]
    public void HtmlText_ShowsALoneSurrogate() => Assert.Equal("x\\u{D800}y", HtmlText.Encode("x" + (char)0xD800 + "y"));

    [Fact]
    public void HtmlText_CutsLongValuesWithoutSplittingAPair()
    {
        var value = new string('a', HtmlText.MaxChars - 1) + "😀😀";
        var encoded = HtmlText.Encode(value);
        Assert.Equal(new string('a', HtmlText.MaxChars - 1) + "…", encoded);
    }
}
