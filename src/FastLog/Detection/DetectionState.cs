using FastLog.Partials;

namespace FastLog.Detection;

/// <summary>
/// The rule state of a <see cref="DetectionAggregator"/> as a stream, for a long-running reader
/// (<c>detect --follow --state</c>) that must keep a brute force spanning a restart: the same
/// serialisation as a partial's detection state (docs/partials.md, "Detection state").
/// </summary>
/// <remarks>
/// Layout: magic <c>FLRULES\n</c>, u16 LE <see cref="Partial.FormatVersion"/>, u64 LE body length,
/// the body (<see cref="DetectionAggregator.WriteState"/>), XxHash128 of everything before it.
/// Evidence lines and login positions keep the input indices of the saving run; the loading run
/// maps them with <c>inputMap</c> (saved index → its own; null: unchanged). Evidence line numbers
/// are saved as they are (a follow run's chunk 0 holds every line).
/// </remarks>
public static class DetectionState
{
    private static ReadOnlySpan<byte> Magic => "FLRULES\n"u8;

    /// <summary>Writes <paramref name="state"/>'s rule state to <paramref name="stream"/>; the state goes on counting.</summary>
    public static void Save(DetectionAggregator state, Stream stream)
    {
        var body = new PartialWriter();
        state.WriteState(body);
        stream.Write(Envelope.Wrap(Magic, Partial.FormatVersion, body.Written));
    }

    /// <summary>
    /// Reads a state written by <see cref="Save"/> into <paramref name="empty"/>, a fresh aggregator
    /// built with the same options (thresholds, windows, rules) as the saved one.
    /// </summary>
    /// <exception cref="InvalidDataException">Not a saved rule state, another version, truncated or corrupt.</exception>
    public static void Load(DetectionAggregator empty, Stream stream, int[]? inputMap = null)
    {
        var memory = new MemoryStream();
        stream.CopyTo(memory);
        var file = memory.GetBuffer().AsSpan(0, (int)memory.Length);
        var reader = new PartialReader(Envelope.Open(file, Magic, Partial.FormatVersion, "rule state").ToArray()) { InputMap = inputMap };
        empty.ReadState(reader);
        reader.ExpectEnd();
    }
}
