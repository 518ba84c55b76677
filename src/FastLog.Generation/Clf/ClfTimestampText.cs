using System.Runtime.CompilerServices;

namespace FastLog.Generation.Clf;

/// <summary>
/// Writes <c>[dd/Mon/yyyy:HH:MM:SS ±zzzz]</c> in the log's local time. The 28 bytes are kept and
/// only the seconds change within a minute; the date and time are redone when the minute
/// changes (lines come in time order, so about once per minute of log).
/// </summary>
internal sealed class ClfTimestampText
{
    /// <summary>Bytes written per timestamp, brackets included.</summary>
    public const int Length = 28;

    private static ReadOnlySpan<byte> Months => "JanFebMarAprMayJunJulAugSepOctNovDec"u8;

    private readonly byte[] _text = new byte[Length];
    private readonly int _offsetSeconds;
    private long _minute = long.MinValue;

    /// <summary>A writer for a log whose local time is UTC + <paramref name="offsetSeconds"/>.</summary>
    public ClfTimestampText(int offsetSeconds)
    {
        _offsetSeconds = offsetSeconds;
        "[01/Jan/1970:00:00:00 +0000]"u8.CopyTo(_text);
        var abs = Math.Abs(offsetSeconds) / 60;
        _text[22] = offsetSeconds < 0 ? (byte)'-' : (byte)'+';
        TwoDigits(23, abs / 60);
        TwoDigits(25, abs % 60);
    }

    /// <summary>Appends the timestamp of <paramref name="unixSeconds"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(ref ByteCursor cursor, long unixSeconds)
    {
        var local = unixSeconds + _offsetSeconds;
        var minute = local / 60;
        if (minute != _minute) SetMinute(minute);
        TwoDigits(19, (int)(local - minute * 60));
        cursor.Write(_text);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void SetMinute(long minute)
    {
        _minute = minute;
        var days = minute / 1440;
        var ofDay = (int)(minute - days * 1440);
        CivilFromDays(days, out var year, out var month, out var day);
        TwoDigits(1, day);
        Months.Slice((month - 1) * 3, 3).CopyTo(_text.AsSpan(4));
        TwoDigits(8, year / 100);
        TwoDigits(10, year % 100);
        TwoDigits(13, ofDay / 60);
        TwoDigits(16, ofDay % 60);
    }

    private void TwoDigits(int at, int value)
    {
        _text[at] = (byte)('0' + value / 10);
        _text[at + 1] = (byte)('0' + value % 10);
    }

    /// <summary>The proleptic Gregorian date of day <paramref name="days"/> since 1970-01-01 (H. Hinnant's civil_from_days).</summary>
    internal static void CivilFromDays(long days, out int year, out int month, out int day)
    {
        var z = days + 719468;
        var era = (z >= 0 ? z : z - 146096) / 146097;
        var dayOfEra = z - era * 146097;
        var yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
        var dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        var mp = (5 * dayOfYear + 2) / 153;
        day = (int)(dayOfYear - (153 * mp + 2) / 5 + 1);
        month = (int)(mp < 10 ? mp + 3 : mp - 9);
        year = (int)(yearOfEra + era * 400 + (month <= 2 ? 1 : 0));
    }
}
