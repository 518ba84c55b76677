using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using FastLog.Output.Model;

namespace FastLog.Output.Html;

/// <summary>
/// The report as one self-contained HTML page (<c>--output html</c>): inline SVG charts, a table
/// view for each, light and dark colours, print and phone layouts, no script and nothing loaded
/// from anywhere. A strict Content-Security-Policy in a <c>&lt;meta&gt;</c> allows only the one
/// inline stylesheet, by its SHA-256. Every value from a log goes through
/// <see cref="HtmlMarkup.Text"/> (docs/html-report.md). Panels come in a fixed order: overview,
/// traffic, top tables, visitors, performance, errors, anomalies, security, per-format views.
/// </summary>
public static partial class HtmlReportWriter
{
    /// <summary>Findings listed with their evidence; the rest are counted (<c>fastlog detect --output json</c> lists them all).</summary>
    public const int MaxFindingsListed = 500;

    private static readonly Lazy<(string Css, string Hash)> s_style = new(LoadStyle);

    /// <summary>The stylesheet's CSP source (<c>'sha256-…'</c>), as the page's policy names it.</summary>
    public static string StyleHashSource => $"'sha256-{s_style.Value.Hash}'";

    /// <summary>The page's Content-Security-Policy.</summary>
    public static string ContentSecurityPolicy => $"default-src 'none'; style-src {StyleHashSource}; base-uri 'none'; form-action 'none'";

    /// <summary>
    /// Writes <paramref name="report"/> as HTML to <paramref name="output"/>. <paramref name="evidence"/>
    /// holds, per entry of <see cref="Security.Findings"/> and in the same order, that finding's
    /// evidence lines; null when the report has none.
    /// </summary>
    public static void Write(Report report, IReadOnlyList<IReadOnlyList<EvidenceLine>>? evidence, Stream output)
    {
        var m = new HtmlMarkup();
        var (css, _) = s_style.Value;
        m.Raw("<!DOCTYPE html>\n<html lang=\"en\"><head><meta http-equiv=\"Content-Security-Policy\" content=\"").Raw(ContentSecurityPolicy).Raw("\">")
            .Raw("<meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"referrer\" content=\"no-referrer\">")
            .Raw("<meta name=\"color-scheme\" content=\"light dark\"><title>FastLog report</title><style>").Raw(css).Raw("</style></head>\n<body>");
        m.Open("header").Element("h1", "FastLog report");
        m.Open("p", "muted").Text(string.Join(", ", report.Overview.Inputs.Select(i => i.Path))).Raw(" · fastlog ").Text(report.FastlogVersion).Close("p");
        Navigation(m, report);
        m.Close("header").Raw("\n<main>");
        WriteOverview(m, report.Overview);
        if (report.Traffic is { } traffic)
        {
            WriteTraffic(m, traffic);
            WriteTops(m, traffic);
            WriteVisitors(m, traffic);
        }
        if (report.Performance is { } performance) WritePerformance(m, performance);
        if (report.Errors is { } errors) WriteErrors(m, errors, report.Traffic);
        if (report.Anomalies is { } anomalies) WriteAnomalies(m, anomalies);
        if (report.Security is { } security) WriteSecurity(m, security, evidence);
        WriteViews(m, report);
        m.Raw("</main>\n<footer>Made by FastLog. Every chart has a table view; values from the logs are shown as text, with control and invisible characters as \\xHH and \\u{XXXX}.</footer>\n</body></html>\n");
        var bytes = Encoding.UTF8.GetBytes(m.ToString());
        output.Write(bytes);
    }

