namespace FastLog.Query.Literals;

/// <summary>
/// The values of an <c>@FILE</c> list, one per line, as spans of its bytes: surrounding spaces,
/// tabs and CR trimmed, blank lines and lines starting with <c>#</c> skipped.
/// </summary>
public ref struct ValueFileLines(ReadOnlySpan<byte> data)
{
    private ReadOnlySpan<byte> _rest = data;

    /// <summary>The current value.</summary>
    public ReadOnlySpan<byte> Current { get; private set; }

    /// <summary>For <c>foreach</c>.</summary>
    public readonly ValueFileLines GetEnumerator() => this;

    /// <summary>Moves to the next value; false past the last.</summary>
    public bool MoveNext()
    {
        // Invariant: every line before _rest has been returned or skipped; each step consumes one line.
        while (!_rest.IsEmpty)
        {
            var end = _rest.IndexOf((byte)'\n');
            var line = (end < 0 ? _rest : _rest[..end]).Trim(" \t\r"u8);
            _rest = end < 0 ? default : _rest[(end + 1)..];
            if (line.IsEmpty || line[0] == (byte)'#') continue;
            Current = line;
            return true;
        }
        return false;
    }
}
