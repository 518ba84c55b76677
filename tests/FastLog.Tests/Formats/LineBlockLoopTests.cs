using System.Text;
using FastLog.Columns;
using FastLog.Diagnostics;
using FastLog.Formats;
using FastLog.Formats.Alb;
using FastLog.Formats.Clf;
using FastLog.Formats.Custom;
using FastLog.Formats.Json;
using FastLog.Formats.Syslog;
using FastLog.Formats.W3c;
using FastLog.Scanning;

namespace FastLog.Tests.Formats;

/// <summary>
/// The accounting every line-based parser gets from <see cref="LineBlockLoop"/>: on a block far into
/// a large input (offset past 4 GiB, a chunk that starts at line 1,000) with small batches, every
/// record and every malformed sample carries its own line number and 64-bit offset, the counts add
/// up, full batches are handed on with the bytes their ranges point into, and CR is never part of
/// a sample. The expectations come from the block's bytes (its LF positions), not from a parser.
/// </summary>
public class LineBlockLoopTests
{
    private const long Offset = 5_000_000_000;
    private const long FirstLine = 1_000;

    public static TheoryData<string> Formats() => ["combined", "syslog", "auth", "w3c", "alb", "custom", "jsonl", "cloudtrail"];

    [Theory, MemberData(nameof(Formats))]
    public void EveryLine_IsCountedNumberedAndPlaced(string format)
    {
        var (parser, header, good, bad) = Case(format);
        // Lines, in order: the header (w3c only), then good and bad lines, blank lines, and CRLF ends.
        var lines = new List<(string Text, string Eol, char Kind)>();
        if (header is not null) lines.Add((header, "\n", 'h'));
        for (var i = 0; i < 4; i++)
        {
            lines.Add((good, "\n", 'g'));
            lines.Add((good, "\r\n", 'g'));
            lines.Add((bad, i % 2 == 0 ? "\r\n" : "\n", 'b'));
            lines.Add(("", i % 2 == 0 ? "\n" : "\r\n", 'e'));
        }
        lines.Add((good, "\n", 'g'));
        var block = Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l.Text + l.Eol)));

        var counters = new ParseCounters();
        var consumer = new RowCollector();
        var returned = parser.ParseBlock(block, new BlockOrigin(2, 3, Offset, FirstLine), counters, consumer);

        var expectedGood = new List<(long Line, long Offset)>();
        var expectedBad = new List<(long Line, long Offset)>();
        long start = 0;
        for (var n = 0; n < lines.Count; n++)
        {
            if (lines[n].Kind == 'g') expectedGood.Add((FirstLine + n, Offset + start));
            if (lines[n].Kind == 'b') expectedBad.Add((FirstLine + n, Offset + start));
            start += Encoding.UTF8.GetByteCount(lines[n].Text + lines[n].Eol);
        }
        Assert.Equal(block.Count(b => b == (byte)'\n'), returned);
        Assert.Equal(returned, counters.Lines);
        Assert.Equal(expectedGood.Count, counters.Parsed);
        Assert.Equal(expectedBad.Count, counters.Malformed);
        Assert.Equal(lines.Count(l => l.Kind is 'e' or 'h'), counters.Blank);

        Assert.Equal(expectedGood, consumer.Rows.Select(r => (r.Line, r.Offset)));
        Assert.All(consumer.Rows, r => Assert.Equal(good, r.Text.TrimEnd('\r')));
        Assert.All(consumer.BatchSizes, size => Assert.InRange(size, 1, 3));
        Assert.Equal(consumer.BatchSizes.Count, (expectedGood.Count + 2) / 3);

        var samples = counters.Samples.SelectMany(s => s).OrderBy(s => s.LineIndexInChunk).ToList();
        Assert.Equal(expectedBad, samples.Select(s => (s.LineIndexInChunk, s.FileOffset)));
        Assert.All(samples, s => Assert.Equal(bad, Encoding.UTF8.GetString(s.Excerpt)));
        Assert.All(samples, s => Assert.Equal((2, 3), (s.InputIndex, s.ChunkIndex)));
    }

    private static (IBlockParser Parser, string? Header, string Good, string Bad) Case(string format) => format switch
    {
        "combined" => (new ClfParser<StructuralScannerScalar>(ClfVariant.Combined, 3), null,
            "192.0.2.1 - - [01/Mar/2024:10:00:00 +0000] \"GET /a?b=1 HTTP/1.1\" 200 512 \"-\" \"curl/8.5.0\"", "192.0.2.1 - - [01/Mar/2024:10:00:00 +0000] \"GET /a HTTP/1.1\" 2O0 5"),
        "syslog" => (new SyslogParser(false, new FormatSettings { Year = 2024 }, 3), null,
            "<34>1 2024-03-01T10:00:00Z host app 123 ID47 - a message", "no header at all"),
        "auth" => (new SyslogParser(true, new FormatSettings { Year = 2024 }, 3), null,
            "Mar  1 10:00:00 host sshd[42]: Failed password for root from 198.51.100.7 port 22 ssh2", "Foo 99 99:99:99 host sshd[42]: x"),
        "w3c" => (new W3cParser(3), "#Fields: date time c-ip cs-method cs-uri-stem sc-status",
            "2024-03-01 10:00:00 192.0.2.1 GET /a 200", "2024-03-01 10:00:00 192.0.2.1 GET"),
        "alb" => (new AlbParser(3), null, AlbParserTests.HttpExample, "http 2018-07-02T22:23:00.186641Z app/x"),
        "custom" => (new CustomParser(CustomPlan.Compile("%h %t \"%r\" %>s %b"), 3), null,
            "192.0.2.1 [01/Mar/2024:10:00:00 +0000] \"GET / HTTP/1.1\" 200 12", "192.0.2.1 [01/Mar/2024:10:00:00 +0000] \"GET / HTTP/1.1\" abc 12"),
        "jsonl" => (new JsonRecordParser(LogFormat.Jsonl, JsonlFormat.DefaultSpecs, null, 3), null,
            "{\"ts\":\"2024-03-01T10:00:00Z\",\"msg\":\"hello\"}", "{\"ts\": oops"),
        _ => (new JsonRecordParser(LogFormat.CloudTrail, CloudTrailFormat.Specs, CloudTrailFormat.Completer, 3), null,
            "{\"eventTime\":\"2024-03-01T10:00:00Z\",\"eventName\":\"GetObject\",\"eventSource\":\"s3.amazonaws.com\",\"sourceIPAddress\":\"192.0.2.1\"}", "[1, 2"),
    };

    /// <summary>Each handed-on row's line number, offset and line text (read from the bytes handed on with the batch).</summary>
    private sealed class RowCollector : IBatchConsumer
    {
        public List<(long Line, long Offset, string Text)> Rows { get; } = [];
        public List<int> BatchSizes { get; } = [];

        public void Consume(LogBatch batch, ReadOnlySpan<byte> block)
        {
            BatchSizes.Add(batch.Count);
            for (var r = 0; r < batch.Count; r++)
                Rows.Add((batch.LineIndex[r], batch.FileOffset[r], Encoding.UTF8.GetString(batch.Line[r].Slice(block))));
        }
    }
}