    private static void Navigation(HtmlMarkup m, Report report)
    {
        m.Open("nav");
        Link(m, "overview", "Overview");
        if (report.Traffic is not null)
        {
            Link(m, "traffic", "Traffic");
            Link(m, "top", "Top tables");
            Link(m, "visitors", "Visitors");
        }
        if (report.Performance is not null) Link(m, "performance", "Performance");
        if (report.Errors is not null) Link(m, "errors", "Errors");
        if (report.Anomalies is not null) Link(m, "anomalies", "Anomalies");
        if (report.Security is not null) Link(m, "security", "Security");
        if (HasViews(report)) Link(m, "views", "Per format");
        m.Close("nav");
    }

    private static void Link(HtmlMarkup m, string id, string title) => m.Raw("<a href=\"#").Raw(id).Raw("\">").Raw(title).Raw("</a>");

    private static void WriteOverview(HtmlMarkup m, Overview o)
    {
        Section(m, "overview", "Overview" + Approximate(o.Approximate));
        m.Open("div", "grid").Open("div");
        m.TableStart("item", "value");
        foreach (var i in o.Inputs)
        {
            m.Open("tr").Cell("input").Open("td", "v").Text(i.Path).Raw(" (").Text(i.Format ?? "not read").Raw(i.FormatGuessed ? ", guessed" : "").Raw(", ")
                .Number(i.Lines).Raw(" lines");
            if (i.Error is not null) m.Raw(", error: ").Text(i.Error);
            if (i.Warning is not null) m.Raw(", warning: ").Text(i.Warning);
            m.Raw(")").Close("td").Close("tr");
        }
        Item(m, "formats", string.Join(", ", o.Formats));
        ItemNumber(m, "bytes", o.Bytes);
        ItemNumber(m, "lines", o.Lines);
        ItemNumber(m, "records", o.Records);
        if (o.Matched is { } matched) ItemNumber(m, "matching the filter", matched);
        ItemNumber(m, "blank", o.Blank);
        ItemNumber(m, "malformed", o.Malformed);
        if (o.NulRegions is { } nul) ItemNumber(m, "NUL regions", nul);
        if (o.FirstTimestamp is not null) Item(m, "time range", $"{o.FirstTimestamp} .. {o.LastTimestamp}");
        if (o.LossyValues > 0) ItemNumber(m, "invalid UTF-8 values", o.LossyValues);
        if (o.Run is { } run)
        {
            Item(m, "elapsed", run.ElapsedSeconds.ToString("0.000", CultureInfo.InvariantCulture) + " s");
            Item(m, "throughput", $"{run.MbPerSecond.ToString("0.0", CultureInfo.InvariantCulture)} MB/s, {((long)run.RecordsPerSecond).ToString("N0", CultureInfo.InvariantCulture)} records/s");
            Item(m, "engine", $"{run.Threads} threads, io {run.Io}, scanner {run.Scanner}");
        }
        m.TableEnd().Close("div").Open("div");
        if (o.RecordsByFormat is { Count: > 1 } perFormat)
            Named(m, "Records per format", perFormat.Select(f => new NamedCount { Name = f.Format, Count = f.Records }).ToList());
        Named(m, "Malformed lines by reason", o.MalformedByReason);
        Named(m, "Flagged records", o.FlaggedRecords);
        m.Close("div").Close("div");
        if (o.MalformedSamples.Count > 0)
        {
            m.Open("details").Open("summary").Raw("Malformed lines (first per reason): ").Number(o.MalformedSamples.Count).Close("summary");
            m.TableStart("reason", "file", "#line", "#offset", "excerpt");
            foreach (var s in o.MalformedSamples)
            {
                m.Open("tr").Cell(s.Reason).ValueCell(s.Path).NumberCell(s.Line).NumberCell(s.Offset);
                if (s.Length is { } length) m.Open("td").Number(length).Raw(" NUL bytes").Close("td");
                else m.ValueCell(s.Excerpt + (s.Truncated ? "…" : ""));
                m.Close("tr");
            }
            m.TableEnd().Close("details");
        }
        m.Close("section");
    }

    /// <summary>Opens a panel: <c>&lt;section id&gt;</c> and its heading.</summary>
    private static void Section(HtmlMarkup m, string id, string title) => m.Raw("\n").Open("section", id: id).Element("h2", title);

