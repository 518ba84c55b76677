using FastLog.Columns;
using FastLog.Scanning;

namespace FastLog.Formats.Json;

/// <summary>
/// Any newline-delimited JSON log, its fields mapped by <c>--field name=dotted.path[:type]</c>
/// (<see cref="FormatSettings.JsonFields"/>), or by <see cref="DefaultSpecs"/> without one.
/// </summary>
/// <remarks>
/// <para>
/// Every record needs a timestamp, since reports bucket records by hour: a line whose <c>ts</c>
/// is absent is <c>missing_fields</c>, one whose <c>ts</c> does not parse <c>bad_time</c>.
/// Mappings add to the default mapping or override it field by field: a field the mappings do
/// not name (<c>ts</c> from <c>ts</c>, <c>timestamp</c>, <c>time</c>, <c>@timestamp</c>; level,
/// service, …) keeps its default keys.
/// </para>
/// <para>
/// Types (<c>:type</c>), by the target field's kind: text and address fields take
/// <c>text</c> (strings unescaped; numbers and booleans as written; objects and arrays as raw
/// JSON); integer fields <c>int</c> (a number, or a string of digits); duration fields
/// <c>s</c> (the default; also <c>seconds</c>, <c>duration</c>), <c>ms</c> or <c>us</c>; ts takes
/// <c>time</c> (the default: an RFC 3339 string, or a number of Unix seconds), <c>rfc3339</c>,
/// <c>epoch</c>, <c>epoch_ms</c>, <c>epoch_us</c> or <c>epoch_ns</c>; symbol fields take their
/// symbol names. A value of another type leaves its field null; a number outside the field's
/// domain (an instant outside years 0001–9999, a negative duration) makes the record malformed.
/// </para>
/// </remarks>
public sealed class JsonlFormat : ILogFormat
{
    /// <summary>Longest path, in segments: bounds the parser's recursion over the path tree.</summary>
    public const int MaxPathSegments = 16;

    private static readonly string[] s_tsKeys = ["ts", "timestamp", "time", "@timestamp"];

    /// <summary>The mapping without <c>--field</c>: the first key present of each list wins.</summary>
    public static IReadOnlyList<JsonFieldSpec> DefaultSpecs { get; } =
    [
        .. s_tsKeys.Select(k => new JsonFieldSpec(k, LogField.Ts, JsonValueType.Time)),
        new("level", LogField.Level, JsonValueType.Text),
        new("msg", LogField.Message, JsonValueType.Text),
        new("message", LogField.Message, JsonValueType.Text),
        new("service", LogField.Service, JsonValueType.Text),
        new("host", LogField.Host, JsonValueType.Text),
        new("hostname", LogField.Host, JsonValueType.Text),
        new("ip", LogField.Ip, JsonValueType.Text),
        new("client_ip", LogField.Ip, JsonValueType.Text),
        new("remote_addr", LogField.Ip, JsonValueType.Text),
        new("user", LogField.User, JsonValueType.Text),
        new("method", LogField.Method, JsonValueType.Text),
        new("path", LogField.Path, JsonValueType.Text),
        new("user_agent", LogField.Agent, JsonValueType.Text),
    ];

    /// <inheritdoc/>
    public LogFormat Id => LogFormat.Jsonl;

    /// <inheritdoc/>
    public string Name => "jsonl";

    /// <inheritdoc/>
    public string Description => "any JSON object per line; --field name=json.path[:type] maps fields (default: ts|timestamp|time|@timestamp, level, msg|message, service, host, ip, user, method, path, user_agent)";

    /// <inheritdoc/>
    public IReadOnlyList<LogField> Fields { get; } = [.. DefaultSpecs.Select(s => s.Field).Distinct()];

    /// <inheritdoc/>
    public IReadOnlyList<LogField> FieldsWith(FormatSettings settings) => [.. Specs(settings.JsonFields).Select(s => s.Field).Distinct()];

