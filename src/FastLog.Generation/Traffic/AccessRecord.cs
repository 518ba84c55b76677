namespace FastLog.Generation.Traffic;

/// <summary>
/// One HTTP request as an access log records it, as UTF-8 pieces borrowed from the vocabularies:
/// what the background model and the attack renderer produce and a line formatter writes.
/// An empty <see cref="User"/>, <see cref="Referer"/> or <see cref="Agent"/> is logged as <c>-</c>.
/// </summary>
internal ref struct AccessRecord
{
    public ReadOnlySpan<byte> Ip;
    public ReadOnlySpan<byte> User;
    public ReadOnlySpan<byte> Method;
    public ReadOnlySpan<byte> Target;
    public ReadOnlySpan<byte> Protocol;
    public ReadOnlySpan<byte> Referer;
    public ReadOnlySpan<byte> Agent;
    /// <summary>Unix seconds, UTC.</summary>
    public long Time;
    /// <summary>Response body bytes; -1 is logged as <c>-</c>.</summary>
    public long Bytes;
    /// <summary>Request time in milliseconds (nginx only).</summary>
    public uint Millis;
    public short Status;
}
