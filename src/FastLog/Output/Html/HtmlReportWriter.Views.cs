using FastLog.Columns;
using FastLog.Formats;
using FastLog.Output.Model;

namespace FastLog.Output.Html;

// The per-format panels: activity of the formats without a Traffic panel, auth, syslog,
// CloudTrail, GitHub and service health, when those inputs are present.
public static partial class HtmlReportWriter
{
    private static void WriteViews(HtmlMarkup m, Report report)
    {
        if (!HasViews(report)) return;
        var activity = OwnActivity(report);
        Section(m, "views", "Per format");
        foreach (var a in activity)
        {
            m.Open("h3").Raw("Activity (").Text(a.Format).Raw(")").Raw(Approximate(a.Approximate)).Close("h3");
            var hours = a.Hourly.Count > MaxHourPoints;
            var labels = hours ? a.Daily.Select(d => d.Day).ToList() : a.Hourly.Select(h => h.Hour).ToList();
            var values = hours ? a.Daily.Select(d => d.Records).ToList() : a.Hourly.Select(h => h.Records).ToList();
            SvgChart.Lines(m, "Records over time", labels, ("ln", values));
            TableView(m, [hours ? "day" : "hour", "#records"], labels.Count, (m, i) => m.Cell(labels[i]).NumberCell(values[i]));
        }
        if (report.Auth is { } auth)
        {
            m.Open("h3").Raw("Auth (").Text(auth.Format).Raw(")").Close("h3");
            m.TableStart("item", "#value");
            ItemNumber(m, "records", auth.Records);
            ItemNumber(m, "failed logins", auth.FailedLogins);
            ItemNumber(m, "accepted logins", auth.AcceptedLogins);
            m.TableEnd();
            Named(m, "Auth events", auth.Events);
            Top(m, "Failed logins by IP", auth.FailedByIp);
            Top(m, "Failed logins by user", auth.FailedByUser);
            Top(m, "Accepted logins by IP", auth.AcceptedByIp);
            Top(m, "Accepted logins by user", auth.AcceptedByUser);
            Pairs(m, "Accepted logins by user and method", "method", auth.AcceptedByUserMethod);
            Top(m, "Invalid users tried", auth.InvalidUsers);
            Pairs(m, "Sudo commands by user", "command", auth.SudoCommands);
            Top(m, "Auth programs", auth.Programs);
            Top(m, "Auth hosts", auth.Hosts);
        }
        if (report.Syslog is { } syslog)
        {
            m.Open("h3").Raw("Syslog (").Text(syslog.Format).Raw("): ").Number(syslog.Records).Raw(" records").Close("h3");
            Top(m, "Syslog programs", syslog.Programs);
            Top(m, "Syslog hosts", syslog.Hosts);
            Named(m, "Syslog severities", syslog.Severities);
        }
        if (report.CloudTrail is { } ct)
        {
            m.Open("h3").Raw("CloudTrail (").Text(ct.Format).Raw(")").Close("h3");
            m.TableStart("item", "#value");
            ItemNumber(m, "records", ct.Records);
            m.Open("tr").Cell("errors").Open("td", "n").Number(ct.Errors).Raw(" (").Raw(Percent(ct.ErrorRate)).Raw(")").Close("td").Close("tr");
            ItemNumber(m, "console logins", ct.ConsoleLogins.Total);
            ItemNumber(m, "console login failures", ct.ConsoleLogins.Failures);
            ItemNumber(m, "successful console logins without MFA", ct.ConsoleLogins.WithoutMfa);
            m.TableEnd();
            Top(m, "CloudTrail events by name", ct.EventsByName);
            Top(m, "CloudTrail events by source", ct.EventsBySource);
            Top(m, "CloudTrail events by region", ct.EventsByRegion);
            Top(m, "CloudTrail errors by code", ct.ErrorsByCode);
            if (ct.ConsoleLogins.Users.Count > 0)
            {
                m.Element("h3", "Console logins by user" + Approximate(ct.ConsoleLogins.Approximate));
                m.TableStart("#logins", "#failures", "#without MFA", "user");
                foreach (var u in ct.ConsoleLogins.Users) m.Open("tr").NumberCell(u.Logins).NumberCell(u.Failures).NumberCell(u.WithoutMfa).ValueCell(u.User).Close("tr");
                m.TableEnd();
            }
            Top(m, "CloudTrail source IPs", ct.SourceIps);
            Top(m, "CloudTrail user types", ct.UserTypes);
        }
        if (report.Github is { } gh)
        {
            m.Open("h3").Raw("GitHub (").Text(gh.Format).Raw(")").Close("h3");
            m.TableStart("item", "#value");
            ItemNumber(m, "events", gh.Records);
            ItemNumber(m, "public", gh.Public);
            ItemNumber(m, "private", gh.Private);
            if (gh.VisibilityUnknown > 0) ItemNumber(m, "visibility unknown", gh.VisibilityUnknown);
            m.TableEnd();
            Top(m, "GitHub events by type", gh.EventsByType);
            Top(m, "GitHub top actors", gh.Actors);
            Top(m, "GitHub top repositories", gh.Repos);
        }
        if (report.ServiceHealth is { } sh)
        {
            m.Open("h3").Raw("Service health (").Text(sh.Format).Raw(")").Raw(Approximate(sh.Approximate)).Close("h3");
            m.TableStart("service", "#records", "#errors", "#error rate", "#availability", "#p50 µs", "#p90 µs", "#p99 µs");
            HealthRow(m, "(all)", sh.Overall);
            foreach (var s in sh.Services) HealthRow(m, s.Service ?? "", s);
            m.TableEnd();
            m.Open("p", "muted");
            if (!sh.ServiceMapped) m.Raw("no service field: every record is in (all)");
            else m.Number(sh.Null).Raw(" records without a service");
            if (sh.Other > 0) m.Raw(", ").Number(sh.Other).Raw(" in services past the memory budget");
            m.Close("p");
        }
        m.Close("section");
    }

    /// <summary>Activity of the formats that have no Traffic panel (access logs have their hours there).</summary>
    private static List<FormatActivity> OwnActivity(Report report)
        => (report.Activity ?? []).Where(a => !(Enum.TryParse<LogFormat>(a.Format, ignoreCase: true, out var f) && f.IsAccessLog())).ToList();

    private static bool HasViews(Report report)
        => OwnActivity(report).Count > 0 || report.Auth is not null || report.Syslog is not null || report.CloudTrail is not null || report.Github is not null
            || report.ServiceHealth is not null;

    private static void HealthRow(HtmlMarkup m, string name, ServiceHealth h)
    {
        m.Open("tr").ValueCell(name).NumberCell(h.Records).NumberCell(h.Errors).FigureCell(Percent(h.ErrorRate)).FigureCell(Percent(h.Availability));
        if (h.LatencyUs is { } l) m.NumberCell(l.P50).NumberCell(l.P90).NumberCell(l.P99);
        else m.FigureCell("-").FigureCell("-").FigureCell("-");
        m.Close("tr");
    }

    private static void Pairs(HtmlMarkup m, string title, string valueHeader, PairTable pairs)
    {
        if (pairs.Rows.Count == 0) return;
        m.Element("h3", title + Approximate(pairs.Approximate));
        m.TableStart("#count", "#share", "user", valueHeader);
        foreach (var r in pairs.Rows) m.Open("tr").NumberCell(r.Count).FigureCell(Percent(r.Share)).ValueCell(r.User).ValueCell(r.Value).Close("tr");
        m.TableEnd();
    }
}
