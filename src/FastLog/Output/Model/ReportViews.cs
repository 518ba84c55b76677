namespace FastLog.Output.Model;

// The per-format sections of the report (docs/report-schema.md "Activity" and the views).
// Counts are occurrences: a syslog "message repeated N times" record counts N, as in `count`.

/// <summary>Records of one format (<c>overview.records_by_format</c>).</summary>
public sealed class FormatRecords
{
    /// <summary>Format name.</summary>
    public required string Format { get; init; }
    /// <summary>Records (parsed lines) of the format.</summary>
    public long Records { get; init; }
    /// <summary>Occurrences: records weighted by their repeat count (equal to records without repeats).</summary>
    public long Occurrences { get; init; }
}

/// <summary>Records per hour, day and hour of the day of one format.</summary>
public sealed class FormatActivity
{
    /// <summary>Format name.</summary>
    public required string Format { get; init; }
    /// <summary>Occurrences in total.</summary>
    public long Records { get; init; }
    /// <summary>Earliest record time, RFC 3339 UTC.</summary>
    public required string FirstTimestamp { get; init; }
    /// <summary>Latest record time, RFC 3339 UTC.</summary>
    public required string LastTimestamp { get; init; }
    /// <summary>True when the hour table went past its memory budget (hours past it are left out).</summary>
    public bool Approximate { get; init; }
    /// <summary>Records per UTC hour that has any, in time order.</summary>
    public required List<HourRecords> Hourly { get; init; }
    /// <summary>Records per UTC day that has any, in time order.</summary>
    public required List<DayRecords> Daily { get; init; }
    /// <summary>Records per hour of the day (UTC), 24 entries.</summary>
    public required List<HourOfDayRecords> HourOfDay { get; init; }
}

/// <summary>Records in one UTC hour.</summary>
public sealed class HourRecords
{
    /// <summary><c>YYYY-MM-DDTHH</c>.</summary>
    public required string Hour { get; init; }
    /// <summary>Records.</summary>
    public long Records { get; init; }
}

/// <summary>Records in one UTC day.</summary>
public sealed class DayRecords
{
    /// <summary><c>YYYY-MM-DD</c>.</summary>
    public required string Day { get; init; }
    /// <summary>Records.</summary>
    public long Records { get; init; }
}

/// <summary>Records in one hour of the day.</summary>
public sealed class HourOfDayRecords
{
    /// <summary>0–23, UTC.</summary>
    public int Hour { get; init; }
    /// <summary>Records.</summary>
    public long Records { get; init; }
}

/// <summary>A top-N table of pairs (user and method, user and command).</summary>
public sealed class PairTable
{
    /// <summary>True when the table went past its memory budget.</summary>
    public bool Approximate { get; init; }
    /// <summary>Distinct pairs counted.</summary>
    public long Distinct { get; init; }
    /// <summary>Records whose pair the budget refused.</summary>
    public long Other { get; init; }
    /// <summary>Records without a user.</summary>
    public long Null { get; init; }
    /// <summary>The top pairs: count descending, then user and value bytewise.</summary>
    public required List<PairCount> Rows { get; init; }
}

/// <summary>A user, a second value and their count.</summary>
public sealed class PairCount
{
    /// <summary>User name as in the log.</summary>
    public required string User { get; init; }
    /// <summary>The second value (login method, sudo command).</summary>
    public required string Value { get; init; }
    /// <summary>Records with the pair.</summary>
    public long Count { get; init; }
    /// <summary>Count over the table's records, 6 decimals.</summary>
    public double Share { get; init; }
}

/// <summary>Auth view: sshd, sudo and useradd events of auth logs.</summary>
public sealed class AuthSection
{
    /// <summary>Format name (<c>auth</c>).</summary>
    public required string Format { get; init; }
    /// <summary>Occurrences in total.</summary>
    public long Records { get; init; }
    /// <summary>Occurrences per event kind, count descending.</summary>
    public required List<NamedCount> Events { get; init; }
    /// <summary>Failure events (failed_*, invalid_user, pam_auth_failure).</summary>
    public long FailedLogins { get; init; }
    /// <summary>Accepted logins.</summary>
    public long AcceptedLogins { get; init; }
    /// <summary>Failure events per source address.</summary>
    public required TopTable FailedByIp { get; init; }
    /// <summary>Failure events per user.</summary>
    public required TopTable FailedByUser { get; init; }
    /// <summary>Accepted logins per source address.</summary>
    public required TopTable AcceptedByIp { get; init; }
    /// <summary>Accepted logins per user.</summary>
    public required TopTable AcceptedByUser { get; init; }
    /// <summary>Accepted logins per (user, method).</summary>
    public required PairTable AcceptedByUserMethod { get; init; }
    /// <summary>Records naming the user invalid, per user tried.</summary>
    public required TopTable InvalidUsers { get; init; }
    /// <summary>sudo commands per (user, command).</summary>
    public required PairTable SudoCommands { get; init; }
    /// <summary>Records per program.</summary>
    public required TopTable Programs { get; init; }
    /// <summary>Records per host.</summary>
    public required TopTable Hosts { get; init; }
}

