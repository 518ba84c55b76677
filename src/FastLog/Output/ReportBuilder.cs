using FastLog.Aggregation;
using FastLog.Aggregation.Classification;
using FastLog.Aggregation.Sketches;
using FastLog.Aggregation.Tables;
using FastLog.Aggregation.Views;
using FastLog.Columns;
using FastLog.Detection;
using FastLog.Diagnostics;
using FastLog.Output.Model;
using FastLog.Output.Text;
using FastLog.Runs;

namespace FastLog.Output;

/// <summary>Builds the immutable <see cref="Report"/> from a merged run. Everything here runs once, after the hot path.</summary>
public sealed partial class ReportBuilder(RunSummary result, int top, RunInfo? run, string version, bool filtered = false, AddressClass? addresses = null,
    (List<Finding> Findings, bool Approximate)? detected = null)
{
    /// <summary>Endpoints need this many timed requests to rank among the slowest.</summary>
    public const int MinTimedRequests = 5;

    private readonly ValueText _text = new();

    // Set by Mark whenever a figure of the report is capped or estimated (overview.approximate).
    private bool _approximate;

    /// <summary>Returns <paramref name="approximate"/>, noting it for <see cref="Overview.Approximate"/>.</summary>
    private bool Mark(bool approximate)
    {
        _approximate |= approximate;
        return approximate;
    }

    /// <summary>Builds the report.</summary>
    public Report Build()
    {
        var analysis = result.Aggregate as AnalysisAggregator;
        var access = analysis?.Access ?? (AccessAggregator)result.Aggregate;
        var hasRecords = access.Records > 0;
        var views = analysis?.Views;
        var overview = BuildOverview(access, views);
        var report = new Report
        {
            FastlogVersion = version,
            Overview = overview,
            Traffic = hasRecords ? BuildTraffic(access) : null,
            Performance = hasRecords ? BuildPerformance(access) : null,
            Errors = hasRecords ? BuildErrors(access) : null,
            Anomalies = hasRecords ? BuildAnomalies(access) : null,
            // Any parsed record, not only web ones: auth and CloudTrail findings belong here too.
            Security = result.Counters.Parsed > 0 && analysis is { Detect: true } && detected is { } found ? BuildSecurity(found) : null,
            Activity = views is null ? null : BuildActivity(views),
            Auth = views?.Auth is { } auth ? BuildAuth(auth) : null,
            Syslog = views?.Syslog is { } syslog ? BuildSyslog(syslog) : null,
            CloudTrail = views?.CloudTrail is { } cloudTrail ? BuildCloudTrail(cloudTrail) : null,
            Github = views?.Github is { } github ? BuildGithub(github) : null,
            ServiceHealth = views?.ServiceHealth is { } health ? BuildServiceHealth(health) : null,
        };
        overview.LossyValues = _text.LossyValues;
        overview.Approximate = _approximate;
        return report;
    }

    private Overview BuildOverview(AccessAggregator? access, ViewsAggregator? views)
    {
        var counters = result.Counters;
        var (first, last) = TimeRange(access, views);
        var reasons = new List<NamedCount>();
        for (var r = 0; r < MalformedReasons.Count; r++)
        {
            if (counters.MalformedByReason[r] > 0)
                reasons.Add(new NamedCount { Name = MalformedReasons.Name((MalformedReason)r), Count = counters.MalformedByReason[r] });
        }
        return new Overview
        {
            Inputs = result.Inputs.Select(i => new InputReport
            {
                Path = _text.Decode(System.Text.Encoding.UTF8.GetBytes(i.Path)),
                Format = i.Format,
                FormatGuessed = i.FormatGuessed,
                Skipped = i.SkippedDigest ? "cloudtrail_digest" : null,
                Bytes = i.Bytes,
                Lines = i.Lines,
                Error = i.Error,
                Warning = i.Warning,
            }).ToList(),
            Bytes = result.Bytes,
            Lines = counters.Lines,
            Records = counters.Parsed,
            Matched = filtered ? (views is null ? access?.Records : views.Activities.Sum(a => a.Activity.Records)) : null,
            Blank = counters.Blank,
            Malformed = counters.Malformed,
            MalformedByReason = reasons,
            FlaggedRecords = Enumerable.Range(0, RecordFlags.Count).Where(f => counters.Flagged[f] > 0)
                .Select(f => new NamedCount { Name = RecordFlags.Name((RecordFlag)f), Count = counters.Flagged[f] }).ToList(),
            // Already in report order: by reason, then input order.
            MalformedSamples = result.Samples.Select(s => new SampleReport
                {
                    Path = s.Path,
                    Line = s.LineNumber,
                    Offset = s.FileOffset,
                    Reason = MalformedReasons.Name(s.Reason),
                    Excerpt = ValueText.EscapeExcerpt(s.Excerpt),
                    Truncated = s.Truncated,
                    Length = s.Reason == MalformedReason.NulRegion ? s.RegionLength : null,
                }).ToList(),
            NulRegions = counters.NulRegions > 0 ? counters.NulRegions : null,
            NulRegionBytes = counters.NulRegions > 0 ? counters.NulRegionBytes : null,
            SkippedDigest = result.Inputs.Count(i => i.SkippedDigest) is > 0 and var digests ? digests : null,
            Formats = result.Inputs.Where(i => i.Format is not null).Select(i => i.Format!).Distinct().ToList(),
            RecordsByFormat = views is null ? null : RecordsByFormat(views),
            FirstTimestamp = first != long.MaxValue ? Timestamp(first, true) : null,
            LastTimestamp = last != long.MinValue ? Timestamp(last, true) : null,
            Run = run,
        };
    }

    private Traffic BuildTraffic(AccessAggregator a)
    {
        var hourOrder = Enumerable.Range(0, a.Hours.Count).OrderBy(a.Hours.KeyOf).ToArray();
        var hourly = hourOrder.Select(id => new HourCount
        {
            Hour = Timestamp(a.Hours.KeyOf(id) * AccessAggregator.SecondsPerHour, false),
            Requests = a.Hours.Counts[id],
            Errors4xx = id < a.Hour4xx.Length ? a.Hour4xx[id] : 0,
            Errors5xx = id < a.Hour5xx.Length ? a.Hour5xx[id] : 0,
        }).ToList();
        var hourOfDay = new long[24];
        var perDay = new Dictionary<long, (long Requests, long Visitors)>();
        for (var id = 0; id < a.Hours.Count; id++)
        {
            var hour = a.Hours.KeyOf(id);
            hourOfDay[(int)(hour - AccessAggregator.FloorDiv(hour, 24) * 24)] += a.Hours.Counts[id];
            var day = AccessAggregator.FloorDiv(hour, 24);
            perDay[day] = (perDay.GetValueOrDefault(day).Requests + a.Hours.Counts[id], 0);
        }
        long uniqueVisitors = 0;
        var visitorsPerDay = a.UniqueVisitorsPerDay(out var visitorsApproximate);
        foreach (var (day, visitors) in visitorsPerDay)
        {
            perDay[day] = (perDay.GetValueOrDefault(day).Requests, visitors);
            uniqueVisitors += visitors;
        }

        var statusCodes = new List<NamedCount>();
        var classes = new long[6];
        for (var s = 100; s < a.StatusCounts.Length; s++)
        {
            if (a.StatusCounts[s] == 0) continue;
            statusCodes.Add(new NamedCount { Name = s.ToString(), Count = a.StatusCounts[s] });
            classes[s / 100] += a.StatusCounts[s];
        }

        long staticRequests = 0, pageRequests = 0;
        for (var id = 0; id < a.Paths.Count; id++)
        {
            if (StaticFileClassifier.IsStatic(a.Paths.KeyOf(id))) staticRequests += a.Paths.Counts[id];
            else pageRequests += a.Paths.Counts[id];
        }

        var agentClasses = new Dictionary<string, long>();
        var browsers = new Dictionary<string, long>();
        var systems = new Dictionary<string, long>();
        for (var id = 0; id < a.Agents.Count; id++)
        {
            var kind = UserAgentClassifier.Classify(a.Agents.KeyOf(id));
            var count = a.Agents.Counts[id];
            agentClasses[kind.Class] = agentClasses.GetValueOrDefault(kind.Class) + count;
            if (kind.Class == "browser")
            {
                browsers[kind.Browser] = browsers.GetValueOrDefault(kind.Browser) + count;
                systems[kind.OperatingSystem] = systems.GetValueOrDefault(kind.OperatingSystem) + count;
            }
        }
        if (a.Agents.NullCount > 0) agentClasses["none"] = a.Agents.NullCount;
        if (a.Agents.OtherCount > 0) agentClasses["unclassified_over_budget"] = a.Agents.OtherCount;

        return new Traffic
        {
            Hourly = hourly,
            HourOfDay = Enumerable.Range(0, 24).Select(h => new HourOfDayCount { Hour = h, Requests = hourOfDay[h] }).ToList(),
            Daily = perDay.OrderBy(d => d.Key).Select(d => new DayCount { Day = Timestamp(d.Key * 86400, false)[..10], Requests = d.Value.Requests, UniqueVisitors = d.Value.Visitors }).ToList(),
            StatusCodes = statusCodes,
            StatusClasses = Enumerable.Range(1, 5).Where(c => classes[c] > 0).Select(c => new NamedCount { Name = $"{c}xx", Count = classes[c] }).ToList(),
            Methods = Table(a.Methods, a.Records),
            Protocols = Table(a.Protocols, a.Records),
            Paths = Table(a.Paths, a.Records),
            NotFoundPaths = Table(a.Paths, a.StatusCounts[404], a.Path404),
            Clients = Table(a.Ips, a.Records),
            UserAgents = Table(a.Agents, a.Records),
            Referers = Table(a.Referers, a.Records),
            Endpoints = Table(a.Endpoints, a.Records),
            HourlyApproximate = Mark(a.Hours.IsApproximate),
            DistinctClients = a.Ips.DistinctEstimate(),
            DistinctClientsApproximate = Mark(a.Ips.IsApproximate),
            UniqueVisitors = uniqueVisitors,
            UniqueVisitorsApproximate = Mark(visitorsApproximate),
            StaticVsPages = new StaticVsPages { StaticRequests = staticRequests, PageRequests = pageRequests, Approximate = Mark(a.Paths.IsApproximate) },
            AgentClassesApproximate = Mark(a.Agents.IsApproximate),
            AgentClasses = Ranked(agentClasses),
            Browsers = Ranked(browsers),
            OperatingSystems = Ranked(systems),
        };
    }

    private Performance BuildPerformance(AccessAggregator a)
    {
        var slowest = new List<(string Endpoint, LogHistogram Histogram)>();
        for (var id = 0; id < Math.Min(a.Endpoints.Count, a.EndpointLatency.Length); id++)
        {
            if (a.EndpointLatency[id] is { Count: >= MinTimedRequests } h)
                slowest.Add((_text.Decode(a.Endpoints.KeyOf(id)), h));
        }
        return new Performance
        {
            ResponseBytes = Distribution(a.Bytes),
            RequestTimeUs = a.RequestTime.Count > 0 ? Distribution(a.RequestTime) : null,
            RequestTimeHistogram = a.RequestTime.Count > 0 ? LatencyHistogram.Of(a.RequestTime) : null,
            SlowestEndpoints = slowest
                .OrderByDescending(s => s.Histogram.Mean).ThenBy(s => s.Endpoint, StringComparer.Ordinal)
                .Take(top)
                .Select(s => new EndpointLatency { Endpoint = s.Endpoint, RequestTimeUs = Distribution(s.Histogram) })
                .ToList(),
            SlowestEndpointsApproximate = Mark(a.Endpoints.IsApproximate),
        };
    }

    private Errors BuildErrors(AccessAggregator a)
    {
        long c4 = 0, c5 = 0;
        for (var s = 400; s < 500; s++) c4 += a.StatusCounts[s];
        for (var s = 500; s < a.StatusCounts.Length; s++) c5 += a.StatusCounts[s];
        return new Errors
        {
            Count4xx = c4,
            Count5xx = c5,
            Rate4xx = Share(c4, a.Records),
            Rate5xx = Share(c5, a.Records),
            TopErrorEndpoints = Table(a.Endpoints, c4 + c5, a.EndpointErrors),
            TopErrorClients = Table(a.Ips, c4 + c5, a.IpErrors),
        };
    }

    /// <summary>Clients need this many requests before their error rate counts as an anomaly.</summary>
    public const int MinClientRequests = 20;
    /// <summary>Error rate (4xx and 5xx over requests) from which a client is listed.</summary>
    public const double HighErrorRate = 0.5;
    /// <summary>|robust z| above which an hour is unusual (Iglewicz and Hoaglin's outlier cut-off).</summary>
    public const double RobustZThreshold = 3.5;

    private Anomalies BuildAnomalies(AccessAggregator a)
    {
        var p99 = a.Bytes.Quantile(0.99);
        var clients = new List<(int Id, long Requests, long Errors)>();
        for (var id = 0; id < a.Ips.Count; id++)
        {
            var errors = id < a.IpErrors.Length ? a.IpErrors[id] : 0;
            var requests = a.Ips.Counts[id];
            if (requests >= MinClientRequests && errors >= requests * HighErrorRate) clients.Add((id, requests, errors));
        }
        var hours = Enumerable.Range(0, a.Hours.Count).Select(id => (Key: a.Hours.KeyOf(id), Count: a.Hours.Counts[id])).OrderBy(h => h.Key).ToList();
        var unusual = new List<HourAnomaly>();
        if (hours.Count >= 3)
        {
            var median = Median(hours.Select(h => (double)h.Count));
            var mad = Median(hours.Select(h => Math.Abs(h.Count - median)));
            if (mad > 0)
            {
                foreach (var h in hours)
                {
                    var z = 0.6745 * (h.Count - median) / mad;
                    if (Math.Abs(z) > RobustZThreshold)
                        unusual.Add(new HourAnomaly { Hour = Timestamp(h.Key * AccessAggregator.SecondsPerHour, false), Requests = h.Count, RobustZ = Math.Round(z, 2) });
                }
            }
        }
        return new Anomalies
        {
            ResponseBytesP99 = p99,
            ResponsesAboveP99 = a.Bytes.CountAbove(p99),
            HighErrorClients = clients
                .OrderByDescending(c => c.Errors).ThenBy(c => c.Id, Comparer<int>.Create((x, y) => a.Ips.KeyOf(x).SequenceCompareTo(a.Ips.KeyOf(y))))
                .Take(top)
                .Select(c => new ClientErrorRate { Client = _text.Decode(a.Ips.KeyOf(c.Id)), Requests = c.Requests, Errors = c.Errors, ErrorRate = Share(c.Errors, c.Requests) })
                .ToList(),
            UnusualHours = unusual,
            Approximate = Mark(a.Ips.IsApproximate || a.Hours.IsApproximate),
        };
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return 0;
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private Security BuildSecurity((List<Finding> Findings, bool Approximate) detection)
    {
        var findings = detection.Findings;
        return new Security
        {
            Findings = findings.Select(f => new FindingReport
            {
                RuleId = f.Rule.Id,
                RuleName = f.Rule.Name,
                Severity = f.Rule.Severity.ToString().ToLowerInvariant(),
                SourceIp = _text.Decode(f.SourceIp),
                SourceNetwork = (addresses ?? AddressClass.Default).Classify(f.SourceIp),
                User = f.User is null ? null : _text.Decode(f.User),
                Host = f.Host is null ? null : _text.Decode(f.Host),
                Events = f.EventCount,
                Windows = f.Windows,
                First = Timestamp(f.FirstUnixSeconds, true),
                Last = Timestamp(f.LastUnixSeconds, true),
                Url = f.Url is null ? null : _text.Decode(f.Url),
                UserAgent = f.UserAgent is null ? null : _text.Decode(f.UserAgent),
                GroupField = f.GroupField,
                Country = f.Geo?.CountryIsoCode,
                AsNumber = f.Geo?.AsNumber,
                AsOrganization = f.Geo?.AsOrganization,
            }).ToList(),
            Incidents = Incidents.From(findings).Take(top).Select(i => new IncidentReport
            {
                SourceIp = _text.Decode(i.SourceIp),
                Network = (addresses ?? AddressClass.Default).Classify(i.SourceIp),
                ThreatScore = i.ThreatScore,
                Events = i.EventCount,
                MaxSeverity = i.MaxSeverity.ToString().ToLowerInvariant(),
                Rules = [.. i.RuleIds],
                FirstSeen = Timestamp(i.FirstUnixSeconds, true),
                LastSeen = Timestamp(i.LastUnixSeconds, true),
                Country = i.Geo?.CountryIsoCode,
                AsNumber = i.Geo?.AsNumber,
                AsOrganization = i.Geo?.AsOrganization,
            }).ToList(),
            UserIncidents = IncidentByUser.From(findings).Take(top).Select(i => new UserIncidentReport
            {
                User = _text.Decode(i.User),
                ThreatScore = i.ThreatScore,
                Events = i.EventCount,
                Sources = i.Sources,
                MaxSeverity = i.MaxSeverity.ToString().ToLowerInvariant(),
                Rules = [.. i.RuleIds],
                FirstSeen = Timestamp(i.FirstUnixSeconds, true),
                LastSeen = Timestamp(i.LastUnixSeconds, true),
            }).ToList(),
            BySeverity = findings.GroupBy(f => f.Rule.Severity).OrderByDescending(g => g.Key)
                .Select(g => new NamedCount { Name = g.Key.ToString().ToLowerInvariant(), Count = g.Count() }).ToList(),
            Approximate = Mark(detection.Approximate),
        };
    }

    /// <summary>A table ranked by per-id <paramref name="counts"/> derived from it (404s, errors), copied once for the ranking.</summary>
    private TopTable Table(SymbolTable table, long total, ReadOnlySpan<long> counts) => Table(table, total, counts.ToArray());

    private TopTable Table(SymbolTable table, long total, long[]? counts = null)
    {
        var ids = TableRanking.Top(table, top, counts);
        var values = counts ?? table.Counts;
        long distinct = 0;
        for (var id = 0; id < Math.Min(table.Count, values.Length); id++)
            if (values[id] > 0) distinct++;
        return new TopTable
        {
            Approximate = Mark(table.IsApproximate),
            // A table's own counts: the distinct estimate past the budget; derived counts: a lower bound.
            Distinct = counts is null ? table.DistinctEstimate() : distinct,
            Other = counts is null ? table.OtherCount : 0,
            Null = counts is null ? table.NullCount : 0,
            Rows = ids.Select(id => new KeyCount { Value = _text.Decode(table.KeyOf(id)), Count = values[id], Share = Share(values[id], total) }).ToList(),
        };
    }

    private static List<NamedCount> Ranked(Dictionary<string, long> counts)
        => counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => new NamedCount { Name = kv.Key, Count = kv.Value }).ToList();

    private static Distribution Distribution(LogHistogram h) => new()
    {
        Count = h.Count,
        Mean = Math.Round(h.Mean, 3),
        Min = h.Count > 0 ? h.Min : 0,
        P50 = h.Quantile(0.50),
        P90 = h.Quantile(0.90),
        P95 = h.Quantile(0.95),
        P99 = h.Quantile(0.99),
        Max = h.Max,
    };

    private static double Share(long count, long total) => total == 0 ? 0 : Math.Round((double)count / total, 6);

    private static string Timestamp(long unixSeconds, bool withTime) => FieldRenderer.TimestampText(unixSeconds, withTime);
}
