using System.Text;
using FastLog.Columns;
using FastLog.Formats;

namespace FastLog.Tests.Detection;

/// <summary>
/// CloudTrail batches laid out as a JSON parser lays them out: per batch one buffer holding each
/// record's raw text (the <c>Line</c>) followed by its unescaped field values.
/// </summary>
internal sealed class CloudTrailTestsBatchBuilder
{
    /// <summary>The fields a record may set, by the column they fill (<c>ip</c>, <c>user</c>, <c>ua</c> are the named CLF columns).</summary>
    private static readonly Dictionary<string, LogField> s_fields = new()
    {
        ["eventName"] = LogField.EventName, ["eventSource"] = LogField.EventSource, ["eventType"] = LogField.EventType,
        ["userType"] = LogField.UserType, ["arn"] = LogField.UserArn, ["region"] = LogField.Region, ["errorCode"] = LogField.ErrorCode,
        ["errorMessage"] = LogField.ErrorMessage, ["mfa"] = LogField.Mfa, ["consoleLogin"] = LogField.ConsoleLogin,
        ["requestUserName"] = LogField.RequestUserName, ["accessKeyUserName"] = LogField.AccessKeyUserName, ["enable"] = LogField.RequestEnable,
        ["ip"] = LogField.Ip, ["user"] = LogField.User, ["ua"] = LogField.Agent,
    };

    private readonly List<(long Seconds, Dictionary<string, string> Fields)> _records = [];

    public const long T0 = AuthTestsBatchBuilder.T0;

    /// <summary>Bytes reserved per record (its raw text and values fit).</summary>
    private const int Slot = 4096;

    public int Count => _records.Count;

    /// <summary>Adds a record; <paramref name="fields"/> are <c>name=value</c> pairs named as in <see cref="s_fields"/>.</summary>
    public CloudTrailTestsBatchBuilder Add(long seconds, params string[] fields)
    {
        _records.Add((seconds, fields.Select(f => f.Split('=', 2)).ToDictionary(p => p[0], p => p[1])));
        return this;
    }

    public void FeedTo(IBatchConsumer consumer, int from = 0, int to = -1, int batchSize = 4096)
    {
        if (to < 0) to = _records.Count;
        for (var start = from; start < to; start += batchSize)
        {
            var end = Math.Min(to, start + batchSize);
            var batch = new LogBatch { Format = LogFormat.CloudTrail, Origin = new BlockOrigin(0, 0, 0, 0) };
            foreach (var field in s_fields.Values.Where(f => !batch.Has(f))) batch.EnsureText(field);
            // Record i takes the 4 KiB slot i - start of the buffer: its raw text, then its values.
            var buffer = new byte[(end - start) * Slot];
            for (var i = start; i < end; i++)
            {
                var j = i - start;
                var (seconds, values) = _records[i];
                // The raw record: the JSON a real trail would hold, escaped by System.Text.Json.
                var raw = Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(values, CloudTrailTestsJson.Default.DictionaryStringString));
                var used = j * Slot;
                batch.Line[j] = new ByteRange(used, raw.Length);
                raw.CopyTo(buffer, used);
                used += raw.Length;
                batch.LineIndex[j] = i;
                // As if record i were the i-th 4 KiB line of one file: offsets grow across batches as in real input.
                batch.FileOffset[j] = (long)i * Slot;
                batch.UnixSeconds[j] = seconds;
                foreach (var (name, field) in s_fields)
                {
                    var column = batch.TextColumn(field)!;
                    if (!values.TryGetValue(name, out var value))
                    {
                        column[j] = ByteRange.Null;
                        continue;
                    }
                    var bytes = Encoding.UTF8.GetBytes(value);
                    column[j] = new ByteRange(used, bytes.Length);
                    bytes.CopyTo(buffer, used);
                    used += bytes.Length;
                }
            }
            batch.Count = end - start;
            // Record i's line is at file offset i × Slot, whatever the batches.
            batch.Origin = new BlockOrigin(0, 0, (long)start * Slot, start);
            consumer.Consume(batch, buffer);
        }
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class CloudTrailTestsJson : System.Text.Json.Serialization.JsonSerializerContext;
