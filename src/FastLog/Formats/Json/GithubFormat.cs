using FastLog.Columns;
using FastLog.Scanning;

namespace FastLog.Formats.Json;

/// <summary>
/// GitHub Archive events (docs/formats.md): one Events API object per line, as the
/// hourly <c>YYYY-MM-DD-H.json.gz</c> files serve them (gzip is undone by the input layer).
/// </summary>
public sealed class GithubFormat : ILogFormat
{
    /// <summary>The fields read, by path; <c>created_at</c> is required.</summary>
    public static IReadOnlyList<JsonFieldSpec> Specs { get; } =
    [
        new("created_at", LogField.Ts, JsonValueType.Rfc3339),
        new("type", LogField.Type, JsonValueType.Text),
        new("actor.login", LogField.Actor, JsonValueType.Text),
        new("repo.name", LogField.Repo, JsonValueType.Text),
        new("public", LogField.Public, JsonValueType.Symbol),
        new("payload", LogField.PayloadBytes, JsonValueType.RawLength),
    ];

    private static readonly byte[][] s_keys = JsonLineProbe.Keys("type", "actor", "repo", "created_at");

    /// <inheritdoc/>
    public LogFormat Id => LogFormat.Github;

    /// <inheritdoc/>
    public string Name => "github";

    /// <inheritdoc/>
    public string Description => "GitHub Archive (gharchive.org) events, one JSON object per line (plain or .gz)";

    /// <inheritdoc/>
    public IReadOnlyList<LogField> Fields { get; } = [.. Specs.Select(s => s.Field)];

    /// <inheritdoc/>
    public long Probe(ReadOnlySpan<byte> sample, FormatSettings settings)
        => JsonLineProbe.Count(sample, s_keys, static mask => mask == 0b1111, static mask => (mask & 0b111) == 0b111);

    /// <inheritdoc/>
    public bool ValuesStandVerbatim => false;

    /// <inheritdoc/>
    public IBlockParser CreateParser(ScannerKind scanner, FormatSettings settings) => new JsonRecordParser(Id, JsonFieldSpec.Projected(Specs, settings), scanner: scanner);
}
