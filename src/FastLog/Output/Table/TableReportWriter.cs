using System.Globalization;
using FastLog.Output.Model;

namespace FastLog.Output.Table;

/// <summary>The <c>analyze</c> report as readable text tables (<c>--output table</c>).</summary>
public static partial class TableReportWriter
{
    // The bar style of the Write call running on this thread: the section writers read it
    // rather than each taking one more parameter.
    [ThreadStatic]
    private static TerminalBars t_bars;

    /// <summary>Writes <paramref name="report"/> to <paramref name="output"/>, with bars drawn as <paramref name="bars"/> says (none by default).</summary>
    public static void Write(Report report, TextWriter output, TerminalBars bars)
    {
        t_bars = bars;
        try
        {
            Write(report, output);
        }
        finally
        {
            t_bars = TerminalBars.None;
        }
    }

    /// <summary>Writes <paramref name="report"/> to <paramref name="output"/>.</summary>
    public static void Write(Report report, TextWriter output)
    {
        var o = report.Overview;
        // On mixed inputs every section names the format(s) it covers.
        var l = AccessLabel(report);
        Heading(output, "Overview");
        var overview = new TextTable("item", "value");
        foreach (var i in o.Inputs)
            overview.Add("input", i.Error is not null ? $"{i.Path} (error: {i.Error})"
                : i.Skipped is not null ? $"{i.Path} (skipped: {i.Skipped})"
                : $"{i.Path} ({i.Format}{(i.FormatGuessed ? ", guessed" : "")}, {N(i.Lines)} lines)");
        if (o.Approximate) overview.Add("approximate", "yes: past the --max-keys budget; ≈ and (approximate) mark estimates and lower bounds");
        overview.Add("formats", string.Join(", ", o.Formats));
        overview.Add("bytes", N(o.Bytes));
        overview.Add("lines", N(o.Lines));
        overview.Add("records", N(o.Records));
        if (o.RecordsByFormat is { Count: > 1 } perFormat)
            foreach (var f in perFormat) overview.Add($"records ({f.Format})", N(f.Records) + (f.Occurrences != f.Records ? $" ({N(f.Occurrences)} occurrences)" : ""));
        if (o.Matched is { } matched) overview.Add("matching --where", N(matched));
        overview.Add("blank", N(o.Blank));
        overview.Add("malformed", N(o.Malformed) + (o.MalformedByReason.Count > 0 ? " (" + string.Join(", ", o.MalformedByReason.Select(r => $"{r.Name} {N(r.Count)}")) + ")" : ""));
        if (o.SkippedDigest is { } digests) overview.Add("skipped_digest", $"{N(digests)} (CloudTrail digest files)");
        if (o.NulRegions is { } nulRegions) overview.Add("NUL regions", $"{N(nulRegions)} ({N(o.NulRegionBytes ?? 0)} bytes skipped)");
        if (o.FlaggedRecords.Count > 0) overview.Add("flagged records", string.Join(", ", o.FlaggedRecords.Select(f => $"{f.Name} {N(f.Count)}")));
        if (o.FirstTimestamp is not null) overview.Add("time range", $"{o.FirstTimestamp} .. {o.LastTimestamp}");
        if (o.LossyValues > 0) overview.Add("invalid UTF-8 values", N(o.LossyValues));
        if (o.Run is { } run)
        {
            overview.Add("elapsed", $"{run.ElapsedSeconds.ToString("0.000", CultureInfo.InvariantCulture)} s");
            overview.Add("throughput", $"{run.MbPerSecond.ToString("0.0", CultureInfo.InvariantCulture)} MB/s, {N((long)run.RecordsPerSecond)} records/s");
            overview.Add("engine", $"{run.Threads} threads, io {run.Io}, scanner {run.Scanner}");
        }
        overview.Write(output);
        if (o.MalformedSamples.Count > 0)
        {
            Heading(output, "Malformed lines (first per reason)");
            var samples = new TextTable("reason", "file", "line", "offset", "excerpt").AlignRight(2, 3);
            foreach (var s in o.MalformedSamples) samples.Add(s.Reason, s.Path, N(s.Line), N(s.Offset), s.Length is { } length ? $"{N(length)} NUL bytes" : s.Excerpt + (s.Truncated ? "…" : ""));
            samples.Write(output);
        }

        if (report.Traffic is { } t)
        {
            Heading(output, $"Traffic{l}: requests per UTC hour" + Approximate(t.HourlyApproximate));
            Sparkline(output, t.Hourly.Select(h => h.Requests).ToList());
            var hourMax = t.Hourly.Count > 0 ? t.Hourly.Max(h => h.Requests) : 0;
            var hours = new TextTable(BarHeaders(["hour", "requests", "4xx", "5xx"])).AlignRight(1, 2, 3);
            foreach (var h in t.Hourly) hours.Add(BarCells([h.Hour, N(h.Requests), N(h.Errors4xx), N(h.Errors5xx)], h.Requests, hourMax));
            hours.Write(output);
            Heading(output, $"Traffic{l}: per day" + Approximate(t.HourlyApproximate || t.UniqueVisitorsApproximate));
            var dayMax = t.Daily.Count > 0 ? t.Daily.Max(d => d.Requests) : 0;
            var days = new TextTable(BarHeaders(["day", "requests", "unique visitors"])).AlignRight(1, 2);
            foreach (var d in t.Daily) days.Add(BarCells([d.Day, N(d.Requests), Estimate(t.UniqueVisitorsApproximate, d.UniqueVisitors)], d.Requests, dayMax));
            days.Write(output);
            Heading(output, $"Traffic{l}: hour of day (UTC)" + Approximate(t.HourlyApproximate));
            Sparkline(output, t.HourOfDay.Select(h => h.Requests).ToList());
            var hodMax = t.HourOfDay.Count > 0 ? t.HourOfDay.Max(h => h.Requests) : 0;
            var hod = new TextTable(BarHeaders(["hour", "requests"])).AlignRight(1);
            foreach (var h in t.HourOfDay) hod.Add(BarCells([h.Hour.ToString("00", CultureInfo.InvariantCulture), N(h.Requests)], h.Requests, hodMax));
            hod.Write(output);
            Named(output, $"Status codes{l}", t.StatusCodes);
            Named(output, $"Status classes{l}", t.StatusClasses);
            Top(output, $"Methods{l}", t.Methods);
            Top(output, $"Protocols{l}", t.Protocols);
            Top(output, $"Top paths{l}", t.Paths);
            Top(output, $"Top 404 paths{l}", t.NotFoundPaths);
            Top(output, $"Top endpoints{l}", t.Endpoints);
            Top(output, $"Top clients{l}", t.Clients);
            Top(output, $"Top user agents{l}", t.UserAgents);
            Top(output, $"Top referers{l}", t.Referers);
            Heading(output, $"Visitors and content{l}");
            var misc = new TextTable("item", "value").AlignRight(1);
            misc.Add("distinct clients", Estimate(t.DistinctClientsApproximate, t.DistinctClients));
            misc.Add("unique visitors (sum of daily)", Estimate(t.UniqueVisitorsApproximate, t.UniqueVisitors));
            misc.Add("static-file requests", Estimate(t.StaticVsPages.Approximate, t.StaticVsPages.StaticRequests));
            misc.Add("page requests", Estimate(t.StaticVsPages.Approximate, t.StaticVsPages.PageRequests));
            misc.Write(output);
            Named(output, $"Agent classes{l}" + Approximate(t.AgentClassesApproximate), t.AgentClasses);
            Named(output, $"Browsers{l}" + Approximate(t.AgentClassesApproximate), t.Browsers);
            Named(output, $"Operating systems{l}" + Approximate(t.AgentClassesApproximate), t.OperatingSystems);
        }

        if (report.Performance is { } p)
        {
            Heading(output, $"Performance{l}");
            var dist = new TextTable("metric", "count", "mean", "min", "p50", "p90", "p95", "p99", "max").AlignRight(1, 2, 3, 4, 5, 6, 7, 8);
            Row(dist, "response bytes", p.ResponseBytes);
            if (p.RequestTimeUs is { } rt) Row(dist, "request time (µs)", rt);
            dist.Write(output);
            if (p.SlowestEndpoints.Count > 0)
            {
                Heading(output, $"Slowest endpoints{l} (request time, µs)" + Approximate(p.SlowestEndpointsApproximate));
                var slow = new TextTable("endpoint", "count", "mean", "min", "p50", "p90", "p95", "p99", "max").AlignRight(1, 2, 3, 4, 5, 6, 7, 8);
                foreach (var e in p.SlowestEndpoints) Row(slow, e.Endpoint, e.RequestTimeUs);
                slow.Write(output);
            }
        }

        if (report.Anomalies is { } an)
        {
            Heading(output, $"Anomalies{l}" + Approximate(an.Approximate));
            var summary = new TextTable("item", "value").AlignRight(1);
            summary.Add("response bytes p99", N(an.ResponseBytesP99));
            summary.Add("responses above p99", N(an.ResponsesAboveP99));
            summary.Write(output);
            if (an.HighErrorClients.Count > 0)
            {
                Heading(output, $"Clients with a high error rate{l} (>= 50 % of >= 20 requests)");
                var clients = new TextTable("client", "requests", "errors", "rate").AlignRight(1, 2, 3);
                foreach (var c in an.HighErrorClients) clients.Add(c.Client, N(c.Requests), N(c.Errors), Percent(c.ErrorRate));
                clients.Write(output);
            }
            if (an.UnusualHours.Count > 0)
            {
                Heading(output, $"Unusual hours{l} (|robust z| > 3.5)");
                var unusual = new TextTable("hour", "requests", "robust z").AlignRight(1, 2);
                foreach (var h in an.UnusualHours) unusual.Add(h.Hour, N(h.Requests), h.RobustZ.ToString("0.00", CultureInfo.InvariantCulture));
                unusual.Write(output);
            }
        }

        if (report.Security is { } sec)
        {
            Heading(output, $"Security{l}: findings" + Approximate(sec.Approximate));
            if (sec.Findings.Count == 0)
            {
                output.Write("no findings\n");
            }
            else
            {
                var findings = new TextTable("severity", "rule", "name", "source", "user", "events", "first", "last", "sample").AlignRight(5);
                foreach (var f in sec.Findings.Take(50))
                    findings.Add(f.Severity, f.RuleId, f.RuleName, f.SourceIp, f.User ?? "", N(f.Events), f.First, f.Last, f.Url ?? f.UserAgent ?? "");
                findings.Write(output);
                if (sec.Findings.Count > 50) output.Write($"… {sec.Findings.Count - 50} more findings (fastlog detect lists them all)\n");
                Heading(output, $"Security{l}: incidents by source");
                var incidents = new TextTable("score", "source", "network", "events", "max severity", "rules", "first seen", "last seen").AlignRight(0, 3);
                foreach (var i in sec.Incidents)
                    incidents.Add(i.ThreatScore.ToString("0.00", CultureInfo.InvariantCulture), i.SourceIp, i.Network, N(i.Events), i.MaxSeverity, string.Join(",", i.Rules), i.FirstSeen, i.LastSeen);
                incidents.Write(output);
                if (sec.UserIncidents.Count > 0)
                {
                    Heading(output, $"Security{l}: incidents by user");
                    var users = new TextTable("score", "user", "sources", "events", "max severity", "rules", "first seen", "last seen").AlignRight(0, 2, 3);
                    foreach (var i in sec.UserIncidents)
                        users.Add(i.ThreatScore.ToString("0.00", CultureInfo.InvariantCulture), i.User, N(i.Sources), N(i.Events), i.MaxSeverity, string.Join(",", i.Rules), i.FirstSeen, i.LastSeen);
                    users.Write(output);
                }
            }
        }

        if (report.Errors is { } e2)
        {
            Heading(output, $"Errors{l}");
            var rates = new TextTable("class", "count", "rate").AlignRight(1, 2);
            rates.Add("4xx", N(e2.Count4xx), Percent(e2.Rate4xx));
            rates.Add("5xx", N(e2.Count5xx), Percent(e2.Rate5xx));
            rates.Write(output);
            Top(output, $"Top error endpoints (4xx+5xx){l}", e2.TopErrorEndpoints);
            Top(output, $"Top error clients (4xx+5xx){l}", e2.TopErrorClients);
        }

        WriteViews(report, output);
    }

