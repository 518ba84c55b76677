using System.Buffers.Text;

namespace FastLog.Columns;

/// <summary>
/// Writes a field of one record as the text <c>top</c> and <c>count</c> print: byte fields as
/// they stand in the log, an absent value as <c>-</c> (the log's own marker), status as three
/// digits, timestamps as RFC 3339 UTC (<c>2015-05-17T10:05:03Z</c>), hours as
/// <c>2015-05-17T10</c>, request time in seconds without trailing zeros.
/// </summary>
public static class FieldRenderer
{
    /// <summary>Longest text of a non-byte field (an RFC 3339 timestamp of a far year is under 32).</summary>
    public const int MaxFixedLength = 32;

    /// <summary>Upper bound of the rendered length of <paramref name="field"/> of record <paramref name="r"/>.</summary>
    public static int MaxLength(LogField field, LogBatch batch, int r) => field switch
    {
        LogField.Ip => Math.Max(1, batch.Ip[r].Length),
        LogField.User => Math.Max(1, batch.User[r].Length),
        LogField.Method => Math.Max(1, batch.Method[r].Length),
        LogField.Path => Math.Max(1, batch.Path[r].Length),
        LogField.Query => Math.Max(1, batch.Query[r].Length),
        LogField.Protocol => Math.Max(1, batch.Protocol[r].Length),
        LogField.Referer => Math.Max(1, batch.Referer[r].Length),
        LogField.Agent => Math.Max(1, batch.Agent[r].Length),
        _ => batch.TextColumn(field) is { } column ? Math.Max(1, column[r].Length)
            : FieldNames.Info(field).Symbols is { } symbols ? Math.Max(MaxFixedLength, symbols.Max(n => n.Length))
            : MaxFixedLength,
    };

    /// <summary>Writes the field into <paramref name="destination"/> (at least <see cref="MaxLength"/> bytes); returns the length.</summary>
    public static int Write(LogField field, LogBatch batch, int r, ReadOnlySpan<byte> block, Span<byte> destination)
    {
        switch (field)
        {
            case LogField.Ip: return Range(batch.Ip[r], block, destination);
            case LogField.User: return Range(batch.User[r], block, destination);
            case LogField.Method: return Range(batch.Method[r], block, destination);
            case LogField.Path: return Range(batch.Path[r], block, destination);
            case LogField.Query: return Range(batch.Query[r], block, destination);
            case LogField.Protocol: return Range(batch.Protocol[r], block, destination);
            case LogField.Referer: return Range(batch.Referer[r], block, destination);
            case LogField.Agent: return Range(batch.Agent[r], block, destination);
            case LogField.Status:
                return Number(batch.NumberOrNull(LogField.Status, r), destination);
            case LogField.Bytes: return Number(batch.Bytes[r], destination);
            case LogField.RequestTime: return Seconds(batch.RequestTimeMicros[r], destination);
            case LogField.Ts: return Timestamp(batch.UnixSeconds[r], destination, withTime: true);
            case LogField.Hour: return Timestamp(batch.UnixSeconds[r], destination, withTime: false);
            default: return Generic(field, batch, r, block, destination);
        }
    }

    /// <summary>
    /// <see cref="Write"/> for a record's own value (filter and convert outputs, evidence): ts keeps
    /// the fraction of a second its source wrote (<see cref="Instant"/>). Groups and buckets use
    /// <see cref="Write"/>, on whole seconds.
    /// </summary>
    public static int WriteExact(LogField field, LogBatch batch, int r, ReadOnlySpan<byte> block, Span<byte> destination)
        => field == LogField.Ts && batch.Nanoseconds is { } nanos
            ? Instant(batch.UnixSeconds[r], nanos[r], destination)
            : Write(field, batch, r, block, destination);

    /// <summary>
    /// RFC 3339 UTC with the fraction of a second, down to microseconds (further digits dropped),
    /// trailing zeros trimmed: <c>2020-03-13T20:45:38.119Z</c>; a whole second is written as
    /// <see cref="Timestamp(long, Span{byte}, bool)"/> writes it.
    /// </summary>
    public static int Instant(long unixSeconds, int nanoseconds, Span<byte> destination)
    {
        var n = Timestamp(unixSeconds, destination, withTime: true);
        var micros = nanoseconds / 1000;
        if (micros <= 0) return n;
        // The fraction goes where the 'Z' was, and the 'Z' after it.
        n = MicrosFraction(micros, destination, n - 1);
        destination[n++] = (byte)'Z';
        return n;
    }

