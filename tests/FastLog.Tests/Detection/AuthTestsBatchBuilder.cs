using System.Text;
using FastLog.Aggregation;
using FastLog.Columns;
using FastLog.Detection;
using FastLog.Formats;

namespace FastLog.Tests.Detection;

/// <summary>
/// Auth batches laid out as the syslog parser lays them out: one block of raw lines, every field
/// a range inside its own line (user and source inside the message). The user is its first
/// occurrence in the message; the source its last (the server writes it after the user, R3).
/// </summary>
internal sealed class AuthTestsBatchBuilder
{
    private sealed record Record(long Seconds, string Host, string App, string Message, AuthEvent Event, string? User, string? Ip, string? Command, long Repeat);

    private readonly List<Record> _records = [];

    /// <summary>Start of the fixtures: 2024-03-01T12:00:00Z, the start of every bucket size used.</summary>
    public const long T0 = 1709294400;

    public int Count => _records.Count;

    public AuthTestsBatchBuilder Add(long seconds, string message, AuthEvent ev, string? user = null, string? ip = null,
        string host = "web1", string app = "sshd", long repeat = 1)
    {
        var command = message.IndexOf("COMMAND=", StringComparison.Ordinal) is var at and >= 0 ? message[(at + 8)..] : null;
        _records.Add(new Record(seconds, host, app, message, ev, user, ip, command, repeat));
        return this;
    }

    /// <summary><paramref name="count"/> <c>Failed password</c> lines, one a second from <paramref name="start"/>.</summary>
    public AuthTestsBatchBuilder Failures(long start, int count, string user, string ip, string host = "web1", int step = 1)
    {
        for (var i = 0; i < count; i++)
            Add(start + i * step, $"Failed password for {user} from {ip} port {40000 + i} ssh2", AuthEvent.FailedPassword, user, ip, host);
        return this;
    }

    public AuthTestsBatchBuilder Accepted(long seconds, string user, string ip, string host = "web1")
        => Add(seconds, $"Accepted password for {user} from {ip} port 50000 ssh2", AuthEvent.Accepted, user, ip, host);

    private string LineOf(Record r) => $"Mar  1 12:00:00 {r.Host} {r.App}[4242]: {r.Message}";

    /// <summary>Feeds records [from, to) to <paramref name="consumer"/> in batches of at most <paramref name="batchSize"/>.</summary>
    public void FeedTo(IBatchConsumer consumer, int from = 0, int to = -1, int batchSize = 4096)
    {
        if (to < 0) to = _records.Count;
        var text = new StringBuilder();
        var lineStarts = new List<int>();
        foreach (var r in _records)
        {
            lineStarts.Add(text.Length); // Latin-1: one byte per char
            text.Append(LineOf(r)).Append('\n');
        }
        var block = Encoding.Latin1.GetBytes(text.ToString());
        for (var start = from; start < to; start += batchSize)
        {
            var batch = NewBatch();
            var end = Math.Min(to, start + batchSize);
            for (var i = start; i < end; i++) Fill(batch, i - start, _records[i], lineStarts[i], i);
            batch.Count = end - start;
            consumer.Consume(batch, block);
        }
    }

    private static LogBatch NewBatch()
    {
        var batch = new LogBatch { Format = LogFormat.Auth, Origin = new BlockOrigin(0, 0, 0, 0) };
        batch.EnsureText(LogField.Host);
        batch.EnsureText(LogField.App);
        batch.EnsureText(LogField.Message);
        batch.EnsureText(LogField.Command);
        batch.EnsureNumber(LogField.Event);
        batch.EnsureNumber(LogField.Port);
        batch.EnsureNumber(LogField.InvalidUser);
        batch.EnsureNumber(LogField.Repeat);
        return batch;
    }

    private void Fill(LogBatch batch, int j, Record r, int lineStart, int lineIndex)
    {
        var line = LineOf(r);
        var messageStart = line.Length - r.Message.Length;
        ByteRange At(int index, string? value) => value is null || index < 0 ? ByteRange.Null : new ByteRange(lineStart + index, value.Length);
        batch.Line[j] = new ByteRange(lineStart, line.Length);
        batch.LineIndex[j] = lineIndex;
        batch.FileOffset[j] = lineStart;
        batch.UnixSeconds[j] = r.Seconds;
        batch.TextColumn(LogField.Host)![j] = At(line.IndexOf(r.Host, StringComparison.Ordinal), r.Host);
        batch.TextColumn(LogField.App)![j] = At(line.IndexOf(r.App, StringComparison.Ordinal), r.App);
        batch.TextColumn(LogField.Message)![j] = At(messageStart, r.Message);
        batch.TextColumn(LogField.Command)![j] = r.Command is null ? ByteRange.Null : At(line.Length - r.Command.Length, r.Command);
        batch.User[j] = r.User is null ? ByteRange.Null : At(line.IndexOf(r.User, messageStart, StringComparison.Ordinal), r.User);
        batch.Ip[j] = r.Ip is null ? ByteRange.Null : At(line.LastIndexOf(r.Ip, StringComparison.Ordinal), r.Ip);
        batch.Method[j] = ByteRange.Null;
        batch.NumberColumn(LogField.Event)![j] = (long)r.Event;
        batch.NumberColumn(LogField.Port)![j] = LogBatch.NullNumber;
        batch.NumberColumn(LogField.InvalidUser)![j] = 0;
        batch.NumberColumn(LogField.Repeat)![j] = r.Repeat;
    }

    /// <summary>A finding as one comparable line: everything the report shows, evidence by position.</summary>
    public static string Describe(Finding f)
        => $"{f.Rule.Id} ip={Encoding.UTF8.GetString(f.SourceIp)} host={Text(f.Host)} user={Text(f.User)} count={f.EventCount} windows={f.Windows} "
            + $"first={f.FirstUnixSeconds} last={f.LastUnixSeconds} evidence={string.Join(",", f.Evidence.Select(e => $"{e.InputIndex}:{e.FileOffset}:{e.LineIndexInChunk}"))}";

    private static string Text(byte[]? bytes) => bytes is null ? "-" : Encoding.UTF8.GetString(bytes);
}
