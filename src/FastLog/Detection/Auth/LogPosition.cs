namespace FastLog.Detection.Auth;

/// <summary>
/// Where a record sits in the run's order: its second, then its input, then its byte offset.
/// Every worker computes the same position for a line, whatever chunk holds it, so "before" and
/// "after" do not depend on how the input was split; lines of one second keep their file order.
/// </summary>
/// <param name="UnixSeconds">Time of the record.</param>
/// <param name="InputIndex">Its input.</param>
/// <param name="FileOffset">Byte offset of its line in the input.</param>
internal readonly record struct LogPosition(long UnixSeconds, int InputIndex, long FileOffset) : IComparable<LogPosition>
{
    /// <summary>Before every real position.</summary>
    public static readonly LogPosition None = new(long.MinValue, int.MinValue, long.MinValue);

    /// <inheritdoc/>
    public int CompareTo(LogPosition other)
    {
        var c = UnixSeconds.CompareTo(other.UnixSeconds);
        if (c == 0) c = InputIndex.CompareTo(other.InputIndex);
        return c != 0 ? c : FileOffset.CompareTo(other.FileOffset);
    }
}
