using System.Text.Json.Serialization;

namespace FastLog.Output.Model;

/// <summary>Traffic section.</summary>
public sealed class Traffic
{
    /// <summary>Records per UTC hour, in time order.</summary>
    public required List<HourCount> Hourly { get; init; }
    /// <summary>Records per hour of the day (UTC), 24 entries.</summary>
    public required List<HourOfDayCount> HourOfDay { get; init; }
    /// <summary>Records and unique visitors per UTC day, in time order.</summary>
    public required List<DayCount> Daily { get; init; }
    /// <summary>Records per status code, ascending by code.</summary>
    public required List<NamedCount> StatusCodes { get; init; }
    /// <summary>Records per status class (1xx … 5xx).</summary>
    public required List<NamedCount> StatusClasses { get; init; }
    /// <summary>Request methods.</summary>
    public required TopTable Methods { get; init; }
    /// <summary>Request protocols.</summary>
    public required TopTable Protocols { get; init; }
    /// <summary>Paths without query.</summary>
    public required TopTable Paths { get; init; }
    /// <summary>Paths answered with 404.</summary>
    public required TopTable NotFoundPaths { get; init; }
    /// <summary>Client addresses.</summary>
    public required TopTable Clients { get; init; }
    /// <summary>User agents.</summary>
    public required TopTable UserAgents { get; init; }
    /// <summary>Referers.</summary>
    public required TopTable Referers { get; init; }
    /// <summary>Endpoint templates (ids, UUIDs and hashes collapsed to <c>{id}</c>).</summary>
    public required TopTable Endpoints { get; init; }
    /// <summary>True when the hour table went past its budget: hourly, hour-of-day and daily request counts miss the hours past it.</summary>
    public bool HourlyApproximate { get; init; }
    /// <summary>Distinct client addresses: exact, or a HyperLogLog estimate (within 2 %) past the budget.</summary>
    public long DistinctClients { get; init; }
    /// <summary>True when <see cref="DistinctClients"/> is an estimate.</summary>
    public bool DistinctClientsApproximate { get; init; }
    /// <summary>Sum over days of distinct (client, user agent) pairs per day: exact, or past the budget the sum of per-day estimates (each within 2 %).</summary>
    public long UniqueVisitors { get; init; }
    /// <summary>True when <see cref="UniqueVisitors"/> and the daily unique visitors are estimates.</summary>
    public bool UniqueVisitorsApproximate { get; init; }
    /// <summary>True when the user-agent table went past its budget: agent classes, browsers and systems count the refused agents as <c>unclassified_over_budget</c>.</summary>
    public bool AgentClassesApproximate { get; init; }
    /// <summary>Requests for static files vs pages.</summary>
    public required StaticVsPages StaticVsPages { get; init; }
    /// <summary>Records per agent class: browser, crawler, bot, scanner, other, none.</summary>
    public required List<NamedCount> AgentClasses { get; init; }
    /// <summary>Records per browser family.</summary>
    public required List<NamedCount> Browsers { get; init; }
    /// <summary>Records per operating system.</summary>
    public required List<NamedCount> OperatingSystems { get; init; }
}

/// <summary>One UTC hour.</summary>
public sealed class HourCount
{
    /// <summary><c>YYYY-MM-DDTHH</c>.</summary>
    public required string Hour { get; init; }
    /// <summary>Records.</summary>
    public long Requests { get; init; }
    /// <summary>4xx responses.</summary>
    [JsonPropertyName("errors_4xx")]
    public long Errors4xx { get; init; }
    /// <summary>5xx responses.</summary>
    [JsonPropertyName("errors_5xx")]
    public long Errors5xx { get; init; }
}

/// <summary>One hour of the day.</summary>
public sealed class HourOfDayCount
{
    /// <summary>0–23, UTC.</summary>
    public int Hour { get; init; }
    /// <summary>Records.</summary>
    public long Requests { get; init; }
}

/// <summary>One UTC day.</summary>
public sealed class DayCount
{
    /// <summary><c>YYYY-MM-DD</c>.</summary>
    public required string Day { get; init; }
    /// <summary>Records.</summary>
    public long Requests { get; init; }
    /// <summary>Distinct (client, user agent) pairs.</summary>
    public long UniqueVisitors { get; init; }
}

/// <summary>Static files vs pages, by the path's extension.</summary>
public sealed class StaticVsPages
{
    /// <summary>Requests for static files.</summary>
    public long StaticRequests { get; init; }
    /// <summary>Requests for everything else with a path.</summary>
    public long PageRequests { get; init; }
    /// <summary>True when the path table was approximate.</summary>
    public bool Approximate { get; init; }
}

