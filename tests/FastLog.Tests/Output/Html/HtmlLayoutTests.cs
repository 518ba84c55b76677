using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Output.Html;

/// <summary>
/// The report as Chromium lays it out (DevTools protocol, <see cref="DevToolsPage"/>): no wider
/// than a phone's screen or a 1280 px window, light and dark colours that follow
/// <c>prefers-color-scheme</c> with readable contrast, and a print layout (even when the reader's
/// system is dark) without navigation or folded tables, dark text on white, every panel printed.
/// </summary>
public partial class HtmlLayoutTests
{
    // Text the report shows, with the background each one sits on found by walking up to the first opaque one.
    private const string ColorsScript = """
        (() => {
          const background = e => { for (; e; e = e.parentElement) { const c = getComputedStyle(e).backgroundColor; if (c !== 'rgba(0, 0, 0, 0)') return c; } return 'rgb(255, 255, 255)'; };
          return ['body', 'h1', 'h2', 'h3', 'th', 'td', 'td.v', 'p.muted', 'summary', 'nav a', 'footer', 'svg text'].map(s => {
            const e = document.querySelector(s);
            if (!e) return null;
            const style = getComputedStyle(e);
            return [s, s === 'svg text' ? style.fill : style.color, background(e)];
          }).filter(x => x);
        })()
        """;

    private static string MakeReport(TempDirectory dir)
    {
        var inputs = HostileViews.Write(dir.Path);
        var log = dir.File("gen.log");
        FastLogCli.Run("generate", "--lines", "20000", "-o", log).Ok();
        var page = dir.File("report.html");
        FastLogCli.Run(["analyze", "--detect", "--stable", "--output", "html", "-o", page, log, .. inputs]).Ok();
        return page;
    }

    [BrowserFact]
    public void Page_IsNoWiderThanAPhoneOrA1280PixelWindow()
    {
        using var dir = new TempDirectory("layout-width");
        var page = MakeReport(dir);
        using var browser = new DevToolsPage();
        foreach (var (width, mobile) in new[] { (1280, false), (390, true), (320, true) })
        {
            browser.Viewport(width, 800, mobile);
            browser.Load(page);
            // Wide tables scroll inside their own box; no other box, nor the text in it (a long input
            // path), reaches past the screen's edge, so a phone shows the page at its own width (a
            // wider page would widen the layout viewport).
            var overflowing = browser.Evaluate(
                $"[...document.querySelectorAll('body *')].filter(e => !e.parentElement.closest('.scroll') && (e.getBoundingClientRect().right > {width} + 0.5 || e instanceof HTMLElement && e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === 'visible')).slice(0, 8).map(e => e.localName + '.' + e.className.baseVal + e.className + ' ' + Math.round(e.getBoundingClientRect().right) + ' ' + e.textContent.slice(0, 40))")!.AsArray();
            Assert.True(overflowing.Count == 0, $"{width} px: past the right edge: {overflowing.ToJsonString()}");
            Assert.Equal(width, Number(browser.Evaluate("innerWidth")));
            Assert.True(Number(browser.Evaluate("document.documentElement.scrollWidth")) <= width,
                $"{width} px: the page is {browser.Evaluate("document.documentElement.scrollWidth")} px wide");
            // The overview's columns stand side by side in a window and stack on a phone.
            var columns = Number(browser.Evaluate("getComputedStyle(document.querySelector('.grid')).gridTemplateColumns.split(' ').length"));
            Assert.True(mobile ? columns == 1 : columns >= 2, $"{width} px: {columns} overview columns");
        }
        Assert.Empty(browser.Console);
    }

    [BrowserFact]
    public void Colours_FollowThePreferredSchemeWithReadableContrast()
    {
        using var dir = new TempDirectory("layout-colours");
        var page = MakeReport(dir);
        using var browser = new DevToolsPage();
        browser.Viewport(1280, 900, mobile: false);
        browser.Load(page);
        var backgrounds = new List<string>();
        foreach (var scheme in (string[])["light", "dark"])
        {
            browser.Media("screen", scheme);
            var colours = Colours(browser);
            backgrounds.Add(colours["body"].Background);
            AssertReadable(scheme, colours);
        }
        Assert.Equal(["rgb(255, 255, 255)", "rgb(13, 17, 23)"], backgrounds);
        Assert.Empty(browser.Console);
    }

    [BrowserFact]
    public void Print_HidesNavigationAndTableViewsAndPrintsDarkOnWhiteWhateverTheScheme()
    {
        using var dir = new TempDirectory("layout-print");
        var page = MakeReport(dir);
        using var browser = new DevToolsPage();
        browser.Load(page);
        foreach (var scheme in (string[])["light", "dark"])
        {
            browser.Media("print", scheme);
            var colours = Colours(browser);
            Assert.Equal("rgb(255, 255, 255)", colours["body"].Background);
            AssertReadable("print, " + scheme, colours);
            Assert.Equal("none", browser.Evaluate("getComputedStyle(document.querySelector('nav')).display")!.GetValue<string>());
            Assert.Equal(0, Number(browser.Evaluate("[...document.querySelectorAll('summary')].filter(e => e.getBoundingClientRect().height > 0).length")));
            // Every panel and chart is laid out (has a size) on paper.
            Assert.Equal(0, Number(browser.Evaluate("[...document.querySelectorAll('section, svg.chart')].filter(e => e.getBoundingClientRect().height === 0).length")));
        }
        var pdf = browser.PrintToPdf();
        Assert.Equal("%PDF-", Encoding.ASCII.GetString(pdf, 0, 5));
        var pages = PdfPage().Matches(Encoding.Latin1.GetString(pdf)).Count;
        Assert.True(pages >= 3, $"{pages} printed pages");
        Assert.Empty(browser.Console);
    }

    [GeneratedRegex(@"/Type\s*/Page(?![a-zA-Z])")]
    private static partial Regex PdfPage();

    private static Dictionary<string, (string Colour, string Background)> Colours(DevToolsPage browser)
        => browser.Evaluate(ColorsScript)!.AsArray().ToDictionary(e => e![0]!.GetValue<string>(), e => (e![1]!.GetValue<string>(), e[2]!.GetValue<string>()));

    /// <summary>WCAG 2 AA for text: a contrast ratio of at least 4.5 between every text colour and its background.</summary>
    private static void AssertReadable(string mode, Dictionary<string, (string Colour, string Background)> colours)
    {
        foreach (var (selector, (colour, background)) in colours)
        {
            var ratio = Contrast(colour, background);
            Assert.True(ratio >= 4.5, $"{mode}: {selector} is {colour} on {background}, contrast {ratio:0.00}");
        }
    }

    private static double Contrast(string a, string b)
    {
        var (la, lb) = (Luminance(a), Luminance(b));
        return (Math.Max(la, lb) + 0.05) / (Math.Min(la, lb) + 0.05);
    }

    private static double Luminance(string rgb)
    {
        var parts = Rgb().Match(rgb);
        Assert.True(parts.Success, $"not an rgb() colour: {rgb}");
        double Channel(int i)
        {
            var c = int.Parse(parts.Groups[i].Value, CultureInfo.InvariantCulture) / 255.0;
            return c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * Channel(1) + 0.7152 * Channel(2) + 0.0722 * Channel(3);
    }

    [GeneratedRegex(@"^rgba?\((\d+), (\d+), (\d+)(, 1)?\)$")]
    private static partial Regex Rgb();

    private static double Number(JsonNode? node) => node!.GetValue<double>();
}
