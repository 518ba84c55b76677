using System.Text;
using FastLog.Columns;
using FastLog.Diagnostics;
using FastLog.Formats;
using FastLog.Formats.Clf;
using FastLog.Input;
using FastLog.Scanning;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Formats;

/// <summary>
/// The CLF parser's fast lane (issue 18) changes nothing: with it and without it (the field-by-field
/// walk alone, the reference), every row's every column, every counter, the malformed reasons and
/// samples, the suspect-continuation flags and the format-detection tallies are the same, on
/// mutated lines, on every byte value at every position, and on lines that end the block
/// against a guard page. And it is really taken on a clean log.
/// </summary>
public class ClfFastLaneTests
{
    private static readonly string[] s_seeds =
    [
        "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif?x=1 HTTP/1.0\" 200 2326 \"http://www.example.com/start.html\" \"Mozilla/4.08 [en] (Win98; I ;Nav)\"",
        "10.1.2.3 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" 304 -",
        "10.1.2.3 - - [10/Oct/2000:13:55:37 -0700] \"POST /x HTTP/1.1\" 500 1234567 \"\" \"\"\r",
        "10.1.2.3  - [10/Oct/2000:13:55:37 -0700] \"GET /y HTTP/1.1\" 200 12345678 \"-\" \"a\"",
        "[2001:db8::1]:8080 - - [10/Oct/2000:13:55:36 +0000] \"GET /z HTTP/1.1\" 404 0 \"-\" \"curl\"",
        "fe80::1%eth0 - bob [10/Oct/2000:13:55:36 +0000] \"GET / HTTP/1.1\" 101 5 \"-\" \"x\\\\\"",
        "a-rather-long-host-name.dialup.example.net - - [10/Oct/2000:13:55:36 +0000] \"GET /a\\\"b HTTP/1.1\" 599 7",
        "www.example.com:443 10.0.0.1 - - [10/Oct/2000:13:55:36 +0000] \"GET / HTTP/1.1\" 200 5 \"-\" \"x\"",
        "::1 - - [01/Jan/2024:00:00:00 +0000] \"-\" 408 - \"-\" \"-\" 0.001",
        "h - - [29/Feb/2024:23:59:60 +1400] \"GET /a HTTP/1.1\" 200 0 \"-\" \"agent\" rt=0.002 uct=\"0.000\"",
        "h - - [31/Dec/9999:23:59:59 -0100] \"GET /a HTTP/1.1\" 200 0 \"-\" \"agent\"",
    ];

    private static readonly FormatSettings[] s_projections =
    [
        FormatSettings.Default,
        FormatSettings.Default with { Projection = new HashSet<LogField> { LogField.Status } },
        FormatSettings.Default with { Projection = new HashSet<LogField> { LogField.Ip } },
        FormatSettings.Default with { Projection = new HashSet<LogField> { LogField.User, LogField.Method } },
    ];

    public static TheoryData<ClfVariant, ScannerKind> VariantsAndScanners()
    {
        var data = new TheoryData<ClfVariant, ScannerKind>();
        foreach (var variant in new[] { ClfVariant.Common, ClfVariant.Combined, ClfVariant.Nginx })
        foreach (var scanner in ScannerFactory.Available)
            data.Add(variant, scanner);
        return data;
    }

