using FastLog.Columns;
using FastLog.Scanning;

namespace FastLog.Formats.Json;

/// <summary>
/// AWS CloudTrail records (docs/formats.md): S3 delivery files
/// <c>{"Records":[ {...}, … ]}</c> (compact or pretty-printed, plain or gzip), reframed to one
/// record per line by <see cref="RecordsReframingStream"/>, or one event per line (CloudWatch
/// Logs, EventBridge and Lake exports).
/// </summary>
public sealed class CloudTrailFormat : ILogFormat
{
    /// <summary>The fields read, by path; <c>eventTime</c> is required.</summary>
    public static IReadOnlyList<JsonFieldSpec> Specs { get; } =
    [
        new("eventTime", LogField.Ts, JsonValueType.Rfc3339),
        new("eventName", LogField.EventName, JsonValueType.Text),
        new("eventSource", LogField.EventSource, JsonValueType.Text),
        new("eventType", LogField.EventType, JsonValueType.Text),
        new("userIdentity.type", LogField.UserType, JsonValueType.Text),
        new("userIdentity.arn", LogField.UserArn, JsonValueType.Text),
        new("userIdentity.userName", LogField.User, JsonValueType.Text),
        // AssumedRole (most real traffic) has no userName: the role it assumed names the user.
        new("userIdentity.sessionContext.sessionIssuer.userName", LogField.User, JsonValueType.Text),
        new("sourceIPAddress", LogField.Ip, JsonValueType.Text),
        new("userAgent", LogField.Agent, JsonValueType.Text),
        new("awsRegion", LogField.Region, JsonValueType.Text),
        new("errorCode", LogField.ErrorCode, JsonValueType.Text),
        new("errorMessage", LogField.ErrorMessage, JsonValueType.Text),
        new("additionalEventData.MFAUsed", LogField.Mfa, JsonValueType.Text),
        new("responseElements.ConsoleLogin", LogField.ConsoleLogin, JsonValueType.Text),
        new("requestParameters.userName", LogField.RequestUserName, JsonValueType.Text),
        new("responseElements.accessKey.userName", LogField.AccessKeyUserName, JsonValueType.Text),
        new("requestParameters.enable", LogField.RequestEnable, JsonValueType.Text),
    ];

    // A record is CloudTrail when it has all three: every event carries them (§5.6).
    private static readonly byte[][] s_keys = JsonLineProbe.Keys("eventTime", "eventName", "eventSource");

    /// <inheritdoc/>
    public LogFormat Id => LogFormat.CloudTrail;

    /// <inheritdoc/>
    public string Name => "cloudtrail";

    /// <inheritdoc/>
    public string Description => "AWS CloudTrail: {\"Records\":[…]} delivery files (plain or .gz) or one event per line";

    /// <inheritdoc/>
    public IReadOnlyList<LogField> Fields { get; } = [.. Specs.Select(s => s.Field).Distinct(), LogField.SessionName];

    /// <inheritdoc/>
    public long Probe(ReadOnlySpan<byte> sample, FormatSettings settings)
    {
        if (!RecordsReframer.LooksLikeRecordsFile(sample)) return JsonLineProbe.Count(sample, s_keys, IsCloudTrail);
        // Reframe the sample and count its whole records; a Records file whose first record is
        // longer than the sample still is one.
        var lines = new byte[sample.Length];
        var reframer = new RecordsReframer();
        var written = reframer.Transform(sample, lines, out _);
        var count = JsonLineProbe.Count(lines.AsSpan(0, written), s_keys, IsCloudTrail);
        var headed = sample.IndexOf("\"Records\""u8) >= 0;
        return Math.Max(count, headed ? 1 : 0);
    }

    private static bool IsCloudTrail(uint mask) => mask == 0b111;

    /// <inheritdoc/>
    public bool ValuesStandVerbatim => false;

    /// <inheritdoc/>
    public IBlockParser CreateParser(ScannerKind scanner, FormatSettings settings) => new JsonRecordParser(Id, Specs, Completer, scanner: scanner);

    /// <summary>Derives user and session name of role sessions from the ARN (<see cref="CloudTrailIdentity"/>).</summary>
    public static Func<LogBatch, IJsonRecordCompleter> Completer { get; } = static batch => new CloudTrailIdentity(batch);

    /// <inheritdoc/>
    public Func<Stream, Stream>? Reframer(ReadOnlySpan<byte> sample)
        => RecordsReframer.LooksLikeRecordsFile(sample) ? static s => new RecordsReframingStream(s) : null;
}
