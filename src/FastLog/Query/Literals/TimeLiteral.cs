using FastLog.Formats.Fields;

namespace FastLog.Query.Literals;

/// <summary>
/// Time literals of <c>--where</c>, <c>--since</c> and <c>--until</c>, each denoting an
/// interval of instants (nanosecond precision).
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>RFC 3339 and its shorter forms: <c>2024-03-01T10:00:00Z</c>, <c>…+01:00</c>,
/// <c>…-0500</c>, <c>2024-03-01T10:00</c>, <c>2024-03-01T10</c>, <c>2024-03-01</c>; <c>T</c>,
/// <c>t</c> or one space between date and time; no offset means UTC. A literal covers its whole
/// precision: <c>2024-03-01</c> is the day <c>[00:00:00, 24:00:00)</c>, <c>2024-03-01T10</c>
/// the hour, <c>…T10:00:00.2Z</c> the tenth of a second <c>[.2, .3)</c>; digits past the
/// nanosecond are dropped.</item>
/// <item>Relative to the start of the run: <c>-30s</c>, <c>-15m</c>, <c>-2h</c>, <c>-7d</c>,
/// <c>-1w</c>, and <c>now</c>: one second each.</item>
/// </list>
/// </remarks>
public static class TimeLiteral
{
    /// <summary>What the accepted forms look like, for error messages.</summary>
    public const string Expected = "an RFC 3339 time (2024-03-01T10:00:00Z), a date (2024-03-01) or a time relative to now (-2h, -30m, -7d)";

    /// <summary>Parses <paramref name="text"/> into the instants <c>[first, last]</c> it covers; <paramref name="nowUnixSeconds"/> anchors relative forms.</summary>
    public static bool TryParse(string text, long nowUnixSeconds, out Instant first, out Instant last)
    {
        first = last = default;
        var s = text.AsSpan().Trim();
        if (s.Equals("now", StringComparison.OrdinalIgnoreCase))
        {
            (first, last) = (new Instant(nowUnixSeconds, 0), Instant.EndOf(nowUnixSeconds));
            return true;
        }
        if (s.Length >= 3 && s[0] == '-' && char.IsAsciiDigit(s[1]))
        {
            if (!TryParseRelative(s[1..], out var seconds)) return false;
            (first, last) = (new Instant(nowUnixSeconds - seconds, 0), Instant.EndOf(nowUnixSeconds - seconds));
            return true;
        }
        return TryParseAbsolute(s, out first, out last);
    }

    private static bool TryParseRelative(ReadOnlySpan<char> s, out long seconds)
    {
        seconds = 0;
        var unit = s[^1] switch
        {
            's' => 1L,
            'm' => 60L,
            'h' => 3600L,
            'd' => 86400L,
            'w' => 7 * 86400L,
            _ => 0L,
        };
        var digits = s[..^1];
        // At most 9 digits: a billion weeks is far past any timestamp, and no overflow.
        if (unit == 0 || digits.Length is 0 or > 9) return false;
        foreach (var c in digits)
            if (!char.IsAsciiDigit(c)) return false;
        seconds = long.Parse(digits, System.Globalization.CultureInfo.InvariantCulture) * unit;
        return true;
    }

    private static bool TryParseAbsolute(ReadOnlySpan<char> s, out Instant first, out Instant last)
    {
        first = last = default;
        // YYYY-MM-DD
        if (s.Length < 10 || s[4] != '-' || s[7] != '-') return false;
        if (!Digits(s[..4], out var year) || !Digits(s.Slice(5, 2), out var month) || !Digits(s.Slice(8, 2), out var day)) return false;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return false;
        var dayStart = ClfTimestampField.DaysFromCivil(year, month, day) * 86400;
        if (s.Length == 10)
        {
            (first, last) = (new Instant(dayStart, 0), Instant.EndOf(dayStart + 86399));
            return true;
        }
        if (s[10] is not ('T' or 't' or ' ')) return false;
        var rest = s[11..];
        // HH[:MM[:SS[.fff]]]
        if (rest.Length < 2 || !Digits(rest[..2], out var hour) || hour > 23) return false;
        rest = rest[2..];
        long span = 3600;
        int minute = 0, second = 0, nanos = 0, unitNanos = Instant.NanosPerSecond;
        if (rest.Length >= 3 && rest[0] == ':' && char.IsAsciiDigit(rest[1]))
        {
            if (!Digits(rest.Slice(1, 2), out minute) || minute > 59) return false;
            rest = rest[3..];
            span = 60;
            if (rest.Length >= 3 && rest[0] == ':' && char.IsAsciiDigit(rest[1]))
            {
                if (!Digits(rest.Slice(1, 2), out second) || second > 60) return false;
                rest = rest[3..];
                span = 1;
                if (rest.Length > 0 && rest[0] is '.' or ',')
                {
                    var k = 1;
                    // Invariant: rest[1, k) are digits; the first nine of them are in nanos, and
                    // unitNanos is the value of the last digit read among those nine.
                    while (k < rest.Length && char.IsAsciiDigit(rest[k]))
                    {
                        if (k <= 9)
                        {
                            unitNanos /= 10;
                            nanos += (rest[k] - '0') * unitNanos;
                        }
                        k++;
                    }
                    if (k == 1) return false;
                    rest = rest[k..];
                }
            }
        }
        if (!TryParseOffset(rest, out var offsetSeconds)) return false;
        var start = dayStart + hour * 3600L + minute * 60L + second - offsetSeconds;
        first = new Instant(start, nanos);
        // A fraction covers one unit of its last digit; a whole time, its span of seconds.
        last = unitNanos < Instant.NanosPerSecond ? new Instant(start, nanos + unitNanos - 1) : Instant.EndOf(start + span - 1);
        return true;
    }

    /// <summary>Empty (UTC), <c>Z</c>, <c>±HH:MM</c>, <c>±HHMM</c> or <c>±HH</c>.</summary>
    private static bool TryParseOffset(ReadOnlySpan<char> s, out long seconds)
    {
        seconds = 0;
        if (s.IsEmpty || s is "Z" or "z") return true;
        if (s[0] is not ('+' or '-')) return false;
        var sign = s[0] == '-' ? -1 : 1;
        var body = s[1..];
        int hours, minutes = 0;
        if (body.Length == 2)
        {
            if (!Digits(body, out hours)) return false;
        }
        else if (body.Length == 4)
        {
            if (!Digits(body[..2], out hours) || !Digits(body[2..], out minutes)) return false;
        }
        else if (body.Length == 5 && body[2] == ':')
        {
            if (!Digits(body[..2], out hours) || !Digits(body[3..], out minutes)) return false;
        }
        else
        {
            return false;
        }
        if (hours > 23 || minutes > 59) return false;
        seconds = sign * (hours * 3600L + minutes * 60L);
        return true;
    }

    private static bool Digits(ReadOnlySpan<char> s, out int value)
    {
        value = 0;
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c)) return false;
            value = value * 10 + (c - '0');
        }
        return s.Length > 0;
    }
}