    [Theory]
    [MemberData(nameof(VariantsAndScanners))]
    public void MutatedLines_ParseAsTheWalkAlone(ClfVariant variant, ScannerKind scanner)
    {
        var bytes = MutatedLines.Make(s_seeds, 20_000, 18 + (int)variant);
        foreach (var settings in s_projections)
        {
            var walk = Parse(bytes, variant, scanner, settings, fastLane: false);
            var fast = Parse(bytes, variant, scanner, settings, fastLane: true);
            AssertSame(walk, fast);
            Assert.InRange(fast.FastLines, 2000, fast.Counters.Parsed - 1000); // both lanes taken
            Assert.InRange(walk.Counters.Malformed, 1000, 19_000);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void EveryByteValueAtEveryPosition_ParsesAsTheWalkAlone(int seedIndex)
    {
        var seed = Encoding.UTF8.GetBytes(s_seeds[seedIndex]);
        var text = new List<byte>();
        for (var at = 0; at < seed.Length; at++)
        for (var value = 0; value < 256; value++)
        {
            var line = (byte[])seed.Clone();
            line[at] = (byte)value;
            text.AddRange(line);
            text.Add((byte)'\n');
        }
        var bytes = text.ToArray();
        foreach (var variant in new[] { ClfVariant.Combined, ClfVariant.Nginx })
        foreach (var scanner in ScannerFactory.Available)
        {
            var walk = Parse(bytes, variant, scanner, FormatSettings.Default, fastLane: false);
            var fast = Parse(bytes, variant, scanner, FormatSettings.Default, fastLane: true);
            AssertSame(walk, fast);
            Assert.True(fast.FastLines > seed.Length * 40, $"fast lane took {fast.FastLines} lines");
        }
    }

    [Fact]
    public void LinesThatEndTheBlock_AgainstAGuardPage_ParseAsTheWalkAlone()
    {
        // Every prefix of every seed (and every seed whole, with each ending) as the last line
        // of a block whose last byte touches an unmapped page: a read past the block crashes.
        foreach (var seed in s_seeds)
        {
            var full = Encoding.UTF8.GetBytes(seed);
            for (var length = 0; length <= full.Length; length++)
            {
                foreach (var ending in new[] { "\n", "\r\n", " \n", "\"\n" })
                {
                    var block = Encoding.UTF8.GetBytes(s_seeds[0] + "\n").Concat(full.Take(length)).Concat(Encoding.ASCII.GetBytes(ending)).ToArray();
                    using var guarded = new GuardedBuffer(block);
                    foreach (var scanner in ScannerFactory.Available)
                    {
                        var walk = ParseBlock(guarded, scanner, fastLane: false);
                        var fast = ParseBlock(guarded, scanner, fastLane: true);
                        AssertSame(walk, fast);
                    }
                }
            }
        }
    }

    [Fact]
    public void CleanGeneratedLog_GoesThroughTheFastLane()
    {
        using var temp = new TempDirectory("fastlane");
        var path = temp.File("clean.log");
        GeneratedInputs.Write(path, LogFormat.Combined, 20_000, seed: 18, malformedPerMillion: 0, attacks: false);
        var bytes = File.ReadAllBytes(path);
        var fast = Parse(bytes, ClfVariant.Combined, ScannerFactory.Available[^1], FormatSettings.Default, fastLane: true);
        Assert.Equal(20_000, fast.Counters.Parsed);
        Assert.True(fast.FastLines >= 19_000, $"fast lane took {fast.FastLines} of 20000 lines");
        AssertSame(Parse(bytes, ClfVariant.Combined, ScannerKind.Scalar, FormatSettings.Default, fastLane: false), fast);
    }

    private sealed record Outcome(List<string> Rows, ParseCounters Counters, long WithAgent, long WithTime, long FastLines);

    private static IBlockParser Create(ClfVariant variant, ScannerKind scanner, FormatSettings settings, bool fastLane) => scanner switch
    {
        ScannerKind.Vector256 => new ClfParser<StructuralScannerVector256>(variant, settings: settings) { FastLane = fastLane },
        ScannerKind.Vector128 => new ClfParser<StructuralScannerVector128>(variant, settings: settings) { FastLane = fastLane },
        _ => new ClfParser<StructuralScannerScalar>(variant, settings: settings) { FastLane = fastLane },
    };

    private static Outcome Parse(byte[] bytes, ClfVariant variant, ScannerKind scanner, FormatSettings settings, bool fastLane)
    {
        var counters = new ParseCounters();
        var rows = new RowDump();
        var parser = Create(variant, scanner, settings, fastLane);
        var cutter = new LineBlockCutter(parser, counters, rows);
        var cursor = new LineBlockCutter.Cursor();
        cutter.Feed(bytes, final: true, ref cursor);
        return Tallies(parser, rows, counters);
    }

    private static Outcome ParseBlock(GuardedBuffer block, ScannerKind scanner, bool fastLane)
    {
        var counters = new ParseCounters();
        var rows = new RowDump();
        var parser = Create(ClfVariant.Nginx, scanner, FormatSettings.Default, fastLane);
        parser.ParseBlock(block.Span, new BlockOrigin(0, 0, 0, 0), counters, rows);
        return Tallies(parser, rows, counters);
    }

    private static Outcome Tallies(IBlockParser parser, RowDump rows, ParseCounters counters) => parser switch
    {
        ClfParser<StructuralScannerVector256> p => new(rows.Rows, counters, p.LinesWithAgent, p.LinesWithRequestTime, p.FastLines),
        ClfParser<StructuralScannerVector128> p => new(rows.Rows, counters, p.LinesWithAgent, p.LinesWithRequestTime, p.FastLines),
        ClfParser<StructuralScannerScalar> p => new(rows.Rows, counters, p.LinesWithAgent, p.LinesWithRequestTime, p.FastLines),
        _ => throw new InvalidOperationException(),
    };

    private static void AssertSame(Outcome walk, Outcome fast)
    {
        Assert.Equal(walk.Counters.Lines, fast.Counters.Lines);
        Assert.Equal(walk.Counters.Parsed, fast.Counters.Parsed);
        Assert.Equal(walk.Counters.Blank, fast.Counters.Blank);
        Assert.Equal(walk.Counters.MalformedByReason, fast.Counters.MalformedByReason);
        Assert.Equal(walk.Counters.Flagged, fast.Counters.Flagged);
        for (var reason = 0; reason < walk.Counters.Samples.Length; reason++)
            Assert.Equal(walk.Counters.Samples[reason].Select(Sample), fast.Counters.Samples[reason].Select(Sample));
        Assert.Equal(walk.WithAgent, fast.WithAgent);
        Assert.Equal(walk.WithTime, fast.WithTime);
        Assert.Equal(walk.Rows.Count, fast.Rows.Count);
        for (var r = 0; r < walk.Rows.Count; r++) Assert.Equal(walk.Rows[r], fast.Rows[r]);
    }

    private static string Sample(MalformedSample s) => $"{s.LineIndexInChunk}@{s.FileOffset} {s.Reason} {Convert.ToHexString(s.Excerpt)}";

    /// <summary>Every column the CLF parser writes, as raw ranges and numbers (the walk and the lane must agree to the offset).</summary>
    private sealed class RowDump : IBatchConsumer
    {
        public List<string> Rows { get; } = [];

        public void Consume(LogBatch batch, ReadOnlySpan<byte> block)
        {
            var vhost = batch.TextColumn(LogField.Vhost)!;
            var port = batch.NumberColumn(LogField.Port)!;
            for (var r = 0; r < batch.Count; r++)
            {
                Rows.Add(string.Join('|',
                    R(batch.Line[r]), batch.LineIndex[r], batch.FileOffset[r], R(batch.Ip[r]), R(batch.User[r]), R(batch.Method[r]),
                    R(batch.Path[r]), R(batch.Query[r]), R(batch.Protocol[r]), R(batch.Referer[r]), R(batch.Agent[r]), batch.Status[r],
                    batch.Bytes[r], batch.UnixSeconds[r], batch.RequestTimeMicros[r], batch.SuspectContinuation[r], R(vhost[r]), port[r]));
            }
        }

        private static string R(ByteRange range) => range.IsNull ? "null" : $"{range.Offset}+{range.Length}";
    }
}
