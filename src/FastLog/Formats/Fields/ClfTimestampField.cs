using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using FastLog.Columns;

namespace FastLog.Formats.Fields;

/// <summary>
/// The CLF timestamp <c>[dd/Mon/yyyy:HH:MM:SS ±zzzz]</c> (httpd mod_log_config <c>%t</c>),
/// English month abbreviations, numeric offset; converted to Unix seconds, UTC.
/// </summary>
public static class ClfTimestampField
{
    /// <summary>Length of <c>[dd/Mon/yyyy:HH:MM:SS ±zzzz]</c> including both brackets.</summary>
    public const int Length = 28;

    /// <summary>
    /// Parses the 28 bytes at the start of <paramref name="s"/> (which must hold at least
    /// <see cref="Length"/> bytes). Returns false for any deviation from the grammar, an
    /// impossible date or an instant outside years 0001–9999 UTC; never reads past byte 27.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> s, out long unixSeconds)
    {
        var cache = new DayCache();
        return TryParse(s, ref cache, out unixSeconds);
    }

    /// <summary>
    /// The last date parsed (<c>dd/Mon/yyyy</c> as 11 bytes) and its day number. Log lines come
    /// in time order, so most lines repeat the previous line's date and skip its validation.
    /// </summary>
    public struct DayCache
    {
        internal ulong DatePrefix;   // bytes 1..8 of the timestamp
        internal uint DateSuffix;    // bytes 8..11
        internal long Days;
        internal bool Valid;
    }

    /// <summary><see cref="TryParse(ReadOnlySpan{byte}, out long)"/> with a cache of the last date.</summary>
    public static bool TryParse(ReadOnlySpan<byte> s, ref DayCache cache, out long unixSeconds)
    {
        unixSeconds = 0;
        if (s.Length < Length
            || s[0] != (byte)'[' || s[3] != (byte)'/' || s[7] != (byte)'/' || s[12] != (byte)':'
            || s[15] != (byte)':' || s[18] != (byte)':' || s[21] != (byte)' ' || s[27] != (byte)']')
            return false;
        if (!TwoDigits(s, 1, out var day) || !TwoDigits(s, 13, out var hour) || !TwoDigits(s, 16, out var minute)
            || !TwoDigits(s, 19, out var second) || !TwoDigits(s, 8, out var y1) || !TwoDigits(s, 10, out var y2)
            || !TwoDigits(s, 23, out var offHours) || !TwoDigits(s, 25, out var offMinutes))
            return false;
        var sign = s[22];
        if (hour > 23 || minute > 59 || second > 60 || offHours > 23 || offMinutes > 59 || (sign != (byte)'+' && sign != (byte)'-'))
            return false;
        var prefix = BinaryPrimitives.ReadUInt64LittleEndian(s[1..]);
        var suffix = BinaryPrimitives.ReadUInt32LittleEndian(s[8..]);
        long days;
        if (cache.Valid && cache.DatePrefix == prefix && cache.DateSuffix == suffix)
        {
            days = cache.Days;
        }
        else
        {
            var month = Month(s[4], s[5], s[6]);
            var year = y1 * 100 + y2;
            if (month == 0 || day < 1 || day > DaysInMonth(year, month)) return false;
            days = DaysFromCivil(year, month, day);
            cache = new DayCache { DatePrefix = prefix, DateSuffix = suffix, Days = days, Valid = true };
        }
        // A leap second (:60) is folded onto the next second, as POSIX time does.
        var local = days * 86400L + hour * 3600L + minute * 60L + second;
        var offset = offHours * 3600L + offMinutes * 60L;
        unixSeconds = sign == (byte)'+' ? local - offset : local + offset;
        // Year 0000 (and an offset that moves 0001-01-01 or 9999-12-31 across the edge) names
        // an instant outside years 0001–9999, which no output can write back.
        return FieldDomain.IsTime(unixSeconds);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TwoDigits(ReadOnlySpan<byte> s, int at, out int value)
    {
        var d0 = (uint)(s[at] - '0');
        var d1 = (uint)(s[at + 1] - '0');
        value = (int)(d0 * 10 + d1);
        return d0 <= 9 && d1 <= 9;
    }

    /// <summary>1–12 for an English month abbreviation in its usual capitalisation, 0 otherwise.</summary>
    private static int Month(byte a, byte b, byte c) => (a, b, c) switch
    {
        ((byte)'J', (byte)'a', (byte)'n') => 1,
        ((byte)'F', (byte)'e', (byte)'b') => 2,
        ((byte)'M', (byte)'a', (byte)'r') => 3,
        ((byte)'A', (byte)'p', (byte)'r') => 4,
        ((byte)'M', (byte)'a', (byte)'y') => 5,
        ((byte)'J', (byte)'u', (byte)'n') => 6,
        ((byte)'J', (byte)'u', (byte)'l') => 7,
        ((byte)'A', (byte)'u', (byte)'g') => 8,
        ((byte)'S', (byte)'e', (byte)'p') => 9,
        ((byte)'O', (byte)'c', (byte)'t') => 10,
        ((byte)'N', (byte)'o', (byte)'v') => 11,
        ((byte)'D', (byte)'e', (byte)'c') => 12,
        _ => 0,
    };

    private static int DaysInMonth(int year, int month) => month switch
    {
        2 => (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28,
        4 or 6 or 9 or 11 => 30,
        _ => 31,
    };

    /// <summary>Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).</summary>
    public static long DaysFromCivil(int year, int month, int day)
    {
        year -= month <= 2 ? 1 : 0;
        var era = (year >= 0 ? year : year - 399) / 400;
        var yearOfEra = year - era * 400;
        var dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        var dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146097L + dayOfEra - 719468;
    }
}
