using System.Text;
using FastLog.Columns;
using FastLog.Diagnostics;
using FastLog.Formats;
using FastLog.Formats.Syslog;
using FastLog.Input;

namespace FastLog.Tests.Formats;

/// <summary>One syslog/auth record with its fields as text or numbers (null when absent).</summary>
public sealed record SyslogRecord(long Ts, string? Host, string? App, long? Pid, long? Severity, long? Facility, string? MsgId,
    string? Msg, long Repeat, string? Event, string? User, string? Ip, long? Port, string? Method, long? InvalidUser, string? Command);

/// <summary>Runs <see cref="SyslogParser"/> over text through the real block cutter and collects records.</summary>
public sealed class SyslogTestParser : IBatchConsumer
{
    public List<SyslogRecord> Records { get; } = [];

    public static (List<SyslogRecord> Records, ParseCounters Counters) Parse(string text, bool auth = true, FormatSettings? settings = null)
        => Parse(Encoding.UTF8.GetBytes(text), auth, settings);

    public static (List<SyslogRecord> Records, ParseCounters Counters) Parse(byte[] bytes, bool auth = true, FormatSettings? settings = null)
    {
        settings ??= new FormatSettings { Year = 2024 };
        var counters = new ParseCounters();
        var collector = new SyslogTestParser();
        var cutter = new LineBlockCutter(new SyslogParser(auth, settings), counters, collector);
        var cursor = new LineBlockCutter.Cursor();
        cutter.Feed(bytes, final: true, ref cursor);
        Assert.Equal(counters.Lines, cursor.LineIndex);
        Assert.Equal(counters.Lines, counters.Parsed + counters.Blank + counters.Malformed);
        return (collector.Records, counters);
    }

    /// <summary>The single record of one line.</summary>
    public static SyslogRecord One(string line, bool auth = true, FormatSettings? settings = null)
    {
        var (records, counters) = Parse(line + "\n", auth, settings);
        Assert.Equal(0, counters.Malformed);
        return Assert.Single(records);
    }

    public void Consume(LogBatch batch, ReadOnlySpan<byte> block)
    {
        for (var r = 0; r < batch.Count; r++)
        {
            var ev = batch.NumberColumn(LogField.Event)![r];
            Records.Add(new SyslogRecord(batch.UnixSeconds[r], Text(batch, LogField.Host, r, block), Text(batch, LogField.App, r, block),
                Number(batch, LogField.Pid, r), Number(batch, LogField.Severity, r), Number(batch, LogField.Facility, r),
                Text(batch, LogField.MsgId, r, block), Text(batch, LogField.Message, r, block), batch.Repeats![r],
                ev == LogBatch.NullNumber ? null : AuthEventNames.Names[(int)ev], Text(batch, LogField.User, r, block),
                Text(batch, LogField.Ip, r, block), Number(batch, LogField.Port, r), Text(batch, LogField.Method, r, block),
                Number(batch, LogField.InvalidUser, r), Text(batch, LogField.Command, r, block)));
        }
    }

    private static string? Text(LogBatch batch, LogField field, int r, ReadOnlySpan<byte> block)
    {
        var range = batch.TextColumn(field)![r];
        return range.IsNull ? null : Encoding.UTF8.GetString(range.Slice(block));
    }

    private static long? Number(LogBatch batch, LogField field, int r)
    {
        var value = batch.NumberColumn(field)![r];
        return value == LogBatch.NullNumber ? null : value;
    }
}
