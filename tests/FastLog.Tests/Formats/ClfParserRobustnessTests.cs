using System.Text;
using FastLog.Diagnostics;
using FastLog.Formats;
using FastLog.Formats.Clf;
using FastLog.Input;
using FastLog.Scanning;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Formats;

/// <summary>
/// docs/reliability.md R6: one bad record never stops the run, and an exception inside a parser is
/// a bug. Mutated lines (bytes flipped, deleted, duplicated, structural bytes injected) must
/// never throw, must account for every line exactly once, and must parse the same under every
/// scanner and both feeding paths.
/// </summary>
public class ClfParserRobustnessTests
{
    private static readonly string[] s_seeds =
    [
        "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif?x=1 HTTP/1.0\" 200 2326 \"http://www.example.com/start.html\" \"Mozilla/4.08 [en] (Win98; I ;Nav)\"",
        "::1 - - [01/Jan/2024:00:00:00 +0000] \"-\" 408 - \"-\" \"-\" 0.001",
        "h - - [29/Feb/2024:23:59:60 +1400] \"GET /a\\\"b HTTP/1.1\" 599 0 \"-\" \"agent \\\\\"",
    ];

    private static readonly byte[] s_interesting = "\n\r \"\\[]-:/+0\0\x80\xff"u8.ToArray();

    [Theory]
    [InlineData(ClfVariant.Common)]
    [InlineData(ClfVariant.Combined)]
    [InlineData(ClfVariant.Nginx)]
    public void MutatedLinesNeverThrowAndAgreeAcrossScannersAndFeeds(ClfVariant variant)
    {
        var random = new Random((int)variant * 7919);
        var text = new List<byte>();
        for (var i = 0; i < 4000; i++)
        {
            var line = Encoding.UTF8.GetBytes(s_seeds[random.Next(s_seeds.Length)]).ToList();
            for (var m = random.Next(0, 4); m > 0 && line.Count > 0; m--)
            {
                var at = random.Next(line.Count);
                switch (random.Next(4))
                {
                    case 0: line[at] = s_interesting[random.Next(s_interesting.Length)]; break;
                    case 1: line.RemoveAt(at); break;
                    case 2: line.Insert(at, s_interesting[random.Next(s_interesting.Length)]); break;
                    default: line.InsertRange(at, line.GetRange(at, Math.Min(10, line.Count - at))); break;
                }
            }
            text.AddRange(line);
            text.Add((byte)'\n');
        }
        var bytes = text.ToArray();
        var lineCount = bytes.Count(b => b == (byte)'\n');

        (List<ParsedRecord> Records, ParseCounters Counters) Run(ScannerKind scanner, bool stream)
        {
            var counters = new ParseCounters();
            var collector = new RecordCollector();
            var cutter = new LineBlockCutter(FormatRegistry.CreateParser(variant, scanner), counters, collector);
            var cursor = new LineBlockCutter.Cursor();
            if (stream) cutter.FeedStream(new MemoryStream(bytes), ref cursor);
            else cutter.Feed(bytes, final: true, ref cursor);
            return (collector.Records, counters);
        }

        var (reference, referenceCounters) = Run(ScannerKind.Scalar, stream: false);
        Assert.Equal(lineCount, referenceCounters.Lines);
        Assert.Equal(referenceCounters.Lines, referenceCounters.Parsed + referenceCounters.Blank + referenceCounters.Malformed);
        Assert.Equal(reference.Count, referenceCounters.Parsed);
        Assert.InRange(referenceCounters.Parsed, 1, lineCount - 1); // the mutations leave both kinds
        foreach (var scanner in ScannerFactory.Available)
        foreach (var stream in new[] { false, true })
        {
            var (records, counters) = Run(scanner, stream);
            Assert.Equal(reference, records);
            Assert.Equal(referenceCounters.MalformedByReason, counters.MalformedByReason);
        }
    }
}