    /// <summary>The fields outside the access-log schema, by their kind.</summary>
    private static int Generic(LogField field, LogBatch batch, int r, ReadOnlySpan<byte> block, Span<byte> destination)
    {
        var info = FieldNames.Info(field);
        if (batch.TextColumn(field) is { } text) return Range(text[r], block, destination);
        if (batch.NumberColumn(field) is not { } numbers || numbers[r] == LogBatch.NullNumber) return Dash(destination);
        var value = numbers[r];
        switch (info.Kind)
        {
            case FieldKind.Duration:
                return Seconds(value, destination);
            case FieldKind.Symbol when info.Symbols is { } symbols && (ulong)value < (ulong)symbols.Count:
                var name = symbols[(int)value];
                for (var i = 0; i < name.Length; i++) destination[i] = (byte)name[i];
                return name.Length;
            default:
                Utf8Formatter.TryFormat(value, destination, out var n);
                return n;
        }
    }

    private static int Range(ByteRange range, ReadOnlySpan<byte> block, Span<byte> destination)
    {
        if (range.IsNull) return Dash(destination);
        range.Slice(block).CopyTo(destination);
        return range.Length;
    }

    private static int Dash(Span<byte> destination)
    {
        destination[0] = (byte)'-';
        return 1;
    }

    private static int Number(long value, Span<byte> destination)
    {
        if (value < 0) return Dash(destination);
        Utf8Formatter.TryFormat(value, destination, out var n);
        return n;
    }

    /// <summary>Microseconds as seconds: <c>23000</c> → <c>0.023</c>, <c>2000000</c> → <c>2</c>.</summary>
    public static int Seconds(long micros, Span<byte> destination)
    {
        if (micros < 0) return Dash(destination);
        Utf8Formatter.TryFormat(micros / 1_000_000, destination, out var n);
        var fraction = micros % 1_000_000;
        return fraction == 0 ? n : MicrosFraction(fraction, destination, n);
    }

    /// <summary><c>.</c> and 1–6 digits of <paramref name="micros"/> (1–999,999) without trailing zeros, at <paramref name="at"/>; returns the end.</summary>
    private static int MicrosFraction(long micros, Span<byte> destination, int at)
    {
        destination[at++] = (byte)'.';
        var digits = 6;
        while (micros % 10 == 0)
        {
            micros /= 10;
            digits--;
        }
        for (var i = digits - 1; i >= 0; i--)
        {
            destination[at + i] = (byte)('0' + micros % 10);
            micros /= 10;
        }
        return at + digits;
    }

    /// <summary><see cref="Timestamp(long, Span{byte}, bool)"/> as a string (reports; never per record).</summary>
    public static string TimestampText(long unixSeconds, bool withTime)
    {
        Span<byte> buffer = stackalloc byte[MaxFixedLength];
        return System.Text.Encoding.ASCII.GetString(buffer[..Timestamp(unixSeconds, buffer, withTime)]);
    }

    /// <summary><c>YYYY-MM-DDTHH:MM:SSZ</c>, or <c>YYYY-MM-DDTHH</c> without <paramref name="withTime"/>.</summary>
    public static int Timestamp(long unixSeconds, Span<byte> destination, bool withTime)
    {
        var days = Math.DivRem(unixSeconds, 86400, out var secondOfDay);
        if (secondOfDay < 0)
        {
            secondOfDay += 86400;
            days--;
        }
        var (year, month, day) = CivilFromDays(days);
        var n = 0;
        Utf8Formatter.TryFormat(year, destination, out var yearLength, new System.Buffers.StandardFormat('D', 4));
        n += yearLength;
        destination[n++] = (byte)'-';
        n = TwoDigits(month, destination, n);
        destination[n++] = (byte)'-';
        n = TwoDigits(day, destination, n);
        destination[n++] = (byte)'T';
        n = TwoDigits((int)(secondOfDay / 3600), destination, n);
        if (!withTime) return n;
        destination[n++] = (byte)':';
        n = TwoDigits((int)(secondOfDay / 60 % 60), destination, n);
        destination[n++] = (byte)':';
        n = TwoDigits((int)(secondOfDay % 60), destination, n);
        destination[n++] = (byte)'Z';
        return n;
    }

    private static int TwoDigits(int value, Span<byte> destination, int at)
    {
        destination[at] = (byte)('0' + value / 10);
        destination[at + 1] = (byte)('0' + value % 10);
        return at + 2;
    }

    /// <summary>Inverse of <c>ClfTimestampField.DaysFromCivil</c> (H. Hinnant's civil_from_days).</summary>
    public static (int Year, int Month, int Day) CivilFromDays(long days)
    {
        days += 719468;
        var era = (days >= 0 ? days : days - 146096) / 146097;
        var dayOfEra = days - era * 146097;
        var yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
        var dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        var mp = (5 * dayOfYear + 2) / 153;
        var day = (int)(dayOfYear - (153 * mp + 2) / 5 + 1);
        var month = (int)(mp < 10 ? mp + 3 : mp - 9);
        var year = (int)(yearOfEra + era * 400 + (month <= 2 ? 1 : 0));
        return (year, month, day);
    }
}
