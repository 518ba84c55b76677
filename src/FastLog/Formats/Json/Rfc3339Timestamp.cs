using System.Runtime.CompilerServices;
using FastLog.Columns;
using FastLog.Formats.Fields;

namespace FastLog.Formats.Json;

/// <summary>
/// RFC 3339 §5.6 <c>date-time</c> to Unix seconds: <c>YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)</c>.
/// </summary>
/// <remarks>
/// Accepts <c>t</c> or a space for <c>T</c> (§5.6 NOTE) and <c>z</c> for <c>Z</c>; the fraction
/// (any number of digits) is kept to the nanosecond, apart from the seconds. A leap second
/// (<c>:60</c>) counts as <c>:59</c>. Nothing may follow the offset. Fixed positions are checked
/// digit by digit, so no loop depends on the input except the fraction's, which is bounded by the
/// value's length.
/// </remarks>
public static class Rfc3339Timestamp
{
    /// <summary>Parses <paramref name="text"/> (the whole value) into UTC Unix seconds, dropping any fraction; false for an instant outside years 0001–9999.</summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out long unixSeconds) => TryParse(text, out unixSeconds, out _);

    /// <summary>
    /// Parses <paramref name="text"/> (the whole value) into UTC Unix seconds and the nanoseconds
    /// past them (digits past the ninth dropped); false for an instant outside years 0001–9999.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out long unixSeconds, out int nanoseconds)
    {
        unixSeconds = 0;
        nanoseconds = 0;
        // Shortest form: 2023-07-10T11:42:36Z (20 bytes).
        if (text.Length < 20) return false;
        if (!Digits4(text, 0, out var year) || text[4] != '-' || !Digits2(text, 5, out var month) || text[7] != '-'
            || !Digits2(text, 8, out var day) || text[10] is not ((byte)'T' or (byte)'t' or (byte)' ')
            || !Digits2(text, 11, out var hour) || text[13] != ':' || !Digits2(text, 14, out var minute) || text[16] != ':'
            || !Digits2(text, 17, out var second))
            return false;
        if (month is < 1 or > 12 || day < 1 || day > DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 60) return false;
        if (second == 60) second = 59;
        var i = 19;
        if (text[i] == '.')
        {
            var fractionStart = ++i;
            // Invariant: [fractionStart, i) are digits; i <= text.Length.
            while (i < text.Length && (uint)(text[i] - '0') <= 9) i++;
            if (i == fractionStart || i == text.Length) return false;
            nanoseconds = FractionOfSecond.Nanoseconds(text[fractionStart..i]);
        }
        long offsetSeconds;
        if (text[i] is (byte)'Z' or (byte)'z')
        {
            if (i + 1 != text.Length) return false;
            offsetSeconds = 0;
        }
        else if (text[i] is (byte)'+' or (byte)'-')
        {
            if (i + 6 != text.Length || !Digits2(text, i + 1, out var offsetHours) || text[i + 3] != ':'
                || !Digits2(text, i + 4, out var offsetMinutes) || offsetHours > 23 || offsetMinutes > 59)
                return false;
            offsetSeconds = (offsetHours * 60L + offsetMinutes) * 60;
            if (text[i] == '-') offsetSeconds = -offsetSeconds;
        }
        else
        {
            return false;
        }
        unixSeconds = DaysFromCivil(year, month, day) * 86400L + hour * 3600L + minute * 60L + second - offsetSeconds;
        return FieldDomain.IsTime(unixSeconds);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Digits2(ReadOnlySpan<byte> s, int at, out int value)
    {
        var d0 = (uint)(s[at] - '0');
        var d1 = (uint)(s[at + 1] - '0');
        value = (int)(d0 * 10 + d1);
        return d0 <= 9 && d1 <= 9;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Digits4(ReadOnlySpan<byte> s, int at, out int value)
    {
        var ok = Digits2(s, at, out var high) & Digits2(s, at + 2, out var low);
        value = high * 100 + low;
        return ok;
    }

    private static int DaysInMonth(int year, int month) => month switch
    {
        2 => (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28,
        4 or 6 or 9 or 11 => 30,
        _ => 31,
    };

    /// <summary>Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant, <c>days_from_civil</c>).</summary>
    public static long DaysFromCivil(int year, int month, int day)
    {
        var y = month <= 2 ? year - 1 : year;
        var era = (y >= 0 ? y : y - 399) / 400;
        var yearOfEra = y - era * 400;
        var dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        var dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146097L + dayOfEra - 719468;
    }
}
