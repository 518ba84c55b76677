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

    [Theory]
    [InlineData(ClfVariant.Common)]
    [InlineData(ClfVariant.Combined)]
    [InlineData(ClfVariant.Nginx)]
    public void MutatedLinesNeverThrowAndAgreeAcrossScannersAndFeeds(ClfVariant variant)
    {
        var bytes = MutatedLines.Make(s_seeds, 4000, (int)variant * 7919);
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