    /// <summary>
    /// The specs of <paramref name="mappings"/> over <see cref="DefaultSpecs"/>: a mapping adds its
    /// field, or replaces every default spec of that field (<c>--field ip=client.addr</c> drops
    /// <c>ip|client_ip|remote_addr</c>); the defaults of fields it does not name stay. Throws
    /// <see cref="ArgumentException"/> with a message for the user when a mapping names a field
    /// jsonl cannot fill, a type that does not fit the field, or a malformed path.
    /// </summary>
    public static IReadOnlyList<JsonFieldSpec> Specs(IReadOnlyList<JsonFieldMapping> mappings)
    {
        if (mappings.Count == 0) return DefaultSpecs;
        var mapped = new List<JsonFieldSpec>();
        foreach (var m in mappings)
        {
            var name = FieldNames.Name(m.Field);
            if (m.Field is LogField.Status or LogField.Repeat or LogField.Hour or LogField.Ident)
                throw new ArgumentException($"{name} cannot be mapped from JSON");
            var segments = m.Path.Split('.');
            if (segments.Length > MaxPathSegments || segments.Any(s => s.Length == 0))
                throw new ArgumentException($"{name}={m.Path}: a path is 1 to {MaxPathSegments} non-empty property names separated by '.'");
            mapped.Add(new JsonFieldSpec(m.Path, m.Field, ValueType(m.Field, m.Type)));
        }
        var specs = new List<JsonFieldSpec>(mapped);
        foreach (var spec in DefaultSpecs)
            if (!mapped.Exists(m => m.Field == spec.Field)) specs.Add(spec);
        if (specs.Count > JsonRecordParser.MaxSpecs)
            throw new ArgumentException($"at most {JsonRecordParser.MaxSpecs} mappings, defaults included");
        return specs;
    }

    /// <summary>The value type of a mapping to <paramref name="field"/> declared as <paramref name="type"/> (null: inferred from the field).</summary>
    private static JsonValueType ValueType(LogField field, string? type)
    {
        var info = FieldNames.Info(field);
        JsonValueType? result = info.Kind switch
        {
            FieldKind.Text or FieldKind.Address => type is null or "text" ? JsonValueType.Text : null,
            FieldKind.Integer => type is null or "int" ? JsonValueType.Integer : null,
            FieldKind.Duration => type switch
            {
                null or "s" or "seconds" or "duration" => JsonValueType.Seconds,
                "ms" => JsonValueType.Milliseconds,
                "us" => JsonValueType.Microseconds,
                _ => null,
            },
            FieldKind.Time => type switch
            {
                null or "time" => JsonValueType.Time,
                "rfc3339" => JsonValueType.Rfc3339,
                "epoch" => JsonValueType.EpochSeconds,
                "epoch_ms" => JsonValueType.EpochMilliseconds,
                "epoch_us" => JsonValueType.EpochMicroseconds,
                "epoch_ns" => JsonValueType.EpochNanoseconds,
                _ => null,
            },
            FieldKind.Symbol => type is null ? JsonValueType.Symbol : null,
            _ => null,
        };
        return result ?? throw new ArgumentException($"{info.Name}: unknown type '{type}' (expected {ExpectedTypes(info.Kind)})");
    }

    private static string ExpectedTypes(FieldKind kind) => kind switch
    {
        FieldKind.Text or FieldKind.Address => "text",
        FieldKind.Integer => "int",
        FieldKind.Duration => "s, ms or us",
        FieldKind.Time => "time, rfc3339, epoch, epoch_ms, epoch_us or epoch_ns",
        _ => "no type",
    };

    /// <inheritdoc/>
    public long Probe(ReadOnlySpan<byte> sample, FormatSettings settings)
    {
        // Records this format reads: objects with a top-level key where ts can come from.
        var tsKeys = Specs(settings.JsonFields).Where(s => s.Field == LogField.Ts).Select(s => s.Path.Split('.')[0]).Distinct().ToArray();
        var keys = JsonLineProbe.Keys(tsKeys);
        return JsonLineProbe.Count(sample, keys, static mask => mask != 0);
    }

    /// <inheritdoc/>
    public bool ValuesStandVerbatim => false;

    /// <inheritdoc/>
    /// <remarks>Lines that <c>convert --to jsonl</c> wrote (led by <c>log_format</c>) read back as their own format, whatever the mapping.</remarks>
    public IBlockParser CreateParser(ScannerKind scanner, FormatSettings settings) => new JsonlBlockParser(new JsonRecordParser(Id, JsonFieldSpec.Projected(Specs(settings.JsonFields), settings), scanner: scanner));
}
