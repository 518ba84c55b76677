using System.Runtime.CompilerServices;
using FastLog.Generation.Clf;

namespace FastLog.Generation.Lines;

/// <summary>
/// UTC timestamps as text, redone only when the minute changes (lines come in time order, so
/// about once per minute of log); within a minute only the seconds are patched. One instance per
/// segment: it is mutable.
/// </summary>
internal sealed class TimestampTexts
{
    private static ReadOnlySpan<byte> Months => "JanFebMarAprMayJunJulAugSepOctNovDec"u8;

    // "Mmm dd hh:mm:ss" (RFC 3164, day space-padded) and "yyyy-mm-ddThh:mm:ss" (RFC 3339 without zone).
    private readonly byte[] _bsd = "Jan  1 00:00:00"u8.ToArray();
    private readonly byte[] _iso = "1970-01-01T00:00:00"u8.ToArray();
    private long _minute = long.MinValue;

    /// <summary>RFC 3164 <c>Mar  4 09:05:01</c> of <paramref name="unixSeconds"/> (15 bytes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteBsd(ref ByteCursor c, long unixSeconds)
    {
        Seconds(unixSeconds, out var second);
        Two(_bsd, 13, second);
        c.Write(_bsd);
    }

    /// <summary>RFC 3339 <c>2024-03-04T09:05:01</c> (19 bytes, no zone: the caller adds <c>Z</c>, a fraction, or a space-separated form).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteIso(ref ByteCursor c, long unixSeconds, byte dateTimeSeparator = (byte)'T')
    {
        Seconds(unixSeconds, out var second);
        Two(_iso, 17, second);
        _iso[10] = dateTimeSeparator;
        c.Write(_iso);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Seconds(long unixSeconds, out int second)
    {
        var minute = Math.DivRem(unixSeconds, 60, out var s);
        if (minute != _minute) SetMinute(minute);
        second = (int)s;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void SetMinute(long minute)
    {
        _minute = minute;
        var days = minute / 1440;
        var ofDay = (int)(minute - days * 1440);
        ClfTimestampText.CivilFromDays(days, out var year, out var month, out var day);
        Months.Slice((month - 1) * 3, 3).CopyTo(_bsd);
        _bsd[4] = day < 10 ? (byte)' ' : (byte)('0' + day / 10);
        _bsd[5] = (byte)('0' + day % 10);
        Two(_bsd, 7, ofDay / 60);
        Two(_bsd, 10, ofDay % 60);
        Two(_iso, 0, year / 100);
        Two(_iso, 2, year % 100);
        Two(_iso, 5, month);
        Two(_iso, 8, day);
        Two(_iso, 11, ofDay / 60);
        Two(_iso, 14, ofDay % 60);
    }

    private static void Two(byte[] text, int at, int value)
    {
        text[at] = (byte)('0' + value / 10);
        text[at + 1] = (byte)('0' + value % 10);
    }
}
