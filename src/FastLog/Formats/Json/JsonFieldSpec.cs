using FastLog.Columns;

namespace FastLog.Formats.Json;

/// <summary>One field a JSON format reads: the dotted path of its value, the field it fills and how.</summary>
/// <param name="Path">Dotted path from the record's top-level object (<c>userIdentity.arn</c>); segments are property names.</param>
/// <param name="Field">The field it fills.</param>
/// <param name="Type">How the value is read.</param>
public readonly record struct JsonFieldSpec(string Path, LogField Field, JsonValueType Type)
{
    /// <summary>
    /// The specs of <paramref name="specs"/> a run with <paramref name="settings"/>' projection
    /// must read: those of the fields it reads, the timestamp, and every spec whose value can fail
    /// a record (numbers, durations, instants and symbols are checked against their field's
    /// domain). A text or raw-length value never fails a record, so an unread one is dropped: its
    /// value is then skipped (still checked as JSON) instead of walked, and the lines called
    /// malformed stay the same.
    /// </summary>
    public static IReadOnlyList<JsonFieldSpec> Projected(IReadOnlyList<JsonFieldSpec> specs, FormatSettings settings)
    {
        if (settings.Projection is null) return specs;
        var kept = new List<JsonFieldSpec>(specs.Count);
        foreach (var spec in specs)
        {
            if (spec.Field == LogField.Ts || settings.Reads(spec.Field) || spec.Type is not (JsonValueType.Text or JsonValueType.RawLength))
                kept.Add(spec);
        }
        return kept;
    }
}