/// <summary>Performance section.</summary>
public sealed class Performance
{
    /// <summary>Response body bytes (records with <c>-</c> excluded).</summary>
    public required Distribution ResponseBytes { get; init; }
    /// <summary>Request time in microseconds; null when the format has none.</summary>
    public Distribution? RequestTimeUs { get; init; }
    /// <summary>
    /// Request times in bins from 1 ms to 10 s on a 1-2-5 scale (empty bins at either end left
    /// out); null when the format has none. The HTML report's histogram: not in the JSON schema.
    /// </summary>
    [JsonIgnore]
    public List<LatencyBin>? RequestTimeHistogram { get; init; }
    /// <summary>Endpoints by mean request time, slowest first (those with at least 5 timed requests).</summary>
    public required List<EndpointLatency> SlowestEndpoints { get; init; }
    /// <summary>True when the endpoint table went past its budget: endpoints past it are not ranked.</summary>
    public bool SlowestEndpointsApproximate { get; init; }
}

/// <summary>A distribution from a log-bucket histogram: count, sum-derived mean, min and max exact; quantiles within 1 %.</summary>
public sealed class Distribution
{
    /// <summary>Values.</summary>
    public long Count { get; init; }
    /// <summary>Mean, rounded to 3 decimals.</summary>
    public double Mean { get; init; }
    /// <summary>Smallest.</summary>
    public long Min { get; init; }
    /// <summary>Median.</summary>
    public long P50 { get; init; }
    /// <summary>90th percentile.</summary>
    public long P90 { get; init; }
    /// <summary>95th percentile.</summary>
    public long P95 { get; init; }
    /// <summary>99th percentile.</summary>
    public long P99 { get; init; }
    /// <summary>Largest.</summary>
    public long Max { get; init; }
}

/// <summary>One bin of a request-time histogram: <c>[From, To)</c> microseconds.</summary>
public sealed class LatencyBin
{
    /// <summary>Lower bound in microseconds (0 for the first bin).</summary>
    public long From { get; init; }
    /// <summary>Upper bound in microseconds, excluded; null for the last bin.</summary>
    public long? To { get; init; }
    /// <summary>Requests whose time falls in the bin.</summary>
    public long Count { get; init; }
    /// <summary>The bin as text: <c>&lt; 1 ms</c>, <c>1–2 ms</c>, <c>≥ 10 s</c>.</summary>
    public required string Label { get; init; }
}

/// <summary>Request-time distribution of one endpoint.</summary>
public sealed class EndpointLatency
{
    /// <summary>Endpoint template.</summary>
    public required string Endpoint { get; init; }
    /// <summary>Request time in microseconds.</summary>
    public required Distribution RequestTimeUs { get; init; }
}

/// <summary>Errors section.</summary>
public sealed class Errors
{
    /// <summary>4xx responses.</summary>
    [JsonPropertyName("count_4xx")]
    public long Count4xx { get; init; }
    /// <summary>5xx responses.</summary>
    [JsonPropertyName("count_5xx")]
    public long Count5xx { get; init; }
    /// <summary>4xx share of records, 6 decimals.</summary>
    [JsonPropertyName("rate_4xx")]
    public double Rate4xx { get; init; }
    /// <summary>5xx share of records, 6 decimals.</summary>
    [JsonPropertyName("rate_5xx")]
    public double Rate5xx { get; init; }
    /// <summary>Endpoints with the most 4xx/5xx responses.</summary>
    public required TopTable TopErrorEndpoints { get; init; }
    /// <summary>Clients with the most 4xx/5xx responses.</summary>
    public required TopTable TopErrorClients { get; init; }
}

/// <summary>Security section: findings of the web rules and incidents per source.</summary>
public sealed class Security
{
    /// <summary>Findings by severity, rule and events (docs/detections.md for the rules).</summary>
    public required List<FindingReport> Findings { get; init; }
    /// <summary>One incident per source address with findings, by threat score.</summary>
    public required List<IncidentReport> Incidents { get; init; }
    /// <summary>One incident per user named by auth or CloudTrail findings, by threat score.</summary>
    public required List<UserIncidentReport> UserIncidents { get; init; }
    /// <summary>Findings per severity.</summary>
    public required List<NamedCount> BySeverity { get; init; }
    /// <summary>True when a detection table went past its memory budget.</summary>
    public bool Approximate { get; init; }
}

/// <summary>One incident per user (auth and CloudTrail findings name users).</summary>
public sealed class UserIncidentReport
{
    /// <summary>The user name as logged.</summary>
    public required string User { get; init; }
    /// <summary>Threat score (docs/report-schema.md).</summary>
    public double ThreatScore { get; init; }
    /// <summary>Events over all the user's findings.</summary>
    public long Events { get; init; }
    /// <summary>Distinct source addresses of the user's findings.</summary>
    public int Sources { get; init; }
    /// <summary>Highest severity.</summary>
    public required string MaxSeverity { get; init; }
    /// <summary>Rules hit, in id order.</summary>
    public required List<string> Rules { get; init; }
    /// <summary>Earliest finding (RFC 3339 UTC).</summary>
    public required string FirstSeen { get; init; }
    /// <summary>Latest finding (RFC 3339 UTC).</summary>
    public required string LastSeen { get; init; }
}

