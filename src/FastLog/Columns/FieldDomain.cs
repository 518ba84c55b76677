using FastLog.Diagnostics;

namespace FastLog.Columns;

/// <summary>
/// The values each number field may hold: the ranges the text parsers accept, applied to every
/// source (jsonl, Parquet, custom formats) before a value reaches a column, so an aggregator can
/// index by a value without checking it again. A value outside its field's range makes the record
/// malformed under <see cref="ReasonOf"/>; one of the wrong JSON type stays absent.
/// </summary>
public static class FieldDomain
{
    /// <summary>0001-01-01T00:00:00Z: the first instant a four-digit year can name.</summary>
    public const long MinUnixSeconds = -62_135_596_800;

    /// <summary>9999-12-31T23:59:59Z: the last instant a four-digit year can name.</summary>
    public const long MaxUnixSeconds = 253_402_300_799;

    /// <summary>Lowest status: the HTTP classes are 1xx–5xx (RFC 9110 §15).</summary>
    public const long MinStatus = 100;

    /// <summary>Highest status; the access tables have one counter per code up to it.</summary>
    public const long MaxStatus = 599;

    /// <summary>Largest byte count: 18 digits, what the text parsers read without overflow.</summary>
    public const long MaxCount = 999_999_999_999_999_999;

    /// <summary>Longest duration: 9 integer digits of seconds with 6 decimals, the text parsers' limit, in microseconds.</summary>
    public const long MaxDurationMicros = 999_999_999_999_999;

    /// <summary>True when <paramref name="unixSeconds"/> lies in years 0001–9999 (UTC).</summary>
    public static bool IsTime(long unixSeconds) => (ulong)(unixSeconds - MinUnixSeconds) <= MaxUnixSeconds - MinUnixSeconds;

    /// <summary>True when <paramref name="value"/> is a value of number field <paramref name="field"/>.</summary>
    public static bool Contains(LogField field, long value) => field switch
    {
        LogField.Ts => IsTime(value),
        LogField.Status => value is >= MinStatus and <= MaxStatus,
        // ALB's target status is any three digits, as its parser reads it.
        LogField.TargetStatus => value is >= 0 and <= 999,
        LogField.Bytes or LogField.ReceivedBytes or LogField.PayloadBytes => value is >= 0 and <= MaxCount,
        LogField.Port => value is >= 0 and <= 65535,
        // RFC 5424 §6.2.1: PRI = facility × 8 + severity, facility 0–23, severity 0–7.
        LogField.Severity => value is >= 0 and <= 7,
        LogField.Facility => value is >= 0 and <= 23,
        LogField.Repeat => value >= 1,
        _ => FieldNames.Info(field).Kind switch
        {
            FieldKind.Duration => value is >= 0 and <= MaxDurationMicros,
            FieldKind.Symbol => value >= 0 && value < FieldNames.Info(field).Symbols!.Count,
            _ => value >= 0,
        },
    };

    /// <summary>The malformed reason of a value outside <paramref name="field"/>'s domain.</summary>
    public static MalformedReason ReasonOf(LogField field) => field switch
    {
        LogField.Ts => MalformedReason.BadTime,
        LogField.Status or LogField.TargetStatus => MalformedReason.BadStatus,
        LogField.Bytes or LogField.ReceivedBytes or LogField.PayloadBytes => MalformedReason.BadSize,
        _ => MalformedReason.BadFieldType,
    };
}
