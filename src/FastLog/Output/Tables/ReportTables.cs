using FastLog.Output.Model;

namespace FastLog.Output.Tables;

/// <summary>
/// Every table of a <see cref="Report"/>, in report order: traffic over time, statuses, methods,
/// top tables, agent classes, percentiles, errors, findings and incidents (with <c>--detect</c>),
/// and the per-format sections present. Sections the report lacks give no table.
/// </summary>
public static class ReportTables
{
    private static readonly TableColumn[] s_distribution =
    [
        new("count", ColumnType.Int64), new("mean", ColumnType.Double), new("min", ColumnType.Int64), new("p50", ColumnType.Int64),
        new("p90", ColumnType.Int64), new("p95", ColumnType.Int64), new("p99", ColumnType.Int64), new("max", ColumnType.Int64),
    ];

    /// <summary>The tables of <paramref name="report"/>.</summary>
    public static List<ReportTable> Of(Report report)
    {
        var tables = new List<ReportTable>();
        var overview = report.Overview;
        var inputs = new ReportTable("inputs", "overview.inputs", S("path"), S("format"), L("bytes"), L("lines"), S("error"), S("warning"));
        foreach (var i in overview.Inputs) inputs.Add(i.Path, i.Format, i.Bytes, i.Lines, i.Error, i.Warning);
        tables.Add(inputs);
        tables.Add(Named("malformed_by_reason", "overview.malformed_by_reason", overview.MalformedByReason));
        if (overview.RecordsByFormat is { } byFormat)
        {
            var records = new ReportTable("records_by_format", "overview.records_by_format", S("format"), L("records"), L("occurrences"));
            foreach (var f in byFormat) records.Add(f.Format, f.Records, f.Occurrences);
            tables.Add(records);
        }
        if (report.Traffic is { } traffic)
        {
            var hourly = new ReportTable("hourly", "traffic.hourly", S("hour"), L("requests"), L("errors_4xx"), L("errors_5xx"));
            foreach (var h in traffic.Hourly) hourly.Add(h.Hour, h.Requests, h.Errors4xx, h.Errors5xx);
            var hourOfDay = new ReportTable("hour_of_day", "traffic.hour_of_day", L("hour"), L("requests"));
            foreach (var h in traffic.HourOfDay) hourOfDay.Add((long)h.Hour, h.Requests);
            var daily = new ReportTable("daily", "traffic.daily", S("day"), L("requests"), L("unique_visitors"));
            foreach (var d in traffic.Daily) daily.Add(d.Day, d.Requests, d.UniqueVisitors);
            tables.AddRange([hourly, hourOfDay, daily,
                Named("status_codes", "traffic.status_codes", traffic.StatusCodes),
                Named("status_classes", "traffic.status_classes", traffic.StatusClasses),
                Top("methods", "traffic.methods", traffic.Methods),
                Top("protocols", "traffic.protocols", traffic.Protocols),
                Top("top_paths", "traffic.paths", traffic.Paths),
                Top("not_found_paths", "traffic.not_found_paths", traffic.NotFoundPaths),
                Top("endpoints", "traffic.endpoints", traffic.Endpoints),
                Top("clients", "traffic.clients", traffic.Clients),
                Top("user_agents", "traffic.user_agents", traffic.UserAgents),
                Top("referers", "traffic.referers", traffic.Referers),
                Named("agent_classes", "traffic.agent_classes", traffic.AgentClasses),
                Named("browsers", "traffic.browsers", traffic.Browsers),
                Named("operating_systems", "traffic.operating_systems", traffic.OperatingSystems)]);
        }
        if (report.Performance is { } performance)
        {
            var percentiles = new ReportTable("percentiles", "performance", [S("metric"), .. s_distribution]);
            Distribution(percentiles, "response_bytes", performance.ResponseBytes);
            if (performance.RequestTimeUs is { } requestTime) Distribution(percentiles, "request_time_us", requestTime);
            var slowest = new ReportTable("slowest_endpoints", "performance.slowest_endpoints", [S("endpoint"), .. s_distribution]);
            foreach (var e in performance.SlowestEndpoints) Distribution(slowest, e.Endpoint, e.RequestTimeUs);
            tables.AddRange([percentiles, slowest]);
        }
        if (report.Errors is { } errors)
            tables.AddRange([Top("error_endpoints", "errors.top_error_endpoints", errors.TopErrorEndpoints), Top("error_clients", "errors.top_error_clients", errors.TopErrorClients)]);
        if (report.Security is { } security) tables.AddRange(Security(security));
        if (report.Activity is { } activity) tables.AddRange(Activity(activity));
        tables.AddRange(Views(report));
        return tables;
    }

