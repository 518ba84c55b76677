using System.Globalization;

namespace FastLog.Query.Literals;

/// <summary>Number literals of <c>--where</c>: whole numbers, and durations in seconds.</summary>
public static class NumberLiteral
{
    /// <summary>A whole number: optional <c>-</c>, then at most 18 digits (no overflow).</summary>
    public static bool TryParseInteger(string text, out long value)
    {
        value = 0;
        var s = text.AsSpan();
        var digits = s.Length > 0 && s[0] == '-' ? s[1..] : s;
        if (digits.Length is 0 or > 18) return false;
        foreach (var c in digits)
            if (!char.IsAsciiDigit(c)) return false;
        value = long.Parse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return true;
    }

    /// <summary>
    /// A duration as microseconds: <c>digits[.digits]</c> in seconds, or with a unit suffix
    /// <c>s</c>, <c>ms</c> or <c>us</c>. Digits past the microsecond are dropped, as the log
    /// parser drops them, so a literal copied from a log compares equal to its record.
    /// </summary>
    public static bool TryParseMicros(string text, out long micros)
    {
        micros = 0;
        var s = text.AsSpan();
        long scale = 1_000_000; // microseconds per unit
        if (s.EndsWith("ms", StringComparison.Ordinal))
        {
            scale = 1_000;
            s = s[..^2];
        }
        else if (s.EndsWith("us", StringComparison.Ordinal) || s.EndsWith("µs", StringComparison.Ordinal))
        {
            scale = 1;
            s = s[..^2];
        }
        else if (s.EndsWith("s", StringComparison.Ordinal))
        {
            s = s[..^1];
        }
        var dot = s.IndexOf('.');
        var whole = dot < 0 ? s : s[..dot];
        var fraction = dot < 0 ? default : s[(dot + 1)..];
        // 12 whole digits: over 31,000 years of seconds, far from overflowing in microseconds.
        if (whole.Length is 0 or > 12 || (dot >= 0 && fraction.Length == 0)) return false;
        long value = 0;
        foreach (var c in whole)
        {
            if (!char.IsAsciiDigit(c)) return false;
            value = value * 10 + (c - '0');
        }
        value *= scale;
        var unit = scale / 10;
        foreach (var c in fraction)
        {
            if (!char.IsAsciiDigit(c)) return false;
            value += (c - '0') * unit;
            unit /= 10;
        }
        micros = value;
        return true;
    }
}
