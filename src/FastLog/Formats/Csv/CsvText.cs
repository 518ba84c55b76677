namespace FastLog.Formats.Csv;

/// <summary>
/// CSV cells per RFC 4180 (quoted when they hold a comma, quote, CR or LF; quotes doubled),
/// with spreadsheet formulas neutralised: a cell starting with <c>=</c>, <c>+</c>, <c>@</c>,
/// tab or CR, or with <c>-</c> followed by anything but a number, gets a leading <c>'</c>
/// (OWASP CSV injection). A lone <c>-</c> (the log's absent value) and negative numbers are kept.
/// </summary>
public static class CsvText
{
    /// <summary>Writes one cell of raw bytes to <paramref name="output"/>.</summary>
    public static void WriteCell(Stream output, ReadOnlySpan<byte> value)
    {
        var neutralise = NeedsNeutralising(value);
        var quote = neutralise || value.IndexOfAny("\",\r\n"u8) >= 0;
        if (!quote)
        {
            output.Write(value);
            return;
        }
        output.WriteByte((byte)'"');
        if (neutralise) output.WriteByte((byte)'\'');
        var rest = value;
        // Invariant: everything before `rest` is written with its quotes doubled.
        while (true)
        {
            var q = rest.IndexOf((byte)'"');
            if (q < 0)
            {
                output.Write(rest);
                break;
            }
            output.Write(rest[..(q + 1)]);
            output.WriteByte((byte)'"');
            rest = rest[(q + 1)..];
        }
        output.WriteByte((byte)'"');
    }

    /// <summary>True when <see cref="WriteCell"/> writes <paramref name="value"/> behind a <c>'</c> (a reader strips it from a quoted cell again).</summary>
    public static bool NeedsNeutralising(ReadOnlySpan<byte> value)
        => value.Length > 0 && (value[0] is (byte)'=' or (byte)'+' or (byte)'@' or (byte)'\t' or (byte)'\r'
            || (value[0] == (byte)'-' && value.Length > 1 && !IsNumber(value[1..])));

    private static bool IsNumber(ReadOnlySpan<byte> s)
    {
        foreach (var b in s)
            if (!((uint)(b - '0') <= 9 || b == (byte)'.')) return false;
        return true;
    }
}