/// <summary>One finding.</summary>
public sealed class FindingReport
{
    /// <summary>Rule id (W1 …).</summary>
    public required string RuleId { get; init; }
    /// <summary>Rule name.</summary>
    public required string RuleName { get; init; }
    /// <summary>low, medium, high or critical.</summary>
    public required string Severity { get; init; }
    /// <summary>Client address as the server wrote it.</summary>
    public required string SourceIp { get; init; }
    /// <summary>internal, external, or unknown (a host name); see AddressClass.</summary>
    public required string SourceNetwork { get; init; }
    /// <summary>The user the events name (auth, CloudTrail), or null.</summary>
    public string? User { get; init; }
    /// <summary>The host that logged the events (auth), or null.</summary>
    public string? Host { get; init; }
    /// <summary>Matching events.</summary>
    public long Events { get; init; }
    /// <summary>Windows over the threshold (thresholded rules).</summary>
    public long Windows { get; init; }
    /// <summary>First event, RFC 3339 UTC.</summary>
    public required string First { get; init; }
    /// <summary>Last event, RFC 3339 UTC.</summary>
    public required string Last { get; init; }
    /// <summary>A request target of the events.</summary>
    public string? Url { get; init; }
    /// <summary>A user agent of the events.</summary>
    public string? UserAgent { get; init; }
    /// <summary>The field whose value source_ip holds when it is not the client address (a custom rule's group_by), else absent.</summary>
    public string? GroupField { get; init; }
    /// <summary>Country ISO code of the source (--geoip), or absent.</summary>
    public string? Country { get; init; }
    /// <summary>Autonomous system number of the source (--geoip), or absent.</summary>
    public ulong? AsNumber { get; init; }
    /// <summary>Autonomous system organisation of the source (--geoip), or absent.</summary>
    public string? AsOrganization { get; init; }
}

/// <summary>Everything found about one source.</summary>
public sealed class IncidentReport
{
    /// <summary>Client address.</summary>
    public required string SourceIp { get; init; }
    /// <summary>internal, external, or unknown (a host name).</summary>
    public required string Network { get; init; }
    /// <summary>Σ over rules of severity weight × (1 + log10 events).</summary>
    public double ThreatScore { get; init; }
    /// <summary>Events over its findings.</summary>
    public long Events { get; init; }
    /// <summary>Highest severity.</summary>
    public required string MaxSeverity { get; init; }
    /// <summary>Rules hit.</summary>
    public required List<string> Rules { get; init; }
    /// <summary>First finding, RFC 3339 UTC.</summary>
    public required string FirstSeen { get; init; }
    /// <summary>Last finding, RFC 3339 UTC.</summary>
    public required string LastSeen { get; init; }
    /// <summary>Country ISO code of the source (--geoip), or absent.</summary>
    public string? Country { get; init; }
    /// <summary>Autonomous system number of the source (--geoip), or absent.</summary>
    public ulong? AsNumber { get; init; }
    /// <summary>Autonomous system organisation of the source (--geoip), or absent.</summary>
    public string? AsOrganization { get; init; }
}

/// <summary>Anomalies section: values and clients far from the rest.</summary>
public sealed class Anomalies
{
    /// <summary>The p99 of response bytes.</summary>
    public long ResponseBytesP99 { get; init; }
    /// <summary>Responses larger than the p99 (bucket-exact lower bound, see docs/report-schema.md).</summary>
    public long ResponsesAboveP99 { get; init; }
    /// <summary>Clients with at least 20 requests of which at least half got 4xx/5xx, by errors descending.</summary>
    public required List<ClientErrorRate> HighErrorClients { get; init; }
    /// <summary>UTC hours whose request count has a robust z-score above 3.5 in absolute value.</summary>
    public required List<HourAnomaly> UnusualHours { get; init; }
    /// <summary>True when the client or hour table went past its budget: clients or hours past it are not examined.</summary>
    public bool Approximate { get; init; }
}

/// <summary>A client's error rate.</summary>
public sealed class ClientErrorRate
{
    /// <summary>Client address.</summary>
    public required string Client { get; init; }
    /// <summary>Requests.</summary>
    public long Requests { get; init; }
    /// <summary>4xx and 5xx responses.</summary>
    public long Errors { get; init; }
    /// <summary>Errors over requests, 6 decimals.</summary>
    public double ErrorRate { get; init; }
}

/// <summary>An hour whose volume deviates from the others.</summary>
public sealed class HourAnomaly
{
    /// <summary><c>YYYY-MM-DDTHH</c>.</summary>
    public required string Hour { get; init; }
    /// <summary>Requests in the hour.</summary>
    public long Requests { get; init; }
    /// <summary>0.6745 × (requests − median) / MAD over all hours (Iglewicz and Hoaglin), 2 decimals.</summary>
    public double RobustZ { get; init; }
}
