using System.Text;
using FastLog.Diagnostics;
using FastLog.Formats;
using FastLog.Formats.Json;
using FastLog.Input;
using Xunit;

namespace FastLog.Tests.Formats;

/// <summary>
/// The CloudTrail Records reframer: whatever the piece sizes it is fed, it writes the elements of
/// each <c>Records</c> array one per line, compactly, and nothing else.
/// </summary>
public class JsonRecordsReframerTests
{
    private const string Compact = """{"Records":[{"eventTime":"2023-07-10T11:42:36Z","eventName":"A,]}","n":[1,{"x":"\"]"}]},{"eventTime":"2023-07-10T11:42:37Z","eventName":"B\\"}]}""";

    private const string Expected = """
        {"eventTime":"2023-07-10T11:42:36Z","eventName":"A,]}","n":[1,{"x":"\"]"}]}
        {"eventTime":"2023-07-10T11:42:37Z","eventName":"B\\"}

        """;

    private const string Pretty = """
        {
          "Records" : [
            {
              "eventTime" : "2023-07-10T11:42:36Z",
              "eventName" : "A,]}",
              "n" : [ 1, { "x" : "\"]" } ]
            } ,
            {
              "eventTime": "2023-07-10T11:42:37Z",
        	  "eventName": "B\\"
            }
          ]
        }

        """;

    /// <summary>Reads <paramref name="input"/> through the reframing stream, the inner stream giving <paramref name="piece"/> bytes per read at most and the caller asking <paramref name="ask"/> at a time.</summary>
    private static string Reframe(byte[] input, int piece, int ask = 7)
    {
        using var stream = new RecordsReframingStream(new TrickleStream(input, piece));
        var output = new MemoryStream();
        var buffer = new byte[ask];
        int n;
        while ((n = stream.Read(buffer, 0, buffer.Length)) > 0) output.Write(buffer, 0, n);
        return Encoding.UTF8.GetString(output.ToArray());
    }

    [Theory]
    [InlineData(Compact)]
    [InlineData(Pretty)]
    public void EveryPieceSize_GivesTheSameLines(string input)
    {
        var bytes = Encoding.UTF8.GetBytes(input.ReplaceLineEndings("\n"));
        for (var piece = 1; piece <= bytes.Length; piece++)
            Assert.Equal(Expected.ReplaceLineEndings("\n"), Reframe(bytes, piece, ask: 1 + piece % 13));
    }

    // Every split point of the input into two reads, as a Records file split across reads.
    [Fact]
    public void EverySplitPoint_GivesTheSameLines()
    {
        var bytes = Encoding.UTF8.GetBytes(Pretty.ReplaceLineEndings("\r\n"));
        var expected = Expected.ReplaceLineEndings("\n");
        for (var cut = 0; cut <= bytes.Length; cut++)
        {
            var reframer = new RecordsReframer();
            var output = new byte[bytes.Length + 1];
            var first = reframer.Transform(bytes.AsSpan(0, cut), output, out var consumed1);
            var second = reframer.Transform(bytes.AsSpan(cut), output.AsSpan(first), out var consumed2);
            var last = reframer.Finish(output.AsSpan(first + second));
            Assert.Equal(cut, consumed1);
            Assert.Equal(bytes.Length - cut, consumed2);
            Assert.Equal(0, last);
            Assert.Equal(expected, Encoding.UTF8.GetString(output, 0, first + second));
        }
    }

    [Fact]
    public void OtherKeys_ConcatenatedFiles_AndTopLevelArrays()
    {
        var input = """
            {"Other":[{"no":1}],"x":"Records","Records":[{"a":1}],"after":{"Records":[{"nested":1}]}}
            {"Records":[]}
            {"Records":[{"b":2}]}
            [{"c":3},{"d":4}]
            """;
        Assert.Equal("{\"a\":1}\n{\"b\":2}\n{\"c\":3}\n{\"d\":4}\n", Reframe(Encoding.UTF8.GetBytes(input), 5));
    }

    [Fact]
    public void MalformedStructure_EndsItsRecordAndRecovers()
    {
        // Brackets are counted, not paired: '[1}' leaves the element one level deep, so the next
        // '}' closes it and ']' ends it. Below, the unbalanced element runs on to the end of
        // input, where it is ended; a raw LF inside a string becomes CR.
        var input = "{\"Records\":[{\"a\":[1}, {\"b\":\"x\ny\"}, {\"c\":1";
        Assert.Equal("{\"a\":[1}}\n", Reframe(Encoding.UTF8.GetBytes("{\"Records\":[{\"a\":[1}}]}"), 3));
        Assert.Equal("{\"a\":[1},{\"b\":\"x\ry\"},{\"c\":1\n", Reframe(Encoding.UTF8.GetBytes(input), 4));
    }

    [Fact]
    public void ReframedLines_ParseAsCloudTrail()
    {
        var bytes = Encoding.UTF8.GetBytes(Reframe(Encoding.UTF8.GetBytes(Pretty), 3));
        var (c, counters) = JsonFieldCollector.Parse(new CloudTrailFormat(), bytes);
        Assert.Equal(2, counters.Parsed);
        Assert.Equal(["A,]}", "B\\"], c.Records.Select(r => r[Columns.LogField.EventName]));
    }

    // A record larger than the line limit is reported by the cutter as one line_too_long while
    // the reframer holds only its 64 KiB window: memory stays bounded and the next record parses.
    [Fact]
    public void HugeRecord_IsLineTooLong_AndTheNextParses()
    {
        var huge = new string('x', LineBlockCutter.MaxLineBytes + 10);
        var input = $$"""{"Records":[{"eventTime":"2023-07-10T11:42:36Z","userAgent":"{{huge}}"},{"eventTime":"2023-07-10T11:42:37Z","eventName":"after"}]}""";
        var counters = new ParseCounters();
        var collector = new JsonFieldCollector([Columns.LogField.EventName]);
        var cutter = new LineBlockCutter(new CloudTrailFormat().CreateParser(default, FormatSettings.Default), counters, collector);
        var cursor = new LineBlockCutter.Cursor();
        using var stream = new RecordsReframingStream(new TrickleStream(Encoding.UTF8.GetBytes(input), 1 << 16));
        cutter.FeedStream(stream, ref cursor);
        Assert.Equal(1, counters.MalformedByReason[(int)MalformedReason.LineTooLong]);
        Assert.Equal(1, counters.Parsed);
        Assert.Equal("after", collector.Records.Single()[Columns.LogField.EventName]);
    }

    [Theory]
    [InlineData("{\"Records\":[", true)]
    [InlineData("\uFEFF \n {\n  \"Records\" : [", true)]
    [InlineData("[{\"a\":1}]", true)]
    [InlineData("{\"eventVersion\":\"1.08\"}", false)]
    [InlineData("{\"Recordsx\":[", false)]
    [InlineData("", false)]
    public void LooksLikeRecordsFile(string sample, bool expected)
        => Assert.Equal(expected, RecordsReframer.LooksLikeRecordsFile(Encoding.UTF8.GetBytes(sample)));

    /// <summary>A stream that returns at most <c>piece</c> bytes per read.</summary>
    private sealed class TrickleStream(byte[] data, int piece) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, piece));
        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, piece)]);
    }
}
