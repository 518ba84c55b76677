using System.Globalization;
using FastLog.Columns;
using FastLog.Formats;
using FastLog.Output.Model;

namespace FastLog.Output.Table;

// The per-format sections as text tables. Every log-derived value goes through TextTable,
// which escapes it for the terminal; headings hold only fixed words and format names.
public static partial class TableReportWriter
{
    /// <summary>True when the report's records come from more than one format: sections are then labelled.</summary>
    private static bool IsMixed(Report report) => report.Overview.RecordsByFormat is { Count: > 1 };

    /// <summary><c> (combined, nginx)</c>: the access-log formats the traffic sections cover, on mixed inputs; empty otherwise.</summary>
    private static string AccessLabel(Report report)
    {
        if (!IsMixed(report)) return "";
        var access = report.Overview.RecordsByFormat!.Select(f => f.Format).Where(IsAccessFormat).ToList();
        return access.Count == 0 ? "" : $" ({string.Join(", ", access)})";
    }

    private static bool IsAccessFormat(string name) => Enum.TryParse<LogFormat>(name, ignoreCase: true, out var format) && format.IsAccessLog();

    private static void WriteViews(Report report, TextWriter output)
    {
        var mixed = IsMixed(report);
        string Label(string format) => mixed ? $" ({format})" : "";

        // Access-log formats have their hours in the Traffic section; the others get them here.
        foreach (var a in report.Activity ?? [])
        {
            if (IsAccessFormat(a.Format)) continue;
            var title = $"Activity ({a.Format})" + Approximate(a.Approximate);
            Heading(output, $"{title}: records per UTC hour");
            var hours = new TextTable("hour", "records").AlignRight(1);
            foreach (var h in a.Hourly) hours.Add(h.Hour, N(h.Records));
            hours.Write(output);
            Heading(output, $"{title}: per day");
            var days = new TextTable("day", "records").AlignRight(1);
            foreach (var d in a.Daily) days.Add(d.Day, N(d.Records));
            days.Write(output);
            Heading(output, $"{title}: hour of day (UTC)");
            var hod = new TextTable("hour", "records").AlignRight(1);
            foreach (var h in a.HourOfDay) hod.Add(h.Hour.ToString("00", CultureInfo.InvariantCulture), N(h.Records));
            hod.Write(output);
        }

        if (report.Auth is { } auth)
        {
            var t = "Auth" + Label(auth.Format);
            Heading(output, t);
            var summary = new TextTable("item", "value").AlignRight(1);
            summary.Add("records", N(auth.Records));
            summary.Add("failed logins", N(auth.FailedLogins));
            summary.Add("accepted logins", N(auth.AcceptedLogins));
            summary.Write(output);
            Named(output, $"{t}: events", auth.Events);
            Top(output, $"{t}: failed logins by IP", auth.FailedByIp);
            Top(output, $"{t}: failed logins by user", auth.FailedByUser);
            Top(output, $"{t}: accepted logins by IP", auth.AcceptedByIp);
            Top(output, $"{t}: accepted logins by user", auth.AcceptedByUser);
            Pairs(output, $"{t}: accepted logins by user and method", "method", auth.AcceptedByUserMethod);
            Top(output, $"{t}: invalid users tried", auth.InvalidUsers);
            Pairs(output, $"{t}: sudo commands by user", "command", auth.SudoCommands);
            Top(output, $"{t}: programs", auth.Programs);
            Top(output, $"{t}: hosts", auth.Hosts);
        }

        if (report.Syslog is { } syslog)
        {
            var t = "Syslog" + Label(syslog.Format);
            Heading(output, t);
            var summary = new TextTable("item", "value").AlignRight(1);
            summary.Add("records", N(syslog.Records));
            summary.Write(output);
            Top(output, $"{t}: programs", syslog.Programs);
            Top(output, $"{t}: hosts", syslog.Hosts);
            Named(output, $"{t}: severities", syslog.Severities);
        }

        if (report.CloudTrail is { } ct)
        {
            var t = "CloudTrail" + Label(ct.Format);
            Heading(output, t);
            var summary = new TextTable("item", "value").AlignRight(1);
            summary.Add("records", N(ct.Records));
            summary.Add("errors", $"{N(ct.Errors)} ({Percent(ct.ErrorRate)})");
            summary.Add("console logins", N(ct.ConsoleLogins.Total));
            summary.Add("console login successes", N(ct.ConsoleLogins.Successes));
            summary.Add("console login failures", N(ct.ConsoleLogins.Failures));
            summary.Add("successful console logins without MFA", N(ct.ConsoleLogins.WithoutMfa));
            summary.Write(output);
            Top(output, $"{t}: events by name", ct.EventsByName);
            Top(output, $"{t}: events by source", ct.EventsBySource);
            Top(output, $"{t}: events by region", ct.EventsByRegion);
            Top(output, $"{t}: errors by code", ct.ErrorsByCode);
            if (ct.ConsoleLogins.Users.Count > 0)
            {
                Heading(output, $"{t}: console logins by user" + Approximate(ct.ConsoleLogins.Approximate));
                var users = new TextTable("logins", "failures", "without MFA", "user").AlignRight(0, 1, 2);
                foreach (var u in ct.ConsoleLogins.Users) users.Add(N(u.Logins), N(u.Failures), N(u.WithoutMfa), u.User);
                users.Write(output);
            }
            Top(output, $"{t}: source IPs", ct.SourceIps);
            Top(output, $"{t}: user types", ct.UserTypes);
        }

        if (report.Github is { } gh)
        {
            var t = "GitHub" + Label(gh.Format);
            Heading(output, t);
            var summary = new TextTable("item", "value").AlignRight(1);
            summary.Add("events", N(gh.Records));
            summary.Add("public", N(gh.Public));
            summary.Add("private", N(gh.Private));
            if (gh.VisibilityUnknown > 0) summary.Add("visibility unknown", N(gh.VisibilityUnknown));
            summary.Write(output);
            Top(output, $"{t}: events by type", gh.EventsByType);
            Top(output, $"{t}: top actors", gh.Actors);
            Top(output, $"{t}: top repositories", gh.Repos);
        }

        if (report.ServiceHealth is { } sh)
        {
            var t = "Service health" + Label(sh.Format);
            Heading(output, t + Approximate(sh.Approximate));
            var table = new TextTable("service", "records", "errors", "error rate", "availability", "p50 µs", "p90 µs", "p99 µs").AlignRight(1, 2, 3, 4, 5, 6, 7);
            HealthRow(table, "(all)", sh.Overall);
            foreach (var s in sh.Services) HealthRow(table, s.Service ?? "", s);
            table.Write(output);
            if (!sh.ServiceMapped) output.Write("service not mapped (--field service=json.path gives one row per service)\n");
        }
    }

    private static void HealthRow(TextTable table, string name, ServiceHealth h)
        => table.Add(name, N(h.Records), N(h.Errors), Percent(h.ErrorRate), Percent(h.Availability),
            h.LatencyUs is { } l ? N(l.P50) : "-", h.LatencyUs is { } l90 ? N(l90.P90) : "-", h.LatencyUs is { } l99 ? N(l99.P99) : "-");

    private static void Pairs(TextWriter output, string title, string valueHeader, PairTable pairs)
    {
        if (pairs.Rows.Count == 0) return;
        Heading(output, title + Approximate(pairs.Approximate));
        var table = new TextTable("count", "share", "user", valueHeader).AlignRight(0, 1);
        foreach (var r in pairs.Rows) table.Add(N(r.Count), Percent(r.Share), r.User, r.Value);
        table.Write(output);
    }
}
