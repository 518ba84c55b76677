using System.Runtime.CompilerServices;

namespace FastLog.Generation.Traffic;

/// <summary>Walks <see cref="TrafficClock"/> line by line: one division per line, a table step per minute.</summary>
internal struct ClockCursor
{
    private readonly long[] _firstLine;
    private readonly long _periodSeconds;
    private long _periodBase;   // StartUnix + period * PeriodSeconds
    private int _minute;
    private long _indexInMinute;
    private long _linesInMinute;

    internal ClockCursor(long[] firstLine, long startUnix, long periodSeconds, long period, int minute, long indexInMinute)
    {
        _firstLine = firstLine;
        _periodSeconds = periodSeconds;
        _periodBase = startUnix + period * periodSeconds;
        _minute = minute;
        _indexInMinute = indexInMinute;
        _linesInMinute = firstLine[minute + 1] - firstLine[minute];
    }

    /// <summary>The current line's timestamp (Unix seconds, UTC); moves to the next line.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Next()
    {
        if (_indexInMinute == _linesInMinute) NextMinute();
        var t = _periodBase + _minute * 60L + _indexInMinute * 60 / _linesInMinute;
        _indexInMinute++;
        return t;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void NextMinute()
    {
        // Invariant: some minute of every period holds a line (PeriodLines >= 1), so this ends.
        do
        {
            _minute++;
            if (_minute == _firstLine.Length - 1)
            {
                _minute = 0;
                _periodBase += _periodSeconds;
            }
            _linesInMinute = _firstLine[_minute + 1] - _firstLine[_minute];
        }
        while (_linesInMinute == 0);
        _indexInMinute = 0;
    }
}
