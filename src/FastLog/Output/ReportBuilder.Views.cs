using FastLog.Aggregation;
using FastLog.Aggregation.Tables;
using FastLog.Aggregation.Views;
using FastLog.Columns;
using FastLog.Formats;
using FastLog.Output.Model;

namespace FastLog.Output;

// The per-format sections: activity of every format and the auth, syslog, CloudTrail, GitHub
// and service-health views. Runs once, after the merge; nothing here is on the hot path.
public sealed partial class ReportBuilder
{
    /// <summary>RFC 5424 §6.2.1 severity keywords, indexed by severity.</summary>
    private static readonly string[] s_severityNames = ["emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"];

    /// <summary>The name a format is reported under (<c>fastlog formats</c>' name; the enum name in lower case for one not registered).</summary>
    public static string FormatName(LogFormat format)
        => FormatRegistry.All.FirstOrDefault(f => f.Id == format)?.Name ?? format.ToString().ToLowerInvariant();

    private (long First, long Last) TimeRange(AccessAggregator? access, ViewsAggregator? views)
    {
        // detect keeps no record times: its range is that of the findings.
        if (access is null) return detected is { Findings.Count: > 0 } found
            ? (found.Findings.Min(f => f.FirstUnixSeconds), found.Findings.Max(f => f.LastUnixSeconds)) : (long.MaxValue, long.MinValue);
        if (views is null) return access.Records > 0 ? (access.MinUnixSeconds, access.MaxUnixSeconds) : (long.MaxValue, long.MinValue);
        long first = long.MaxValue, last = long.MinValue;
        foreach (var (_, a) in views.Activities)
        {
            first = Math.Min(first, a.MinUnixSeconds);
            last = Math.Max(last, a.MaxUnixSeconds);
        }
        return (first, last);
    }

    private static List<FormatRecords> RecordsByFormat(ViewsAggregator views)
        => views.Activities.Select(a => new FormatRecords { Format = FormatName(a.Format), Records = a.Activity.Records, Occurrences = a.Activity.Occurrences }).ToList();

    private List<FormatActivity>? BuildActivity(ViewsAggregator views)
    {
        var list = new List<FormatActivity>();
        foreach (var (format, a) in views.Activities)
        {
            var hours = Enumerable.Range(0, a.Hours.Count).Select(id => (Key: a.Hours.KeyOf(id), Count: a.Hours.Counts[id])).OrderBy(h => h.Key).ToList();
            var hourOfDay = new long[24];
            var days = new SortedDictionary<long, long>();
            foreach (var (hour, count) in hours)
            {
                var day = AccessAggregator.FloorDiv(hour, 24);
                hourOfDay[(int)(hour - day * 24)] += count;
                days[day] = days.GetValueOrDefault(day) + count;
            }
            list.Add(new FormatActivity
            {
                Format = FormatName(format),
                Records = a.Occurrences,
                FirstTimestamp = Timestamp(a.MinUnixSeconds, true),
                LastTimestamp = Timestamp(a.MaxUnixSeconds, true),
                Approximate = Mark(a.Hours.IsApproximate),
                Hourly = hours.Select(h => new HourRecords { Hour = Timestamp(h.Key * AccessAggregator.SecondsPerHour, false), Records = h.Count }).ToList(),
                Daily = days.Select(d => new DayRecords { Day = Timestamp(d.Key * 86400, false)[..10], Records = d.Value }).ToList(),
                HourOfDay = Enumerable.Range(0, 24).Select(h => new HourOfDayRecords { Hour = h, Records = hourOfDay[h] }).ToList(),
            });
        }
        return list.Count > 0 ? list : null;
    }

    private AuthSection BuildAuth(AuthView a)
    {
        var events = new Dictionary<string, long>();
        for (var e = 0; e < a.Events.Length; e++)
            if (a.Events[e] > 0) events[AuthEventNames.Names[e]] = a.Events[e];
        return new AuthSection
        {
            Format = FormatName(LogFormat.Auth),
            Records = a.Records,
            Events = Ranked(events),
            FailedLogins = a.FailedLogins,
            AcceptedLogins = a.AcceptedLogins,
            FailedByIp = Table(a.FailedIps, a.FailedLogins),
            FailedByUser = Table(a.FailedUsers, a.FailedLogins),
            AcceptedByIp = Table(a.AcceptedIps, a.AcceptedLogins),
            AcceptedByUser = Table(a.AcceptedUsers, a.AcceptedLogins),
            AcceptedByUserMethod = Pairs(a.AcceptedUserMethods, a.AcceptedLogins),
            InvalidUsers = Table(a.InvalidUsers, Total(a.InvalidUsers)),
            SudoCommands = Pairs(a.SudoCommands, a.Events[(int)AuthEvent.SudoCommand]),
            Programs = Table(a.Programs, a.Records),
            Hosts = Table(a.Hosts, a.Records),
        };
    }

