using System.Globalization;
using FastLog.Output.Model;

namespace FastLog.Output.Html;

// Traffic, top tables, visitors, performance, errors and anomalies of the access logs.
public static partial class HtmlReportWriter
{
    /// <summary>Past 31 days of hours the over-time charts plot days: 744 points still read as a line, thousands do not.</summary>
    private const int MaxHourPoints = 31 * 24;

    private static void WriteTraffic(HtmlMarkup m, Traffic t)
    {
        Section(m, "traffic", "Traffic" + Approximate(t.HourlyApproximate));
        var series = OverTime(t.Hourly);
        m.Element("h3", series.ByDay ? "Requests and errors per UTC day" : "Requests and errors per UTC hour");
        Key(m);
        SvgChart.Lines(m, "Requests, 4xx and 5xx over time", series.Labels, ("ln", series.Requests), ("ln4", series.Errors4xx), ("ln5", series.Errors5xx));
        TableView(m, [series.ByDay ? "day" : "hour", "#requests", "#4xx", "#5xx"], series.Labels.Count,
            (m, i) => m.Cell(series.Labels[i]).NumberCell(series.Requests[i]).NumberCell(series.Errors4xx[i]).NumberCell(series.Errors5xx[i]));

        m.Open("div", "grid").Open("div");
        m.Element("h3", "Hour of day (UTC)");
        var hourLabels = t.HourOfDay.Select(h => h.Hour.ToString("00", CultureInfo.InvariantCulture)).ToList();
        var hourValues = t.HourOfDay.Select(h => h.Requests).ToList();
        SvgChart.Bars(m, "Requests per hour of the day", hourLabels, hourValues);
        TableView(m, ["hour", "#requests"], hourLabels.Count, (m, i) => m.Cell(hourLabels[i]).NumberCell(hourValues[i]));
        m.Close("div").Open("div");
        var heat = WeekHours(t.Hourly);
        var weekday = new long[7];
        for (var d = 0; d < 7; d++)
            for (var h = 0; h < 24; h++) weekday[d] += heat[d, h];
        m.Element("h3", "Weekday (UTC)");
        SvgChart.Bars(m, "Requests per weekday", SvgChart.WeekDays, weekday);
        TableView(m, ["weekday", "#requests"], 7, (m, i) => m.Cell(SvgChart.WeekDays[i]).NumberCell(weekday[i]));
        m.Close("div").Close("div");
        m.Element("h3", "Hour of day × weekday (UTC)");
        SvgChart.HeatMap(m, "Requests per weekday and hour of the day", heat);
        TableView(m, ["weekday", .. Enumerable.Range(0, 24).Select(h => "#" + h.ToString("00", CultureInfo.InvariantCulture))], 7, (m, d) =>
        {
            m.Cell(SvgChart.WeekDays[d]);
            for (var h = 0; h < 24; h++) m.NumberCell(heat[d, h]);
        });
        m.Open("div", "grid").Open("div");
        Named(m, "Status classes", t.StatusClasses);
        Named(m, "Status codes", t.StatusCodes);
        m.Close("div").Open("div");
        Top(m, "Methods", t.Methods);
        Top(m, "Protocols", t.Protocols);
        m.Close("div").Close("div").Close("section");
    }

    private static void WriteTops(HtmlMarkup m, Traffic t)
    {
        Section(m, "top", "Top tables");
        Top(m, "Paths", t.Paths);
        Top(m, "404 paths", t.NotFoundPaths);
        Top(m, "Endpoints", t.Endpoints);
        Top(m, "Clients", t.Clients);
        Top(m, "User agents", t.UserAgents);
        Top(m, "Referers", t.Referers);
        m.Close("section");
    }

    private static void WriteVisitors(HtmlMarkup m, Traffic t)
    {
        Section(m, "visitors", "Visitors and agent classes" + Approximate(t.AgentClassesApproximate));
        m.TableStart("item", "#value");
        ItemEstimate(m, "distinct clients", t.DistinctClients, t.DistinctClientsApproximate);
        ItemEstimate(m, "unique visitors (sum of daily)", t.UniqueVisitors, t.UniqueVisitorsApproximate);
        ItemEstimate(m, "static-file requests", t.StaticVsPages.StaticRequests, t.StaticVsPages.Approximate);
        ItemEstimate(m, "page requests", t.StaticVsPages.PageRequests, t.StaticVsPages.Approximate);
        m.TableEnd();
        if (t.Daily.Count > 0)
        {
            m.Element("h3", "Unique visitors per UTC day");
            var days = t.Daily.Select(d => d.Day).ToList();
            var visitors = t.Daily.Select(d => d.UniqueVisitors).ToList();
            SvgChart.Bars(m, "Unique visitors per day", days, visitors);
            TableView(m, ["day", "#requests", "#unique visitors"], days.Count, (m, i) => m.Cell(days[i]).NumberCell(t.Daily[i].Requests).NumberCell(visitors[i]));
        }
        m.Open("div", "grid").Open("div");
        Named(m, "Agent classes", t.AgentClasses);
        m.Close("div").Open("div");
        Named(m, "Browsers", t.Browsers);
        m.Close("div").Open("div");
        Named(m, "Operating systems", t.OperatingSystems);
        m.Close("div").Close("div").Close("section");
    }

