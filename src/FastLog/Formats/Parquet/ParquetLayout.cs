using FastLog.Columns;
using Parquet.Schema;

namespace FastLog.Formats.Parquet;

/// <summary>
/// How FastLog fields become Parquet columns, shared by the writer (<c>convert</c>,
/// <c>filter --output parquet</c>) and the <c>parquet</c> input format.
/// </summary>
/// <remarks>
/// <para>Column types (every column nullable, named as the field):</para>
/// <list type="bullet">
/// <item>text and address fields, and symbols (<c>event</c>, <c>invalid_user</c>, <c>public</c>, by name): UTF-8 string;</item>
/// <item><c>status</c>: int32; other integers: int64;</item>
/// <item><c>ts</c>: TIMESTAMP(MICROS, isAdjustedToUTC=true) — whole seconds, or the fraction the source wrote down to microseconds, which is what Spark and pandas expect;</item>
/// <item>durations (<c>request_time</c>, <c>latency</c>, the ALB times): int64 <b>microseconds</b>, stated in the file metadata
///   (<see cref="DurationUnitKey"/>) and in each such column's metadata (<see cref="UnitKey"/>);</item>
/// <item><see cref="FormatColumn"/>: the format each record was parsed from, so a file of mixed inputs reads back with the right report sections.</item>
/// </list>
/// <para>File metadata: <see cref="VersionKey"/> (the fastlog version) and <see cref="FormatKey"/> (the formats in the file, comma-separated, first seen first).</para>
/// </remarks>
public static class ParquetLayout
{
    /// <summary>File metadata key of the writing fastlog's version.</summary>
    public const string VersionKey = "fastlog.version";

    /// <summary>File metadata key of the formats of the records (comma-separated names).</summary>
    public const string FormatKey = "fastlog.format";

    /// <summary>File metadata key of the unit of every duration column.</summary>
    public const string DurationUnitKey = "fastlog.duration_unit";

    /// <summary>Column metadata key of a duration column's unit.</summary>
    public const string UnitKey = "unit";

    /// <summary>The unit of duration columns.</summary>
    public const string Microseconds = "microseconds";

    /// <summary>The column holding each record's format name.</summary>
    public const string FormatColumn = "log_format";

    /// <summary>
    /// 131,072 rows a row group: at ~250 bytes of text a record a group's columns take ~100 MB
    /// while being filled, the bound of the writer's memory; large enough for efficient scans.
    /// </summary>
    public const int RowGroupRows = 128 * 1024;

    /// <summary>True when <paramref name="field"/> can be a column (every field but the computed hour).</summary>
    public static bool IsStored(LogField field) => FieldNames.Info(field).Kind != FieldKind.Hour;

    /// <summary>The stored field named <paramref name="name"/> (ident included, hour not), or null.</summary>
    public static LogField? FieldOf(string name)
    {
        foreach (var info in FieldNames.All)
            if (info.Name == name && IsStored(info.Field)) return info.Field;
        return null;
    }

    /// <summary>The Parquet column of <paramref name="field"/>.</summary>
    public static DataField Column(LogField field)
    {
        var info = FieldNames.Info(field);
        return info.Kind switch
        {
            FieldKind.Time => new DateTimeDataField(info.Name, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: true),
            FieldKind.Integer when field == LogField.Status => new DataField<int?>(info.Name),
            FieldKind.Integer or FieldKind.Duration => new DataField<long?>(info.Name),
            _ => new DataField<string>(info.Name, nullable: true),
        };
    }

    private static readonly (LogFormat Id, string Name)[] s_formatNames =
    [
        (LogFormat.Common, "common"), (LogFormat.Combined, "combined"), (LogFormat.Nginx, "nginx"),
        (LogFormat.W3c, "w3c"), (LogFormat.Alb, "alb"), (LogFormat.Custom, "custom"),
        (LogFormat.Syslog, "syslog"), (LogFormat.Auth, "auth"), (LogFormat.CloudTrail, "cloudtrail"),
        (LogFormat.Github, "github"), (LogFormat.Jsonl, "jsonl"), (LogFormat.Parquet, "parquet"),
    ];

    /// <summary>
    /// The <c>--format</c> name of <paramref name="format"/> as stored in <see cref="FormatColumn"/>
    /// (a fixed table rather than <see cref="Formats.FormatRegistry"/>, so a file names formats
    /// this build may not read, and reads back the same).
    /// </summary>
    public static string FormatName(LogFormat format)
    {
        foreach (var (id, name) in s_formatNames)
            if (id == format) return name;
        return "unknown";
    }

    /// <summary>The format named <paramref name="name"/>, or <see cref="LogFormat.Unknown"/>.</summary>
    public static LogFormat ParseFormat(ReadOnlySpan<char> name)
    {
        foreach (var (id, known) in s_formatNames)
            if (name.SequenceEqual(known)) return id;
        return LogFormat.Unknown;
    }

    /// <summary>The format column.</summary>
    public static DataField FormatField() => new DataField<string>(FormatColumn, nullable: true);
}