    private SyslogSection BuildSyslog(SyslogView s)
    {
        var severities = new List<NamedCount>();
        for (var i = 0; i < s.Severities.Length; i++)
            if (s.Severities[i] > 0) severities.Add(new NamedCount { Name = s_severityNames[i], Count = s.Severities[i] });
        if (s.SeverityNull > 0) severities.Add(new NamedCount { Name = "none", Count = s.SeverityNull });
        return new SyslogSection
        {
            Format = FormatName(LogFormat.Syslog),
            Records = s.Records,
            Programs = Table(s.Programs, s.Records),
            Hosts = Table(s.Hosts, s.Records),
            Severities = severities,
        };
    }

    private CloudTrailSection BuildCloudTrail(CloudTrailView c)
    {
        var users = TableRanking.Top(c.ConsoleUsers, top).Select(id => new ConsoleLoginUser
        {
            User = _text.Decode(c.ConsoleUsers.KeyOf(id)),
            Logins = c.ConsoleUsers.Counts[id],
            Failures = id < c.ConsoleUserFailures.Length ? c.ConsoleUserFailures[id] : 0,
            WithoutMfa = id < c.ConsoleUserNoMfa.Length ? c.ConsoleUserNoMfa[id] : 0,
        }).ToList();
        return new CloudTrailSection
        {
            Format = FormatName(LogFormat.CloudTrail),
            Records = c.Records,
            EventsByName = Table(c.EventNames, c.Records),
            EventsBySource = Table(c.EventSources, c.Records),
            EventsByRegion = Table(c.Regions, c.Records),
            Errors = c.Errors,
            ErrorRate = Share(c.Errors, c.Records),
            ErrorsByCode = Table(c.ErrorCodes, c.Errors),
            ConsoleLogins = new ConsoleLogins
            {
                Total = c.ConsoleSuccesses + c.ConsoleFailures,
                Successes = c.ConsoleSuccesses,
                Failures = c.ConsoleFailures,
                WithoutMfa = c.ConsoleNoMfa,
                Approximate = Mark(c.ConsoleUsers.IsApproximate),
                Users = users,
            },
            SourceIps = Table(c.SourceIps, c.Records),
            UserTypes = Table(c.UserTypes, c.Records),
        };
    }

    private GithubSection BuildGithub(GithubView g) => new()
    {
        Format = FormatName(LogFormat.Github),
        Records = g.Records,
        EventsByType = Table(g.Types, g.Records),
        Actors = Table(g.Actors, g.Records),
        Repos = Table(g.Repos, g.Records),
        Public = g.Public,
        Private = g.Private,
        VisibilityUnknown = g.VisibilityUnknown,
    };

    private ServiceHealthSection BuildServiceHealth(ServiceHealthView h)
    {
        var services = TableRanking.Top(h.Services, top).Select(id => Health(
            _text.Decode(h.Services.KeyOf(id)),
            h.Services.Counts[id],
            id < h.ServiceErrors.Length ? h.ServiceErrors[id] : 0,
            id < h.ServiceLatency.Length ? h.ServiceLatency[id] : null)).ToList();
        return new ServiceHealthSection
        {
            Format = FormatName(LogFormat.Jsonl),
            ServiceMapped = h.ServiceMapped,
            Overall = Health(null, h.Records, h.Errors, h.Latency),
            Services = services,
            Approximate = Mark(h.Services.IsApproximate),
            Other = h.Services.OtherCount,
            Null = h.Services.NullCount,
        };
    }

    private static ServiceHealth Health(string? service, long records, long errors, Aggregation.Sketches.LogHistogram? latency) => new()
    {
        Service = service,
        Records = records,
        Errors = errors,
        ErrorRate = Share(errors, records),
        Availability = records == 0 ? 0 : Math.Round(1 - (double)errors / records, 6),
        LatencyUs = latency is { Count: > 0 } ? Distribution(latency) : null,
    };

    private PairTable Pairs(SymbolTable table, long total)
    {
        var rows = TableRanking.Top(table, top).Select(id =>
        {
            PairKey.Split(table.KeyOf(id), out var user, out var value);
            return new PairCount { User = _text.Decode(user), Value = _text.Decode(value), Count = table.Counts[id], Share = Share(table.Counts[id], total) };
        }).ToList();
        return new PairTable { Approximate = Mark(table.IsApproximate), Distinct = table.DistinctEstimate(), Other = table.OtherCount, Null = table.NullCount, Rows = rows };
    }

    private static long Total(SymbolTable table)
    {
        long total = table.OtherCount;
        for (var id = 0; id < table.Count; id++) total += table.Counts[id];
        return total;
    }
}