    private static void WritePerformance(HtmlMarkup m, Performance p)
    {
        Section(m, "performance", "Performance");
        Distributions(m, ("response bytes", p.ResponseBytes), ("request time (µs)", p.RequestTimeUs));
        if (p.RequestTimeHistogram is { Count: > 0 } bins)
        {
            m.Element("h3", "Request time histogram");
            var labels = bins.ConvertAll(b => b.Label);
            var counts = bins.ConvertAll(b => b.Count);
            SvgChart.Bars(m, "Requests per request-time range", labels, counts);
            TableView(m, ["request time", "#requests"], bins.Count, (m, i) => m.Cell(labels[i]).NumberCell(counts[i]));
        }
        if (p.SlowestEndpoints.Count > 0)
        {
            m.Element("h3", "Slowest endpoints (request time, µs)" + Approximate(p.SlowestEndpointsApproximate));
            m.TableStart("endpoint", "#count", "#mean", "#p50", "#p90", "#p99", "#max");
            foreach (var e in p.SlowestEndpoints)
            {
                var d = e.RequestTimeUs;
                m.Open("tr").ValueCell(e.Endpoint).NumberCell(d.Count).FigureCell(d.Mean.ToString("0.0", CultureInfo.InvariantCulture)).NumberCell(d.P50)
                    .NumberCell(d.P90).NumberCell(d.P99).NumberCell(d.Max).Close("tr");
            }
            m.TableEnd();
        }
        m.Close("section");
    }

    private static void WriteErrors(HtmlMarkup m, Errors e, Traffic? t)
    {
        Section(m, "errors", "Errors");
        m.TableStart("class", "#count", "#rate");
        m.Open("tr").Cell("4xx").NumberCell(e.Count4xx).FigureCell(Percent(e.Rate4xx)).Close("tr");
        m.Open("tr").Cell("5xx").NumberCell(e.Count5xx).FigureCell(Percent(e.Rate5xx)).Close("tr");
        m.TableEnd();
        if (t is not null)
        {
            var series = OverTime(t.Hourly);
            m.Element("h3", series.ByDay ? "4xx and 5xx per UTC day" : "4xx and 5xx per UTC hour");
            SvgChart.Lines(m, "4xx and 5xx responses over time", series.Labels, ("ln4", series.Errors4xx), ("ln5", series.Errors5xx));
            TableView(m, [series.ByDay ? "day" : "hour", "#4xx", "#5xx"], series.Labels.Count,
                (m, i) => m.Cell(series.Labels[i]).NumberCell(series.Errors4xx[i]).NumberCell(series.Errors5xx[i]));
        }
        Top(m, "Top error endpoints (4xx+5xx)", e.TopErrorEndpoints);
        Top(m, "Top error clients (4xx+5xx)", e.TopErrorClients);
        m.Close("section");
    }

    private static void WriteAnomalies(HtmlMarkup m, Anomalies a)
    {
        if (a.HighErrorClients.Count == 0 && a.UnusualHours.Count == 0) return;
        Section(m, "anomalies", "Anomalies" + Approximate(a.Approximate));
        if (a.HighErrorClients.Count > 0)
        {
            m.Element("h3", "Clients with a high error rate (≥ 50 % of ≥ 20 requests)");
            m.TableStart("client", "#requests", "#errors", "#rate");
            foreach (var c in a.HighErrorClients) m.Open("tr").ValueCell(c.Client).NumberCell(c.Requests).NumberCell(c.Errors).FigureCell(Percent(c.ErrorRate)).Close("tr");
            m.TableEnd();
        }
        if (a.UnusualHours.Count > 0)
        {
            m.Element("h3", "Unusual hours (|robust z| > 3.5)");
            m.TableStart("hour", "#requests", "#robust z");
            foreach (var h in a.UnusualHours) m.Open("tr").Cell(h.Hour).NumberCell(h.Requests).FigureCell(h.RobustZ.ToString("0.00", CultureInfo.InvariantCulture)).Close("tr");
            m.TableEnd();
        }
        m.Close("section");
    }

    private static void ItemEstimate(HtmlMarkup m, string name, long value, bool approximate)
        => m.Open("tr").Cell(name).Open("td", "n").Raw(approximate ? "≈ " : "").Number(value).Close("td").Close("tr");

    private static void Key(HtmlMarkup m)
        => m.Raw("<div class=\"key\"><span class=\"kr\">— requests</span><span class=\"k4\">— 4xx</span><span class=\"k5\">— 5xx</span></div>");

    /// <summary>Requests and errors over time: per hour, or per day past <see cref="MaxHourPoints"/> hours.</summary>
    private static (bool ByDay, List<string> Labels, List<long> Requests, List<long> Errors4xx, List<long> Errors5xx) OverTime(List<HourCount> hourly)
    {
        var byDay = hourly.Count > MaxHourPoints;
        var labels = new List<string>();
        List<long> requests = [], e4 = [], e5 = [];
        foreach (var h in hourly)
        {
            // "YYYY-MM-DDTHH": the day is its first ten characters.
            var label = byDay ? h.Hour[..Math.Min(10, h.Hour.Length)] : h.Hour;
            if (labels.Count == 0 || labels[^1] != label)
            {
                labels.Add(label);
                requests.Add(0);
                e4.Add(0);
                e5.Add(0);
            }
            requests[^1] += h.Requests;
            e4[^1] += h.Errors4xx;
            e5[^1] += h.Errors5xx;
        }
        return (byDay, labels, requests, e4, e5);
    }

    /// <summary>Records per weekday (Monday first) and UTC hour of the day, from the hourly counts.</summary>
    private static long[,] WeekHours(List<HourCount> hourly)
    {
        var heat = new long[7, 24];
        foreach (var h in hourly)
        {
            if (!DateTime.TryParseExact(h.Hour, "yyyy-MM-dd'T'HH", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time))
                continue;
            heat[((int)time.DayOfWeek + 6) % 7, time.Hour] += h.Requests;
        }
        return heat;
    }
}