/// <summary>Syslog view.</summary>
public sealed class SyslogSection
{
    /// <summary>Format name (<c>syslog</c>).</summary>
    public required string Format { get; init; }
    /// <summary>Occurrences in total.</summary>
    public long Records { get; init; }
    /// <summary>Records per program (APP-NAME / TAG).</summary>
    public required TopTable Programs { get; init; }
    /// <summary>Records per host.</summary>
    public required TopTable Hosts { get; init; }
    /// <summary>Records per severity, emerg (0) to debug (7), then <c>none</c>; those with a count only.</summary>
    public required List<NamedCount> Severities { get; init; }
}

/// <summary>CloudTrail view.</summary>
public sealed class CloudTrailSection
{
    /// <summary>Format name (<c>cloudtrail</c>).</summary>
    public required string Format { get; init; }
    /// <summary>Records in total.</summary>
    public long Records { get; init; }
    /// <summary>Records per <c>eventName</c>.</summary>
    public required TopTable EventsByName { get; init; }
    /// <summary>Records per <c>eventSource</c>.</summary>
    public required TopTable EventsBySource { get; init; }
    /// <summary>Records per <c>awsRegion</c>.</summary>
    public required TopTable EventsByRegion { get; init; }
    /// <summary>Records with an <c>errorCode</c>.</summary>
    public long Errors { get; init; }
    /// <summary>Errors over records, 6 decimals.</summary>
    public double ErrorRate { get; init; }
    /// <summary>Records per <c>errorCode</c> (its <c>null</c> is the successful calls).</summary>
    public required TopTable ErrorsByCode { get; init; }
    /// <summary>Console sign-ins.</summary>
    public required ConsoleLogins ConsoleLogins { get; init; }
    /// <summary>Records per <c>sourceIPAddress</c>.</summary>
    public required TopTable SourceIps { get; init; }
    /// <summary>Records per <c>userIdentity.type</c>.</summary>
    public required TopTable UserTypes { get; init; }
}

/// <summary>Console sign-ins of a CloudTrail input.</summary>
public sealed class ConsoleLogins
{
    /// <summary>Console logins.</summary>
    public long Total { get; init; }
    /// <summary>Logins answered <c>Success</c>.</summary>
    public long Successes { get; init; }
    /// <summary>The others (<c>Failure</c>).</summary>
    public long Failures { get; init; }
    /// <summary>Successful logins with <c>MFAUsed</c> <c>No</c>.</summary>
    public long WithoutMfa { get; init; }
    /// <summary>True when the user table went past its memory budget.</summary>
    public bool Approximate { get; init; }
    /// <summary>Logins per user: logins descending, then user bytewise (top N).</summary>
    public required List<ConsoleLoginUser> Users { get; init; }
}

/// <summary>Console logins of one user.</summary>
public sealed class ConsoleLoginUser
{
    /// <summary>User name as in the record.</summary>
    public required string User { get; init; }
    /// <summary>Console logins.</summary>
    public long Logins { get; init; }
    /// <summary>Failed ones.</summary>
    public long Failures { get; init; }
    /// <summary>Successful ones without MFA.</summary>
    public long WithoutMfa { get; init; }
}

/// <summary>GitHub view.</summary>
public sealed class GithubSection
{
    /// <summary>Format name (<c>github</c>).</summary>
    public required string Format { get; init; }
    /// <summary>Events in total.</summary>
    public long Records { get; init; }
    /// <summary>Events per type.</summary>
    public required TopTable EventsByType { get; init; }
    /// <summary>Events per actor login.</summary>
    public required TopTable Actors { get; init; }
    /// <summary>Events per repository.</summary>
    public required TopTable Repos { get; init; }
    /// <summary>Events with <c>public: true</c>.</summary>
    public long Public { get; init; }
    /// <summary>Events with <c>public: false</c>.</summary>
    public long Private { get; init; }
    /// <summary>Events without <c>public</c>.</summary>
    public long VisibilityUnknown { get; init; }
}

/// <summary>Service-health view of JSON application logs.</summary>
public sealed class ServiceHealthSection
{
    /// <summary>Format name (<c>jsonl</c>).</summary>
    public required string Format { get; init; }
    /// <summary>True when <c>service</c> was mapped (<c>--field service=…</c>); <c>services</c> is empty otherwise.</summary>
    public bool ServiceMapped { get; init; }
    /// <summary>Every record.</summary>
    public required ServiceHealth Overall { get; init; }
    /// <summary>Per service, records descending, then name bytewise (top N).</summary>
    public required List<ServiceHealth> Services { get; init; }
    /// <summary>True when the service table went past its memory budget.</summary>
    public bool Approximate { get; init; }
    /// <summary>Records whose service the budget refused.</summary>
    public long Other { get; init; }
    /// <summary>Records without a service (when mapped).</summary>
    public long Null { get; init; }
}

/// <summary>Health figures of one service (or of all records).</summary>
public sealed class ServiceHealth
{
    /// <summary>Service name; absent for the overall figures.</summary>
    public string? Service { get; init; }
    /// <summary>Records.</summary>
    public long Records { get; init; }
    /// <summary>Error records: level error/err/fatal/critical/crit/panic/alert/emerg(ency), or status ≥ 500 when mapped.</summary>
    public long Errors { get; init; }
    /// <summary>Errors over records, 6 decimals.</summary>
    public double ErrorRate { get; init; }
    /// <summary>Share of records that are not errors, 6 decimals.</summary>
    public double Availability { get; init; }
    /// <summary>Latency in microseconds; absent when no record had one.</summary>
    public Distribution? LatencyUs { get; init; }
}