    private static void Item(HtmlMarkup m, string name, string value) => m.Open("tr").Cell(name).ValueCell(value).Close("tr");

    private static void ItemNumber(HtmlMarkup m, string name, long value) => m.Open("tr").Cell(name).NumberCell(value).Close("tr");

    /// <summary>A counted list as a table with an in-row share bar (the bar chart and its table view in one).</summary>
    private static void Named(HtmlMarkup m, string title, IReadOnlyList<NamedCount> rows)
    {
        if (rows.Count == 0) return;
        m.Element("h3", title);
        long total = 0;
        foreach (var r in rows) total += r.Count;
        m.TableStart("value", "#count", "#share", "");
        foreach (var r in rows)
        {
            var share = total == 0 ? 0 : (double)r.Count / total;
            m.Open("tr").ValueCell(r.Name).NumberCell(r.Count).FigureCell(Percent(share)).Open("td", "b");
            SvgChart.Share(m, share);
            m.Close("td").Close("tr");
        }
        m.TableEnd();
    }

    /// <summary>A top-N table: count, share and an in-row bar per value, then what the rows leave out.</summary>
    private static void Top(HtmlMarkup m, string title, TopTable top)
    {
        if (top.Rows.Count == 0) return;
        m.Element("h3", title + Approximate(top.Approximate));
        // Bars are scaled to the first (largest) row so small shares stay visible.
        var scale = top.Rows[0].Share > 0 ? top.Rows[0].Share : 1;
        m.TableStart("#count", "#share", "", "value");
        foreach (var r in top.Rows)
        {
            m.Open("tr").NumberCell(r.Count).FigureCell(Percent(r.Share)).Open("td", "b");
            SvgChart.Share(m, r.Share / scale);
            m.Close("td").ValueCell(r.Value).Close("tr");
        }
        m.TableEnd();
        m.Open("p", "muted").Number(top.Distinct).Raw(top.Approximate ? " distinct (estimate)" : " distinct");
        if (top.Other > 0) m.Raw(", ").Number(top.Other).Raw(" past the memory budget");
        if (top.Null > 0) m.Raw(", ").Number(top.Null).Raw(" without the field");
        m.Close("p");
    }

    /// <summary>A chart's table view, folded under the chart.</summary>
    private static void TableView(HtmlMarkup m, string[] headers, int rows, Action<HtmlMarkup, int> row)
    {
        m.Open("details").Open("summary").Raw("table view").Close("summary").TableStart(headers);
        for (var i = 0; i < rows; i++)
        {
            m.Open("tr");
            row(m, i);
            m.Close("tr");
        }
        m.TableEnd().Close("details");
    }

    private static void Distributions(HtmlMarkup m, params (string Name, Distribution? D)[] rows)
    {
        m.TableStart("metric", "#count", "#mean", "#min", "#p50", "#p90", "#p95", "#p99", "#max");
        foreach (var (name, d) in rows)
        {
            if (d is null) continue;
            m.Open("tr").Cell(name).NumberCell(d.Count).FigureCell(d.Mean.ToString("0.0", CultureInfo.InvariantCulture)).NumberCell(d.Min).NumberCell(d.P50)
                .NumberCell(d.P90).NumberCell(d.P95).NumberCell(d.P99).NumberCell(d.Max).Close("tr");
        }
        m.TableEnd();
    }

    private static string Approximate(bool approximate) => approximate ? " (approximate: over memory budget)" : "";

    private static string Percent(double share) => (share * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%";

    private static (string Css, string Hash) LoadStyle()
    {
        using var stream = typeof(HtmlReportWriter).Assembly.GetManifestResourceStream("FastLog.Output.Html.report.css")
            ?? throw new InvalidOperationException("the report stylesheet is not embedded");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var css = reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n');
        return (css, Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(css))));
    }
}
