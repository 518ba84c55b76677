using FastLog.Columns;
using FastLog.Formats.Fields;

namespace FastLog.Formats.Syslog;

/// <summary>
/// The two syslog timestamps, read by position: RFC 3164 <c>Mmm dd hh:mm:ss</c> (no year, no
/// zone) and RFC 3339 <c>YYYY-MM-DDThh:mm:ss[.frac](Z|±hh:mm)</c> (RFC 5424 §6.2.3).
/// </summary>
/// <remarks>
/// RFC 3164 stamps carry no zone: they are read as UTC (the writer's zone is unknown; a host in
/// another zone shifts every record by the same offset). Their year is <see cref="YearRule"/>'s.
/// A leap second (<c>:60</c>) is folded onto the next second, as POSIX time and the CLF parser do.
/// Fractions of a second are kept to the nanosecond, apart from the seconds.
/// </remarks>
public static class SyslogTimestamp
{
    /// <summary>Length of <c>Mmm dd hh:mm:ss</c>.</summary>
    public const int Rfc3164Length = 15;

    /// <summary>How a timestamp read went.</summary>
    public enum Outcome
    {
        /// <summary>Read; the length is set.</summary>
        Ok,
        /// <summary>The bytes do not have a timestamp's shape (not syslog): <c>bad_header</c>.</summary>
        NotTimestamp,
        /// <summary>The shape is right but the instant is impossible (<c>Feb 30</c>, hour 25, year 0000): <c>bad_time</c>.</summary>
        BadValue,
    }

    /// <summary>
    /// The year of RFC 3164 stamps in one input: <c>--year</c>, or the year of the input's
    /// reference time (its modification time), minus one for a month after the reference's month
    /// (December lines read in January). Depends only on the input, never on earlier lines, so
    /// every chunk of a file agrees.
    /// </summary>
    /// <param name="FixedYear">The <c>--year</c>, or 0.</param>
    /// <param name="ReferenceYear">Year of the reference time (UTC).</param>
    /// <param name="ReferenceMonth">Month 1–12 of the reference time (UTC).</param>
    public readonly record struct YearRule(int FixedYear, int ReferenceYear, int ReferenceMonth)
    {
        /// <summary>The rule of input <paramref name="inputIndex"/> under <paramref name="settings"/>.</summary>
        public static YearRule For(FormatSettings settings, int inputIndex)
        {
            if (settings.Year is { } year) return new YearRule(year, year, 12);
            var reference = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(settings.ReferenceTime(inputIndex), 0, 253402300799)).UtcDateTime;
            return new YearRule(0, reference.Year, reference.Month);
        }

