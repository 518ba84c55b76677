using FastLog.Columns;

namespace FastLog.Formats;

/// <summary>A JSON path mapped to a field by <c>--field name=dotted.path[:type]</c> (format <c>jsonl</c>).</summary>
/// <param name="Field">The field it fills.</param>
/// <param name="Path">Dotted JSON path (<c>http.status</c>).</param>
/// <param name="Type">The declared type (<c>int</c>, <c>duration</c>, <c>time</c>, <c>text</c>), or null to infer it from the field.</param>
public sealed record JsonFieldMapping(Columns.LogField Field, string Path, string? Type);

/// <summary>Options that shape parsing, the same for every worker of a run.</summary>
/// <remarks>A record, so that a changed copy (<c>with</c>) keeps every other option, including one added later.</remarks>
public sealed record FormatSettings
{
    /// <summary>Defaults: year from each input's modification time, repeats expanded, no mappings.</summary>
    public static FormatSettings Default { get; } = new();

    /// <summary>Year of syslog timestamps that carry none (<c>--year</c>); null infers it per input.</summary>
    public int? Year { get; init; }

    /// <summary>
    /// Per input index, the instant year inference reckons back from (Unix seconds): a file's
    /// modification time, or the run's start for stdin. A line dated in a month after this
    /// instant's month belongs to the previous year (December lines read in January).
    /// </summary>
    public IReadOnlyList<long> ReferenceTimes { get; init; } = [];

    /// <summary>True (default): a syslog <c>message repeated N times: [ … ]</c> line stands for N records of its message; false counts it once.</summary>
    public bool ExpandRepeats { get; init; } = true;

    /// <summary><c>--field</c> mappings for <c>jsonl</c>.</summary>
    public IReadOnlyList<JsonFieldMapping> JsonFields { get; init; } = [];

    /// <summary>The layout given with <c>--log-format</c> (Apache LogFormat directives) for <c>custom</c>, or null.</summary>
    public string? CustomLayout { get; init; }

    /// <summary>
    /// The fields the run reads (its projection), or null for every field. A parser may leave the
    /// other columns null, but checks every line's whole grammar all the same, so the lines it
    /// calls malformed do not depend on the projection.
    /// </summary>
    public IReadOnlySet<Columns.LogField>? Projection { get; init; }

    /// <summary>True when the run reads <paramref name="field"/> (always without a projection).</summary>
    public bool Reads(Columns.LogField field) => Projection is null || Projection.Contains(field);

    /// <summary>The reference time of input <paramref name="inputIndex"/> (now when unknown).</summary>
    public long ReferenceTime(int inputIndex)
        => (uint)inputIndex < (uint)ReferenceTimes.Count ? ReferenceTimes[inputIndex] : DateTimeOffset.UtcNow.ToUnixTimeSeconds();
}
