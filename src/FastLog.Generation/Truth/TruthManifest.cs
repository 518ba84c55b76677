using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace FastLog.Generation.Truth;

/// <summary>
/// <c>--truth</c>: what a generated log contains, so detections can be scored against it
/// (recall: each scenario's source address is flagged; precision: nothing else is).
/// </summary>
public sealed class TruthManifest
{
    /// <summary>The seed the log was generated with.</summary>
    public required ulong Seed { get; init; }
    /// <summary>The format's name: common, combined, nginx, auth, syslog, cloudtrail, github, w3c or alb.</summary>
    public required string Format { get; init; }
    /// <summary>Lines in the log.</summary>
    public required long Lines { get; init; }
    /// <summary>Bytes in the log.</summary>
    public required long Bytes { get; init; }
    /// <summary>Lines meant to parse (all but the malformed ones).</summary>
    public required long Records { get; init; }
    /// <summary>Lines meant to fail the format's grammar (truncated, glued, garbage), blank lines included.</summary>
    public required long MalformedLines { get; init; }
    /// <summary>W3C directive lines (<c>#Fields:</c> and the rest of each header block), else absent.</summary>
    public long? HeaderLines { get; init; }
    /// <summary>UTC offset of the timestamps in the log, e.g. <c>-0700</c>.</summary>
    public required string TimezoneOffset { get; init; }
    /// <summary>The injected scenarios, in plan order (none with <c>--attacks none</c>).</summary>
    public required List<TruthScenario> Scenarios { get; init; }

    /// <summary>The manifest of <paramref name="result"/>, generated as <paramref name="format"/> with <paramref name="seed"/>.</summary>
    public static TruthManifest From(GenerationResult result, string format, ulong seed) => new()
    {
        Seed = seed,
        Format = format,
        Lines = result.Lines,
        Bytes = result.Bytes,
        Records = result.Records,
        MalformedLines = result.MalformedLines,
        HeaderLines = result.HeaderLines > 0 ? result.HeaderLines : null,
        TimezoneOffset = result.TimezoneOffset,
        Scenarios = [.. result.Scenarios.Select(o => new TruthScenario
        {
            Kind = o.Scenario.KindName,
            RuleId = o.Scenario.RuleId,
            SourceIp = o.Scenario.SourceIp,
            User = o.Scenario.User,
            Users = o.Scenario.Users is null ? null : [.. o.Scenario.Users],
            Victims = o.Scenario.Victims is null ? null : [.. o.Scenario.Victims],
            Start = Rfc3339(o.FirstTime),
            End = Rfc3339(o.LastTime),
            Events = o.Events,
        })],
    };

    /// <summary>
    /// Writes the manifest as indented JSON (source-generated, <see cref="TruthJsonContext"/>) and a
    /// final LF. Only JSON's own escapes are applied: the manifest is a data file, not HTML, and
    /// an offset reads <c>+0900</c>, not <c>\u002B0900</c>.
    /// </summary>
    public void WriteJson(Stream output)
    {
        using (var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            JsonSerializer.Serialize(writer, this, TruthJsonContext.Default.TruthManifest);
        output.WriteByte((byte)'\n');
    }

    /// <summary><paramref name="unixSeconds"/> as <c>yyyy-MM-ddTHH:mm:ssZ</c>.</summary>
    public static string Rfc3339(long unixSeconds)
        => DateTimeOffset.FromUnixTimeSeconds(unixSeconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