    private static IEnumerable<ReportTable> Security(Security security)
    {
        var findings = new ReportTable("findings", "security.findings", S("rule_id"), S("rule_name"), S("severity"), S("source_ip"), S("source_network"),
            S("user"), S("host"), L("events"), L("windows"), S("first"), S("last"), S("url"), S("user_agent"), S("group_field"), S("country"),
            L("as_number"), S("as_organization"));
        foreach (var f in security.Findings)
        {
            findings.Add(f.RuleId, f.RuleName, f.Severity, f.SourceIp, f.SourceNetwork, f.User, f.Host, f.Events, f.Windows, f.First, f.Last,
                f.Url, f.UserAgent, f.GroupField, f.Country, f.AsNumber is { } asn ? (long)asn : null, f.AsOrganization);
        }
        var incidents = new ReportTable("incidents", "security.incidents", S("source_ip"), S("network"), D("threat_score"), L("events"), S("max_severity"),
            S("rules"), S("first_seen"), S("last_seen"), S("country"), L("as_number"), S("as_organization"));
        foreach (var i in security.Incidents)
        {
            incidents.Add(i.SourceIp, i.Network, i.ThreatScore, i.Events, i.MaxSeverity, string.Join(',', i.Rules), i.FirstSeen, i.LastSeen,
                i.Country, i.AsNumber is { } asn ? (long)asn : null, i.AsOrganization);
        }
        var users = new ReportTable("user_incidents", "security.user_incidents", S("user"), D("threat_score"), L("events"), L("sources"), S("max_severity"),
            S("rules"), S("first_seen"), S("last_seen"));
        foreach (var u in security.UserIncidents)
            users.Add(u.User, u.ThreatScore, u.Events, (long)u.Sources, u.MaxSeverity, string.Join(',', u.Rules), u.FirstSeen, u.LastSeen);
        return [Named("findings_by_severity", "security.by_severity", security.BySeverity), findings, incidents, users];
    }

    /// <summary>Every format's records over time, one table per granularity, each row led by its format.</summary>
    private static IEnumerable<ReportTable> Activity(List<FormatActivity> activity)
    {
        var summary = new ReportTable("activity", "activity", S("format"), L("records"), S("first_timestamp"), S("last_timestamp"), B("approximate"));
        var hourly = new ReportTable("activity_hourly", "activity[].hourly", S("format"), S("hour"), L("records"));
        var daily = new ReportTable("activity_daily", "activity[].daily", S("format"), S("day"), L("records"));
        var hourOfDay = new ReportTable("activity_hour_of_day", "activity[].hour_of_day", S("format"), L("hour"), L("records"));
        foreach (var a in activity)
        {
            summary.Add(a.Format, a.Records, a.FirstTimestamp, a.LastTimestamp, a.Approximate);
            foreach (var h in a.Hourly) hourly.Add(a.Format, h.Hour, h.Records);
            foreach (var d in a.Daily) daily.Add(a.Format, d.Day, d.Records);
            foreach (var h in a.HourOfDay) hourOfDay.Add(a.Format, (long)h.Hour, h.Records);
        }
        return [summary, hourly, daily, hourOfDay];
    }

