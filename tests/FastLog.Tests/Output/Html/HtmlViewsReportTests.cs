using System.Text;
using FastLog.Output.Html;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Output.Html;

/// <summary>
/// The HTML report of a run over every format with a per-format section, each log full of
/// payloads (<see cref="HostileViews"/>): only the writer's markup, payloads back as text in the
/// per-format panels and the inputs list, panels in the issue's order with the per-format ones
/// last, a table view after every chart, nothing that loads from anywhere.
/// </summary>
public class HtmlViewsReportTests
{
    public static TheoryData<string[]> Commands => new() { new[] { "analyze" }, new[] { "analyze", "--detect" }, new[] { "detect" } };

    private static string Report(TempDirectory dir, params string[] command)
    {
        var inputs = HostileViews.Write(dir.Path);
        var page = dir.File("report.html");
        FastLogCli.Run([.. command, "--stable", "--top", "100", "--output", "html", "-o", page, .. inputs]).Ok();
        return File.ReadAllText(page, Encoding.UTF8);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void HostileInputsOfEveryFormat_YieldOnlyTheWritersMarkup(string[] command)
    {
        using var dir = new TempDirectory("html-views-hostile");
        var html = Report(dir, command);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<svg onload", html, StringComparison.OrdinalIgnoreCase);
        var document = HtmlReportChecks.Parse(html);
        HtmlReportChecks.AssertOnlyOwnMarkup(document, HtmlReportWriter.ContentSecurityPolicy);
        foreach (var c in html)
            Assert.False(c is < ' ' and not '\n' or >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or '\u007F', $"raw U+{(int)c:X4} in the page");
        // The input named by a payload is listed, as text.
        Assert.Contains(HostileViews.AccessLogName, document.QuerySelector("header p")!.TextContent);
    }

    [Fact]
    public void HostileInputsOfEveryFormat_ShowTheirPayloadsAsTextInTheirPanels()
    {
        using var dir = new TempDirectory("html-views-text");
        var document = HtmlReportChecks.Parse(Report(dir, "analyze"));
        var views = document.QuerySelector("#views")!;
        var headings = views.QuerySelectorAll("h3").Select(h => h.TextContent).ToList();
        foreach (var section in (string[])["Auth (auth)", "CloudTrail (cloudtrail)", "GitHub (github)", "Service health (jsonl)"])
            Assert.Contains(section, headings);
        Assert.Contains(headings, h => h.StartsWith("Syslog (syslog)", StringComparison.Ordinal));
        var text = views.TextContent;
        // JSON values come through whole: each payload (bidi controls made visible) is in the panels' text.
        foreach (var payload in HostileLog.Payloads)
            Assert.Contains(payload.Replace("\u202E", "\\u{202E}").Replace("\u2066", "\\u{2066}").Replace("\u2069", "\\u{2069}"), text);
        Assert.Contains("nul:\\x00<s>\\u{202E}", text);
        // Syslog-style fields are words: the payload with '+' for its spaces.
        Assert.Contains("<img+src=x+onerror=alert(2)>", text);
    }

    [Fact]
    public void Panels_ComeInTheIssuesOrder_WithThePerFormatPanelsLast()
    {
        using var dir = new TempDirectory("html-views-order");
        var document = HtmlReportChecks.Parse(Report(dir, "analyze", "--detect"));
        var ids = document.QuerySelectorAll("section").Select(s => s.Id).Where(i => i != "anomalies").ToList();
        Assert.Equal(["overview", "traffic", "top", "visitors", "performance", "errors", "security", "views"], ids);
        // The navigation links the same panels in the same order.
        Assert.Equal(document.QuerySelectorAll("section").Select(s => "#" + s.Id), document.QuerySelectorAll("nav a").Select(a => a.GetAttribute("href")));
    }

    [Fact]
    public void EveryChart_HasATableViewHoldingWhatItDraws()
    {
        using var dir = new TempDirectory("html-views-charts");
        var document = HtmlReportChecks.Parse(Report(dir, "analyze", "--detect"));
        var charts = document.QuerySelectorAll("svg.chart");
        // Traffic (time series, hour of day, weekday, heat map), visitors per day, errors over time, the findings timeline, per-format activity.
        Assert.True(charts.Length >= 8, $"{charts.Length} charts");
        foreach (var chart in charts)
        {
            var caption = chart.QuerySelector("title")!.TextContent;
            var view = chart.NextElementSibling;
            Assert.True(view?.LocalName == "details", $"{caption}: no table view after the chart");
            Assert.Equal("table view", view!.QuerySelector("summary")!.TextContent);
            var rows = view.QuerySelectorAll("tbody tr");
            Assert.True(rows.Length > 0, $"{caption}: an empty table view");
            var cells = rows.SelectMany(r => r.QuerySelectorAll("td.n")).Select(c => Figure(c.TextContent)).ToList();
            // Bars and heat-map cells: each drawn figure (its title's "label: N") is a cell of the table.
            foreach (var bar in chart.QuerySelectorAll("rect"))
            {
                var figure = Figure(bar.QuerySelector("title")!.TextContent.Split(": ")[^1]);
                Assert.True(cells.Remove(figure), $"{caption}: bar {bar.QuerySelector("title")!.TextContent} is not in its table view");
            }
            // Lines: a table row per point.
            foreach (var line in chart.QuerySelectorAll("polyline"))
                Assert.Equal(rows.Length, line.GetAttribute("points")!.Split(' ').Length);
            // Timeline: the findings per severity add up to the events the points count ("N events, the first: …", or one).
            var points = chart.QuerySelectorAll("circle").Select(c => c.QuerySelector("title")!.TextContent).ToList();
            if (points.Count > 0)
            {
                Assert.Equal(points.Sum(t => t.Contains(" events, the first: ", StringComparison.Ordinal) ? Figure(t.Split(' ')[0]) : 1),
                    rows.Sum(r => Figure(r.QuerySelectorAll("td.n")[0].TextContent)));
            }
        }
    }

    private static long Figure(string text) => long.Parse(text, System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void EveryPanel_HoldsWhatTheIssueListsForIt()
    {
        using var dir = new TempDirectory("html-views-content");
        var nginx = dir.File("nginx.log");
        GeneratedInputs.Write(nginx, FastLog.Columns.LogFormat.Nginx, 3000, seed: 5);
        var page = dir.File("report.html");
        // Without --stable: the overview has the run's throughput.
        FastLogCli.Run(["analyze", "--detect", "--output", "html", "-o", page, nginx, .. HostileViews.Write(dir.Path)]).Ok();
        var document = HtmlReportChecks.Parse(File.ReadAllText(page, Encoding.UTF8));
        List<string> Headings(string panel) => document.QuerySelectorAll($"#{panel} h3").Select(h => h.TextContent).ToList();
        int Charts(string panel) => document.QuerySelectorAll($"#{panel} svg.chart").Length;

        var items = document.QuerySelectorAll("#overview tr td:first-child").Select(c => c.TextContent).ToList();
        foreach (var item in (string[])["input", "records", "malformed", "time range", "throughput"]) Assert.Contains(item, items);
        Assert.Contains("Malformed lines by reason", Headings("overview"));
        Assert.StartsWith("Malformed lines (first per reason)", document.QuerySelector("#overview details summary")!.TextContent, StringComparison.Ordinal);

        Assert.Subset(Headings("traffic").ToHashSet(), new HashSet<string> { "Hour of day (UTC)", "Weekday (UTC)", "Hour of day × weekday (UTC)", "Status classes", "Methods" });
        Assert.Contains(Headings("traffic"), h => h.StartsWith("Requests and errors per UTC", StringComparison.Ordinal));
        Assert.Equal(4, Charts("traffic"));

        // Top tables: each row has its in-row share bar.
        Assert.Subset(Headings("top").ToHashSet(), new HashSet<string> { "Paths", "404 paths", "Endpoints", "Clients", "User agents", "Referers" });
        foreach (var table in document.QuerySelectorAll("#top table"))
            Assert.All(table.QuerySelectorAll("tbody tr"), row => Assert.NotNull(row.QuerySelector("svg.share")));

        Assert.Subset(Headings("visitors").ToHashSet(), new HashSet<string> { "Agent classes", "Browsers", "Operating systems" });
        var metrics = document.QuerySelectorAll("#performance tr td:first-child").Select(c => c.TextContent).ToList();
        Assert.Subset(metrics.ToHashSet(), new HashSet<string> { "response bytes", "request time (µs)" });
        Assert.Contains("Request time histogram", Headings("performance"));
        Assert.Subset(Headings("errors").ToHashSet(), new HashSet<string> { "Top error endpoints (4xx+5xx)", "Top error clients (4xx+5xx)" });
        Assert.Equal(1, Charts("errors"));

        Assert.Subset(Headings("security").ToHashSet(), new HashSet<string> { "Findings by severity", "Incidents by source", "Timeline of findings (first event)", "Findings" });
        Assert.Contains("score", document.QuerySelectorAll("#security th").Select(h => h.TextContent));
        Assert.NotEmpty(document.QuerySelectorAll("#security details pre"));
        Assert.Subset(Headings("views").ToHashSet(), new HashSet<string> { "Auth (auth)", "CloudTrail (cloudtrail)", "GitHub (github)", "Service health (jsonl)" });
    }

    [Fact]
    public void Report_LoadsNothingFromAnywhere()
    {
        using var dir = new TempDirectory("html-views-offline");
        var html = Report(dir, "analyze", "--detect");
        var document = HtmlReportChecks.Parse(html);
        var style = document.QuerySelector("style")!.TextContent;
        foreach (var loader in (string[])["url(", "@import", "@font-face", "image-set(", "//"])
            Assert.DoesNotContain(loader, style, StringComparison.OrdinalIgnoreCase);
        // No element with a source, a link to a stylesheet, a frame or an object; links only to the page's own panels.
        Assert.Empty(document.QuerySelectorAll("[src], [srcset], [href]:not(a), [action], [data], [poster], link, iframe, object, embed, use, image"));
        Assert.All(document.QuerySelectorAll("a"), a => Assert.Matches("^#[a-z]+$", a.GetAttribute("href")!));
    }
}
