namespace FastLog.Generation;

/// <summary>What a generation run wrote.</summary>
public sealed class GenerationResult
{
    /// <summary>Lines written (LF count).</summary>
    public required long Lines { get; init; }
    /// <summary>Bytes written.</summary>
    public required long Bytes { get; init; }
    /// <summary>Lines meant to fail the format's grammar, blank lines included.</summary>
    public required long MalformedLines { get; init; }
    /// <summary>Header (directive) lines that are neither records nor malformed (W3C <c>#Fields:</c> blocks).</summary>
    public long HeaderLines { get; init; }
    /// <summary>Lines meant to parse as records: <see cref="Lines"/> − <see cref="MalformedLines"/> − <see cref="HeaderLines"/>.</summary>
    public long Records => Lines - MalformedLines - HeaderLines;
    /// <summary>The UTC offset written in the timestamps, e.g. <c>+0000</c>.</summary>
    public required string TimezoneOffset { get; init; }
    /// <summary>The end of the generated period (Unix seconds).</summary>
    public long EndUnixSeconds { get; init; }
    /// <summary>The scenarios with at least one line in the output, in plan order.</summary>
    public required IReadOnlyList<ScenarioOutcome> Scenarios { get; init; }
}
