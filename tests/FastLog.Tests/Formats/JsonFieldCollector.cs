using System.Text;
using FastLog.Columns;
using FastLog.Diagnostics;
using FastLog.Formats;
using FastLog.Formats.Json;

namespace FastLog.Tests.Formats;

/// <summary>Runs a JSON parser over text and keeps every record's fields as strings (null when absent).</summary>
public sealed class JsonFieldCollector(IReadOnlyList<LogField> fields) : IBatchConsumer
{
    public List<Dictionary<LogField, string?>> Records { get; } = [];
    public List<string> Lines { get; } = [];

    public void Consume(LogBatch batch, ReadOnlySpan<byte> block)
    {
        for (var r = 0; r < batch.Count; r++)
        {
            var record = new Dictionary<LogField, string?>();
            foreach (var f in fields)
            {
                if (batch.TextColumn(f) is { } text)
                {
                    record[f] = text[r].IsNull ? null : Encoding.UTF8.GetString(text[r].Slice(block));
                }
                else
                {
                    var value = batch.NumberColumn(f)![r];
                    record[f] = value == LogBatch.NullNumber || (value == -1 && f is LogField.Bytes or LogField.RequestTime) ? null : value.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
            }
            Records.Add(record);
            Lines.Add(Encoding.UTF8.GetString(batch.Line[r].Slice(block)));
        }
    }

    /// <summary>Parses <paramref name="text"/> (LF appended when missing) with <paramref name="format"/>'s parser.</summary>
    public static (JsonFieldCollector Collector, ParseCounters Counters) Parse(ILogFormat format, string text, FormatSettings? settings = null, int batchCapacity = LogBatch.DefaultCapacity)
        => Parse(format, Encoding.UTF8.GetBytes(text.EndsWith('\n') ? text : text + "\n"), settings, batchCapacity);

    /// <summary>Parses <paramref name="block"/> (ends with LF).</summary>
    public static (JsonFieldCollector Collector, ParseCounters Counters) Parse(ILogFormat format, byte[] block, FormatSettings? settings = null, int batchCapacity = LogBatch.DefaultCapacity)
    {
        settings ??= FormatSettings.Default;
        var specs = format switch
        {
            CloudTrailFormat => CloudTrailFormat.Specs,
            GithubFormat => GithubFormat.Specs,
            _ => JsonlFormat.Specs(settings.JsonFields),
        };
        var parser = new JsonRecordParser(format.Id, specs, format is CloudTrailFormat ? CloudTrailFormat.Completer : null, batchCapacity);
        var collector = new JsonFieldCollector([.. format is CloudTrailFormat ? format.Fields : specs.Select(s => s.Field).Distinct()]);
        var counters = new ParseCounters();
        var lines = parser.ParseBlock(block, new BlockOrigin(0, 0, 0, 0), counters, collector);
        Xunit.Assert.Equal(lines, counters.Lines);
        Xunit.Assert.Equal(counters.Lines, counters.Parsed + counters.Blank + counters.Malformed);
        return (collector, counters);
    }

    /// <summary>The single malformed reason counted, or null when none.</summary>
    public static MalformedReason? OnlyReason(ParseCounters counters)
    {
        MalformedReason? found = null;
        for (var r = 0; r < counters.MalformedByReason.Length; r++)
            if (counters.MalformedByReason[r] > 0) found = (MalformedReason)r;
        return found;
    }
}
