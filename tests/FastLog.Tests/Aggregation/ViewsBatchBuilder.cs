using System.Text;
using FastLog.Columns;
using FastLog.Formats;

namespace FastLog.Tests.Aggregation;

/// <summary>
/// Builds <see cref="LogBatch"/>es of one format by hand, the way a parser fills them: every
/// declared column is written for every record (null when the record lacks the value), and byte
/// ranges point into one block. Values are strings (UTF-8), byte arrays (raw bytes, e.g. invalid
/// UTF-8) or longs; null is the absent value.
/// </summary>
public sealed class ViewsBatchBuilder(LogFormat format, LogField[] textFields, LogField[] numberFields)
{
    private static readonly LogField[] s_namedText =
        [LogField.Ip, LogField.User, LogField.Method, LogField.Path, LogField.Query, LogField.Protocol, LogField.Referer, LogField.Agent];

    private readonly List<(long Ts, Dictionary<LogField, object?> Values)> _records = [];

    /// <summary>Records added so far.</summary>
    public int Count => _records.Count;

    /// <summary>Adds a record at <paramref name="ts"/> (Unix seconds).</summary>
    public ViewsBatchBuilder Add(long ts, params (LogField Field, object? Value)[] values)
    {
        _records.Add((ts, values.ToDictionary(v => v.Field, v => v.Value)));
        return this;
    }

    /// <summary>The batch of records [<paramref name="start"/>, <paramref name="start"/> + <paramref name="count"/>) and its block.</summary>
    public (LogBatch Batch, byte[] Block) Build(int start = 0, int count = -1)
    {
        if (count < 0) count = _records.Count - start;
        var batch = new LogBatch(Math.Max(16, count)) { Format = format, Count = count };
        var block = new List<byte>();
        // The access-log columns exist in every batch: a parser of another format writes them too (null when absent).
        var text = textFields.Union(s_namedText).Select(f => (Field: f, Column: batch.EnsureText(f))).ToArray();
        var numbers = numberFields.Select(f => (Field: f, Column: batch.EnsureNumber(f))).ToArray();
        for (var r = 0; r < count; r++)
        {
            var (ts, values) = _records[start + r];
            batch.UnixSeconds[r] = ts;
            batch.Line[r] = ByteRange.Null;
            batch.LineIndex[r] = start + r;
            foreach (var (field, column) in text)
            {
                var bytes = values.GetValueOrDefault(field) switch
                {
                    string s => Encoding.UTF8.GetBytes(s),
                    byte[] b => b,
                    null => null,
                    var other => throw new ArgumentException($"{field}: {other}"),
                };
                if (bytes is null)
                {
                    column[r] = ByteRange.Null;
                    continue;
                }
                column[r] = new ByteRange(block.Count, bytes.Length);
                block.AddRange(bytes);
            }
            foreach (var (field, column) in numbers)
                column[r] = values.GetValueOrDefault(field) is { } v ? Convert.ToInt64(v) : LogBatch.NullNumber;
        }
        return (batch, block.ToArray());
    }
}