        /// <summary>The year of a line dated in <paramref name="month"/>.</summary>
        public int YearOf(int month) => FixedYear != 0 ? FixedYear : month > ReferenceMonth ? ReferenceYear - 1 : ReferenceYear;
    }

    /// <summary>
    /// Reads <c>Mmm dd hh:mm:ss</c> at the start of <paramref name="s"/>. The day is space-padded
    /// (<c>Feb  1</c>) or, as some writers do, not padded (<c>Feb 1</c>); <paramref name="length"/>
    /// is 15 or 14.
    /// </summary>
    public static Outcome TryParseRfc3164(ReadOnlySpan<byte> s, in YearRule years, out long unixSeconds, out int length)
    {
        unixSeconds = 0;
        length = 0;
        if (s.Length < Rfc3164Length - 1) return Outcome.NotTimestamp;
        var month = Month(s[0], s[1], s[2]);
        if (month == 0 || s[3] != (byte)' ') return Outcome.NotTimestamp;
        int day;
        int at;
        if (s[4] == (byte)' ' && IsDigit(s[5]))
        {
            day = s[5] - '0';
            at = 6;
        }
        else if (IsDigit(s[4]) && IsDigit(s[5]))
        {
            day = (s[4] - '0') * 10 + (s[5] - '0');
            at = 6;
        }
        else if (IsDigit(s[4]) && s[5] == (byte)' ')
        {
            day = s[4] - '0';
            at = 5;
        }
        else
        {
            return Outcome.NotTimestamp;
        }
        if (s.Length < at + 9 || s[at] != (byte)' ') return Outcome.NotTimestamp;
        if (!TryClock(s.Slice(at + 1, 8), out var secondsOfDay, out var shapeOk)) return shapeOk ? Outcome.BadValue : Outcome.NotTimestamp;
        var year = years.YearOf(month);
        if (day < 1 || day > DaysInMonth(year, month)) return Outcome.BadValue;
        unixSeconds = ClfTimestampField.DaysFromCivil(year, month, day) * 86400L + secondsOfDay;
        if (!FieldDomain.IsTime(unixSeconds)) return Outcome.BadValue;
        length = at + 9;
        return Outcome.Ok;
    }

    /// <summary>Reads an RFC 3339 timestamp (RFC 5424 §6.2.3: <c>T</c>, up to 6 fraction digits accepted as 1–9, <c>Z</c> or <c>±hh:mm</c>).</summary>
    public static Outcome TryParseRfc3339(ReadOnlySpan<byte> s, out long unixSeconds, out int nanoseconds, out int length)
    {
        unixSeconds = 0;
        nanoseconds = 0;
        length = 0;
        // YYYY-MM-DDThh:mm:ss is 19 bytes, then at least Z.
        if (s.Length < 20) return Outcome.NotTimestamp;
        if (!Digits(s, 0, 4, out var year) || s[4] != (byte)'-' || !Digits(s, 5, 2, out var month) || s[7] != (byte)'-'
            || !Digits(s, 8, 2, out var day) || (s[10] | 0x20) != (byte)'t')
            return Outcome.NotTimestamp;
        if (!TryClock(s.Slice(11, 8), out var secondsOfDay, out var shapeOk)) return shapeOk ? Outcome.BadValue : Outcome.NotTimestamp;
        var at = 19;
        if (s[at] == (byte)'.')
        {
            var start = ++at;
            // Invariant: [start, at) are digits; at most 9 are read (RFC 5424 allows 6).
            while (at < s.Length && at - start < 10 && IsDigit(s[at])) at++;
            if (at == start || at - start > 9) return Outcome.NotTimestamp;
            nanoseconds = FractionOfSecond.Nanoseconds(s[start..at]);
        }
        if (at >= s.Length) return Outcome.NotTimestamp;
        long offset = 0;
        if ((s[at] | 0x20) == (byte)'z')
        {
            at++;
        }
        else if (s[at] is (byte)'+' or (byte)'-')
        {
            if (s.Length < at + 6 || !Digits(s, at + 1, 2, out var offHours) || s[at + 3] != (byte)':' || !Digits(s, at + 4, 2, out var offMinutes))
                return Outcome.NotTimestamp;
            if (offHours > 23 || offMinutes > 59) return Outcome.BadValue;
            offset = (offHours * 3600L + offMinutes * 60L) * (s[at] == (byte)'-' ? -1 : 1);
            at += 6;
        }
        else
        {
            return Outcome.NotTimestamp;
        }
        if (month is < 1 or > 12 || day < 1 || day > DaysInMonth(year, month)) return Outcome.BadValue;
        unixSeconds = ClfTimestampField.DaysFromCivil(year, month, day) * 86400L + secondsOfDay - offset;
        if (!FieldDomain.IsTime(unixSeconds)) return Outcome.BadValue;
        length = at;
        return Outcome.Ok;
    }

    /// <summary><c>hh:mm:ss</c> (exactly 8 bytes) into seconds of the day; <paramref name="shapeOk"/> tells a bad value from a bad shape.</summary>
    private static bool TryClock(ReadOnlySpan<byte> s, out int seconds, out bool shapeOk)
    {
        seconds = 0;
        shapeOk = false;
        if (!(Digits(s, 0, 2, out var h) && s[2] == (byte)':' && Digits(s, 3, 2, out var m) && s[5] == (byte)':' && Digits(s, 6, 2, out var sec)))
            return false;
        shapeOk = true;
        if (h > 23 || m > 59 || sec > 60) return false;
        seconds = h * 3600 + m * 60 + sec;
        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> s, int start, int count, out int value)
    {
        value = 0;
        for (var k = start; k < start + count; k++)
        {
            var d = (uint)(s[k] - '0');
            if (d > 9) return false;
            value = value * 10 + (int)d;
        }
        return true;
    }

    private static bool IsDigit(byte c) => (uint)(c - '0') <= 9;

    /// <summary>1–12 for an English month abbreviation (any case), else 0.</summary>
    private static int Month(byte a, byte b, byte c) => ((a | 0x20) << 16 | (b | 0x20) << 8 | (c | 0x20)) switch
    {
        ('j' << 16) | ('a' << 8) | 'n' => 1,
        ('f' << 16) | ('e' << 8) | 'b' => 2,
        ('m' << 16) | ('a' << 8) | 'r' => 3,
        ('a' << 16) | ('p' << 8) | 'r' => 4,
        ('m' << 16) | ('a' << 8) | 'y' => 5,
        ('j' << 16) | ('u' << 8) | 'n' => 6,
        ('j' << 16) | ('u' << 8) | 'l' => 7,
        ('a' << 16) | ('u' << 8) | 'g' => 8,
        ('s' << 16) | ('e' << 8) | 'p' => 9,
        ('o' << 16) | ('c' << 8) | 't' => 10,
        ('n' << 16) | ('o' << 8) | 'v' => 11,
        ('d' << 16) | ('e' << 8) | 'c' => 12,
        _ => 0,
    };

    private static int DaysInMonth(int year, int month) => month switch
    {
        2 => (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28,
        4 or 6 or 9 or 11 => 30,
        _ => 31,
    };
}
