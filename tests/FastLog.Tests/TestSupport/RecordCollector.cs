using System.Text;
using FastLog.Columns;
using FastLog.Formats;

namespace FastLog.Tests.TestSupport;

/// <summary>One parsed record with its fields as text (null for absent fields).</summary>
public sealed record ParsedRecord(string Ip, string? User, long UnixSeconds, string? Method, string? Path, string? Query,
    string? Protocol, int Status, long Bytes, string? Referer, string? Agent, long RequestTimeMicros);

/// <summary>Copies every consumed batch into <see cref="ParsedRecord"/>s.</summary>
public sealed class RecordCollector : IBatchConsumer
{
    public List<ParsedRecord> Records { get; } = [];

    public void Consume(LogBatch batch, ReadOnlySpan<byte> block)
    {
        for (var r = 0; r < batch.Count; r++)
        {
            Records.Add(new ParsedRecord(Text(batch.Ip[r], block)!, Text(batch.User[r], block), batch.UnixSeconds[r],
                Text(batch.Method[r], block), Text(batch.Path[r], block), Text(batch.Query[r], block), Text(batch.Protocol[r], block),
                batch.Status[r], batch.Bytes[r], Text(batch.Referer[r], block), Text(batch.Agent[r], block), batch.RequestTimeMicros[r]));
        }
    }

    private static string? Text(ByteRange range, ReadOnlySpan<byte> block)
        => range.IsNull ? null : Encoding.UTF8.GetString(range.Slice(block));
}