    /// <summary>The heading suffix of a section a memory budget capped.</summary>
    private static string Approximate(bool approximate) => approximate ? " (approximate: over memory budget)" : "";

    /// <summary>A figure a memory budget capped or estimated, marked <c>≈</c>.</summary>
    private static string Estimate(bool approximate, long value) => approximate ? "≈ " + N(value) : N(value);

    private static void Heading(TextWriter output, string title)
    {
        output.Write('\n');
        output.Write("== ");
        output.Write(title);
        output.Write(" ==\n");
    }

    private static void Named(TextWriter output, string title, List<NamedCount> rows)
    {
        if (rows.Count == 0) return;
        Heading(output, title);
        var max = rows.Max(r => r.Count);
        var table = new TextTable(BarHeaders(["value", "count"])).AlignRight(1);
        foreach (var r in rows) table.Add(BarCells([r.Name, N(r.Count)], r.Count, max));
        table.Write(output);
    }

    private static void Top(TextWriter output, string title, TopTable top)
    {
        if (top.Rows.Count == 0) return;
        Heading(output, title + Approximate(top.Approximate));
        // The share bar goes before the value, whose width varies; the first row is the longest bar.
        var max = top.Rows[0].Count;
        var table = new TextTable(t_bars == TerminalBars.None ? ["count", "share", "value"] : ["count", "share", "", "value"]).AlignRight(0, 1);
        foreach (var r in top.Rows)
            table.Add(t_bars == TerminalBars.None ? [N(r.Count), Percent(r.Share), r.Value] : [N(r.Count), Percent(r.Share), BarText.Bar(r.Count, max, t_bars), r.Value]);
        table.Write(output);
    }

    /// <summary>A series' sparkline on its own line under the heading, when bars are on.</summary>
    private static void Sparkline(TextWriter output, IReadOnlyList<long> values)
    {
        if (t_bars == TerminalBars.None || values.Count == 0) return;
        output.Write(BarText.Sparkline(values, t_bars));
        output.Write('\n');
    }

    /// <summary>The headers, with a last, unnamed bar column when bars are on.</summary>
    private static string[] BarHeaders(string[] headers) => t_bars == TerminalBars.None ? headers : [.. headers, ""];

    /// <summary>The cells, with the bar of <paramref name="value"/> out of <paramref name="max"/> last when bars are on.</summary>
    private static string[] BarCells(string[] cells, long value, long max)
        => t_bars == TerminalBars.None ? cells : [.. cells, BarText.Bar(value, max, t_bars)];

    private static void Row(TextTable table, string name, Distribution d)
        => table.Add(name, N(d.Count), d.Mean.ToString("0.0", CultureInfo.InvariantCulture), N(d.Min), N(d.P50), N(d.P90), N(d.P95), N(d.P99), N(d.Max));

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Percent(double share) => (share * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%";
}
