using FastLog.Columns;
using FastLog.Formats.Fields;

namespace FastLog.Formats.W3c;

/// <summary>
/// ISO 8601 dates and times as W3C extended logs (<c>2024-01-31</c>, <c>13:55:36</c>) and ALB
/// logs (<c>2018-11-30T22:23:00.186641Z</c>) write them: always UTC, fixed width, fraction
/// optional (kept to the nanosecond by <see cref="TryParseUtc(ReadOnlySpan{byte}, out long, out int)"/>).
/// </summary>
public static class IsoDateTime
{
    /// <summary>Days since 1970-01-01 of <c>yyyy-mm-dd</c> (exactly 10 bytes); false for any deviation or an impossible date.</summary>
    public static bool TryParseDate(ReadOnlySpan<byte> s, out long days)
    {
        days = 0;
        if (s.Length != 10 || s[4] != (byte)'-' || s[7] != (byte)'-') return false;
        if (!TwoDigits(s, 0, out var y1) || !TwoDigits(s, 2, out var y2) || !TwoDigits(s, 5, out var month) || !TwoDigits(s, 8, out var day))
            return false;
        var year = y1 * 100 + y2;
        if (month is < 1 or > 12 || day < 1 || day > DaysInMonth(year, month)) return false;
        days = ClfTimestampField.DaysFromCivil(year, month, day);
        return true;
    }

    /// <summary>Seconds since midnight of <c>hh:mm:ss</c> with an optional <c>.digits</c> fraction (dropped); a leap second folds onto the next.</summary>
    public static bool TryParseTime(ReadOnlySpan<byte> s, out long seconds)
    {
        seconds = 0;
        if (s.Length < 8 || s[2] != (byte)':' || s[5] != (byte)':') return false;
        if (!TwoDigits(s, 0, out var hour) || !TwoDigits(s, 3, out var minute) || !TwoDigits(s, 6, out var second)) return false;
        if (hour > 23 || minute > 59 || second > 60) return false;
        if (s.Length > 8)
        {
            if (s[8] != (byte)'.' || s.Length == 9 || s[9..].IndexOfAnyExceptInRange((byte)'0', (byte)'9') >= 0) return false;
        }
        seconds = hour * 3600L + minute * 60L + second;
        return true;
    }

    /// <summary>Unix seconds of <c>yyyy-mm-ddThh:mm:ss[.f]Z</c> (ALB <c>time</c>), and the fraction in nanoseconds; false outside years 0001–9999.</summary>
    public static bool TryParseUtc(ReadOnlySpan<byte> s, out long unixSeconds, out int nanoseconds)
    {
        unixSeconds = 0;
        nanoseconds = 0;
        if (s.Length < 20 || s[10] != (byte)'T' || s[^1] != (byte)'Z') return false;
        if (!TryParseDate(s[..10], out var days) || !TryParseTime(s[11..^1], out var seconds)) return false;
        unixSeconds = days * 86400 + seconds;
        // TryParseTime checked that anything past hh:mm:ss is '.' and digits.
        if (s.Length > 20) nanoseconds = FractionOfSecond.Nanoseconds(s[20..^1]);
        return FieldDomain.IsTime(unixSeconds);
    }

    private static bool TwoDigits(ReadOnlySpan<byte> s, int at, out int value)
    {
        var d0 = (uint)(s[at] - '0');
        var d1 = (uint)(s[at + 1] - '0');
        value = (int)(d0 * 10 + d1);
        return d0 <= 9 && d1 <= 9;
    }

    private static int DaysInMonth(int year, int month) => month switch
    {
        2 => (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28,
        4 or 6 or 9 or 11 => 30,
        _ => 31,
    };
}
