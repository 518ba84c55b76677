using FastLog.Columns;
using FastLog.Diagnostics;
using FastLog.Formats;
using FastLog.Formats.Parquet;
using FastLog.Output.Filter;
using FastLog.Output.Parquet;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Output;

/// <summary>
/// The Parquet writer on fields beyond the access log (symbols, generic integers and text,
/// durations, repeats, mixed formats), checked with Parquet.Net's reader and read back through
/// the parquet input format's reframer and parser.
/// </summary>
public class ParquetWriterTests
{
    [Fact]
    public void GenericFields_MixedFormats_WriteAndReadBack()
    {
        var fields = new[] { LogField.Ip, LogField.User, LogField.Ts, LogField.Status, LogField.Host, LogField.Event, LogField.Port, LogField.Repeat, LogField.Latency };
        var block = "1.2.3.4rootbastion\"q\"\n"u8.ToArray();
        var auth = new LogBatch { Format = LogFormat.Auth, Count = 2 };
        var host = auth.EnsureText(LogField.Host);
        var events = auth.EnsureNumber(LogField.Event);
        var port = auth.EnsureNumber(LogField.Port);
        var repeat = auth.EnsureNumber(LogField.Repeat);
        auth.Ip[0] = new ByteRange(0, 7); auth.User[0] = new ByteRange(7, 4); host[0] = new ByteRange(11, 7); events[0] = 1; port[0] = 22; repeat[0] = 3; auth.UnixSeconds[0] = 1_700_000_000;
        auth.Ip[1] = ByteRange.Null; auth.User[1] = new ByteRange(18, 3); host[1] = ByteRange.Null; events[1] = LogBatch.NullNumber; port[1] = LogBatch.NullNumber; repeat[1] = 1; auth.UnixSeconds[1] = 1_700_000_001;
        var web = new LogBatch { Format = LogFormat.Combined, Count = 1 };
        web.Ip[0] = new ByteRange(0, 7); web.User[0] = ByteRange.Null; web.Status[0] = 503; web.UnixSeconds[0] = 1_700_000_002;

        using var temp = new TempDirectory("parquet-generic");
        var path = temp.File("mixed.parquet");
        using (var output = File.Create(path))
        {
            var sink = new ParquetFileSink(output, fields, "9.9.9");
            using var cancel = new CancellationTokenSource();
            var writer = new OrderedChunkWriter(sink, cancel);
            var encoder = new ParquetRecordEncoder(writer, sink.Fields);
            encoder.ChunksPlanned([1]);
            encoder.ChunkStarted(0, 0);
            encoder.Consume(auth, block);
            encoder.Consume(web, block);
            encoder.ChunkFinished(0, 0);
            sink.Complete();
        }

        var file = ParquetTestReader.Read(path);
        Assert.Equal(["ip", "user", "ts", "status", "host", "event", "port", "repeat", "latency", "log_format"], file.Fields.Select(f => f.Name));
        Assert.Equal(new object?[] { "1.2.3.4", null, "1.2.3.4" }, file.Columns["ip"]);
        Assert.Equal(new object?[] { "root", "\"q\"", null }, file.Columns["user"]);
        Assert.Equal(new object?[] { AuthEventNames.Names[1], null, null }, file.Columns["event"]);
        Assert.Equal(new object?[] { 22L, null, null }, file.Columns["port"]);
        Assert.Equal(new object?[] { null, null, 503 }, file.Columns["status"]);
        Assert.Equal(new object?[] { 3L, 1L, null }, file.Columns["repeat"]);
        Assert.Equal(new object?[] { "auth", "auth", "combined" }, file.Columns["log_format"]);
        Assert.Equal("auth,combined", file.Metadata["fastlog.format"]);
        Assert.Equal("9.9.9", file.Metadata["fastlog.version"]);

        // Back through the input format: one batch per format, values as written.
        var collector = new Collector();
        using var lines = new ParquetLineStream(File.OpenRead(path));
        var text = new StreamReader(lines).ReadToEnd();
        var counters = new ParseCounters();
        new ParquetLineParser().ParseBlock(System.Text.Encoding.UTF8.GetBytes(text), new BlockOrigin(0, 0, 0, 0), counters, collector);
        Assert.Equal(3, counters.Parsed);
        Assert.Equal([LogFormat.Auth, LogFormat.Combined], collector.Formats);
        Assert.Equal(["1.2.3.4|root|bastion|" + AuthEventNames.Names[1] + "|22|3|1700000000", "-|\"q\"|-|-|-|1|1700000001", "1.2.3.4|-|-|-|-|-|1700000002|503"], collector.Rows);
    }

    private sealed class Collector : IBatchConsumer
    {
        public List<LogFormat> Formats { get; } = [];
        public List<string> Rows { get; } = [];

        public void Consume(LogBatch batch, ReadOnlySpan<byte> block)
        {
            Formats.Add(batch.Format);
            var buffer = new byte[256];
            var bytes = block.ToArray();
            for (var r = 0; r < batch.Count; r++)
            {
                string Field(LogField f) => System.Text.Encoding.UTF8.GetString(buffer, 0, FieldRenderer.Write(f, batch, r, bytes, buffer));
                var row = string.Join('|', Field(LogField.Ip), Field(LogField.User), Field(LogField.Host), Field(LogField.Event), Field(LogField.Port), Field(LogField.Repeat), batch.UnixSeconds[r]);
                Rows.Add(batch.Format == LogFormat.Combined ? row + "|" + batch.Status[r] : row);
            }
        }
    }
}
