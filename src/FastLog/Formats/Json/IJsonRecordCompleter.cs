namespace FastLog.Formats.Json;

/// <summary>
/// A format's step after one of its JSON records parsed: derives fields that no single path
/// holds from the fields read (CloudTrail's user of a role session). One per parser, bound to
/// its batch.
/// </summary>
public interface IJsonRecordCompleter
{
    /// <summary>Completes record <paramref name="slot"/>; its byte fields are ranges of <paramref name="buffer"/>.</summary>
    void Complete(int slot, ReadOnlySpan<byte> buffer);
}
