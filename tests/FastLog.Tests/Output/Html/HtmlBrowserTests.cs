using System.Text;
using FastLog.Output.Html;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Output.Html;

/// <summary>
/// The HTML report in a real browser (Debian's headless Chromium): the DOM it builds from a
/// hostile log holds only the writer's elements and attributes, the page's CSP reports no
/// violation and nothing else reaches the console, and a generated log's report renders.
/// </summary>
public class HtmlBrowserTests
{
    [BrowserFact]
    public void HostileReport_BuildsOnlyTheWritersDomWithoutConsoleMessages()
    {
        using var dir = new TempDirectory("browser-hostile");
        File.WriteAllBytes(dir.File("access.log"), HostileLog.Bytes());
        var page = dir.File("report.html");
        FastLogCli.Run("analyze", "--detect", "--top", "100", "--format", "combined", "--output", "html", "-o", page, dir.File("access.log")).Ok();

        var (dom, console) = HeadlessBrowser.DumpDom(page);
        Assert.Empty(console);
        // The browser re-escapes text, so a real element is "<script" and a payload "&lt;script".
        Assert.DoesNotContain("<script", dom, StringComparison.OrdinalIgnoreCase);
        var document = HtmlReportChecks.Parse(dom);
        HtmlReportChecks.AssertOnlyOwnMarkup(document, HtmlReportWriter.ContentSecurityPolicy);
        Assert.Contains("<svg onload=alert(4)>", document.Body!.TextContent);
        // The browser kept every element the writer wrote: the same count as in the file it loaded.
        Assert.Equal(HtmlReportChecks.Parse(File.ReadAllText(page, Encoding.UTF8)).All.Length, document.All.Length);
    }

    [BrowserFact]
    public void GeneratedLogReport_RendersWithoutConsoleMessages()
    {
        using var dir = new TempDirectory("browser-generated");
        var log = dir.File("gen.log");
        FastLogCli.Run("generate", "--lines", "20000", "-o", log).Ok();
        var page = dir.File("report.html");
        FastLogCli.Run("analyze", "--detect", "--stable", "--output", "html", "-o", page, log).Ok();

        var png = dir.File("shot.png");
        var console = HeadlessBrowser.Screenshot(page, png);
        Assert.Empty(console);
        var bytes = File.ReadAllBytes(png);
        Assert.True(bytes.AsSpan(0, 8).SequenceEqual((byte[])[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]), "not a PNG");
        // A blank 1280×900 page compresses to a few kilobytes; charts, tables and text do not.
        Assert.True(bytes.Length > 40_000, $"screenshot of {bytes.Length} bytes looks blank");
        var (dom, domConsole) = HeadlessBrowser.DumpDom(page);
        Assert.Empty(domConsole);
        Assert.True(HtmlReportChecks.Parse(dom).QuerySelectorAll("svg.chart").Length >= 6);
    }
}