    private static IEnumerable<ReportTable> Views(Report report)
    {
        if (report.Auth is { } auth)
        {
            yield return new ReportTable("auth_summary", "auth", S("format"), L("records"), L("failed_logins"), L("accepted_logins"))
                .Add(auth.Format, auth.Records, auth.FailedLogins, auth.AcceptedLogins);
            yield return Named("auth_events", "auth.events", auth.Events);
            yield return Top("auth_failed_by_ip", "auth.failed_by_ip", auth.FailedByIp);
            yield return Top("auth_failed_by_user", "auth.failed_by_user", auth.FailedByUser);
            yield return Top("auth_accepted_by_ip", "auth.accepted_by_ip", auth.AcceptedByIp);
            yield return Top("auth_accepted_by_user", "auth.accepted_by_user", auth.AcceptedByUser);
            yield return Pairs("auth_accepted_by_user_method", "auth.accepted_by_user_method", auth.AcceptedByUserMethod);
            yield return Top("auth_invalid_users", "auth.invalid_users", auth.InvalidUsers);
            yield return Pairs("auth_sudo_commands", "auth.sudo_commands", auth.SudoCommands);
            yield return Top("auth_programs", "auth.programs", auth.Programs);
            yield return Top("auth_hosts", "auth.hosts", auth.Hosts);
        }
        if (report.Syslog is { } syslog)
        {
            yield return new ReportTable("syslog_summary", "syslog", S("format"), L("records")).Add(syslog.Format, syslog.Records);
            yield return Top("syslog_programs", "syslog.programs", syslog.Programs);
            yield return Top("syslog_hosts", "syslog.hosts", syslog.Hosts);
            yield return Named("syslog_severities", "syslog.severities", syslog.Severities);
        }
        if (report.CloudTrail is { } trail)
        {
            yield return new ReportTable("cloudtrail_summary", "cloudtrail", S("format"), L("records"), L("errors"), D("error_rate"))
                .Add(trail.Format, trail.Records, trail.Errors, trail.ErrorRate);
            yield return Top("cloudtrail_events_by_name", "cloudtrail.events_by_name", trail.EventsByName);
            yield return Top("cloudtrail_events_by_source", "cloudtrail.events_by_source", trail.EventsBySource);
            yield return Top("cloudtrail_events_by_region", "cloudtrail.events_by_region", trail.EventsByRegion);
            yield return Top("cloudtrail_errors_by_code", "cloudtrail.errors_by_code", trail.ErrorsByCode);
            yield return Top("cloudtrail_source_ips", "cloudtrail.source_ips", trail.SourceIps);
            yield return Top("cloudtrail_user_types", "cloudtrail.user_types", trail.UserTypes);
            var logins = trail.ConsoleLogins;
            yield return new ReportTable("cloudtrail_console_login_summary", "cloudtrail.console_logins", L("total"), L("successes"), L("failures"),
                    L("without_mfa"), B("approximate"))
                .Add(logins.Total, logins.Successes, logins.Failures, logins.WithoutMfa, logins.Approximate);
            var users = new ReportTable("cloudtrail_console_logins", "cloudtrail.console_logins.users", S("user"), L("logins"), L("failures"), L("without_mfa"));
            foreach (var u in logins.Users) users.Add(u.User, u.Logins, u.Failures, u.WithoutMfa);
            yield return users;
        }
        if (report.Github is { } github)
        {
            yield return new ReportTable("github_summary", "github", S("format"), L("records"), L("public"), L("private"), L("visibility_unknown"))
                .Add(github.Format, github.Records, github.Public, github.Private, github.VisibilityUnknown);
            yield return Top("github_events_by_type", "github.events_by_type", github.EventsByType);
            yield return Top("github_actors", "github.actors", github.Actors);
            yield return Top("github_repos", "github.repos", github.Repos);
        }
        if (report.ServiceHealth is { } health)
        {
            yield return new ReportTable("service_health_summary", "service_health", S("format"), B("service_mapped"), B("approximate"), L("other"), L("null"))
                .Add(health.Format, health.ServiceMapped, health.Approximate, health.Other, health.Null);
            var overall = new ReportTable("service_health_overall", "service_health.overall", [L("records"), L("errors"), D("error_rate"), D("availability"),
                .. s_distribution]);
            overall.Add(Health(health.Overall));
            yield return overall;
            var services = new ReportTable("service_health", "service_health.services", [S("service"), L("records"), L("errors"), D("error_rate"), D("availability"),
                .. s_distribution]);
            foreach (var s in health.Services) services.Add([s.Service, .. Health(s)]);
            yield return services;
        }
    }

    /// <summary>A health row's figures, then its latency distribution (nulls when no record had a latency).</summary>
    private static object?[] Health(ServiceHealth h)
    {
        var l = h.LatencyUs;
        return [h.Records, h.Errors, h.ErrorRate, h.Availability, l?.Count, l?.Mean, l?.Min, l?.P50, l?.P90, l?.P95, l?.P99, l?.Max];
    }

    private static ReportTable Top(string name, string source, TopTable top)
    {
        var table = new ReportTable(name, source + ".rows", S("value"), L("count"), D("share"));
        foreach (var row in top.Rows) table.Add(row.Value, row.Count, row.Share);
        return table;
    }

    private static ReportTable Pairs(string name, string source, PairTable pairs)
    {
        var table = new ReportTable(name, source + ".rows", S("user"), S("value"), L("count"), D("share"));
        foreach (var row in pairs.Rows) table.Add(row.User, row.Value, row.Count, row.Share);
        return table;
    }

    private static ReportTable Named(string name, string source, List<NamedCount> counts)
    {
        var table = new ReportTable(name, source, S("name"), L("count"));
        foreach (var row in counts) table.Add(row.Name, row.Count);
        return table;
    }

    private static void Distribution(ReportTable table, string key, Distribution d)
        => table.Add(key, d.Count, d.Mean, d.Min, d.P50, d.P90, d.P95, d.P99, d.Max);

    private static TableColumn S(string name) => new(name, ColumnType.String);
    private static TableColumn L(string name) => new(name, ColumnType.Int64);
    private static TableColumn D(string name) => new(name, ColumnType.Double);
    private static TableColumn B(string name) => new(name, ColumnType.Boolean);
}
