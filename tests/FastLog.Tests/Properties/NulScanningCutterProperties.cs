using CsCheck;
using FastLog.Columns;
using FastLog.Diagnostics;
using FastLog.Formats;
using FastLog.Formats.Clf;
using FastLog.Formats.Json;
using FastLog.Input;
using FastLog.Scanning;

namespace FastLog.Tests.Properties;

/// <summary>
/// The CLF parser finds NUL regions from its own scan, the JSON parser from its line loop
/// (<see cref="INulScanningBlockParser"/>); the cutter then does no NUL pass of its own. Lines, outcomes, offsets and NUL regions must be
/// exactly those of the cutter's own pass (the parser hidden behind a plain
/// <see cref="IBlockParser"/>), and the region count that of the runs the input was built with.
/// </summary>
public class NulScanningCutterProperties
{
    private static readonly string[] s_clfLines =
    [
        "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /a?x=1 HTTP/1.0\" 200 2326 \"http://e.com/\" \"Mozilla/4.08\"",
        "::1 - - [01/Jan/2024:00:00:00 +0000] \"-\" 408 - \"-\" \"-\"",
        "10.0.0.2 - - [01/Jan/2024:00:00:01 +0000] \"GET /\\\" HTTP/1.1\" 404 12",
        "10.0.0.3 - - [01/Jan/2024:00:00:02 +0000] \"GET / HTTP/1.1\" 999 12",
        "10.0.0.4 - - [01/Jan/2024:00:00:03 +0000] \"GET / HTTP/1.1",
        "garbage",
        "",
        "\r",
    ];

    private static readonly string[] s_githubLines =
    [
        "{\"created_at\":\"2024-01-01T00:00:00Z\",\"type\":\"PushEvent\",\"actor\":{\"login\":\"a\"},\"repo\":{\"name\":\"o/r\"},\"public\":true,\"payload\":{\"n\":[1,2]}}",
        "{\"type\":\"WatchEvent\",\"created_at\":\"2024-01-01T00:00:01Z\",\"actor\":{\"login\":\"b\\\"c\"}}",
        "{\"type\":\"PushEvent\"}",
        "{\"created_at\":\"not a time\",\"type\":\"X\"}",
        "{\"created_at\":\"2024-01-01T00:00:00Z\",\"type\":\"X\"",
        "[1,2]",
        "",
        "\r",
    ];

    public static TheoryData<string> Formats => new() { "combined", "github" };

    private static IBlockParser Create(string format, ScannerKind kind) => format == "github"
        ? new GithubFormat().CreateParser(kind, FormatSettings.Default)
        : FormatRegistry.CreateParser(ClfVariant.Combined, kind);

    /// <summary>A piece of input: a line (a NUL inserted inside it at Inside, when ≥ 1), or a run of NULs.</summary>
    private sealed record Piece(int Line, int Inside, int NulRun);

    private static readonly Gen<Piece> s_piece = Gen.Frequency(
        (5, Gen.Select(Gen.Int[0, 7] /* both pools hold eight lines */, Gen.Int[0, 80], (line, inside) => new Piece(line, inside, 0))),
        (1, Gen.Int[1, 300].Select(run => new Piece(0, 0, run))));

    [Theory, MemberData(nameof(Formats))]
    public void TheParsersNulScan_CutsBlocksAsTheCuttersOwnPass(string format) =>
        Gen.Select(s_piece.Array[0, 60], Gen.Bool).Sample((pieces, lastUnterminated) =>
        {
            var lines = format == "github" ? s_githubLines : s_clfLines;
            var bytes = Build(lines, pieces, lastUnterminated, out var expectedRegions, out var expectedLines);
            foreach (var kind in ScannerFactory.Available)
            {
                var scanning = Run(Create(format, kind), bytes);
                Assert.IsAssignableFrom<INulScanningBlockParser>(Create(format, kind));
                var reference = Run(new Plain(Create(format, kind)), bytes);
                Assert.Equal(reference, scanning);
                Assert.Equal(expectedRegions, scanning.Regions);
                Assert.Equal(expectedLines, scanning.Lines);
            }
        }, iter: 3_000, threads: 1);

    private static byte[] Build(string[] pool, Piece[] pieces, bool lastUnterminated, out long regions, out long lines)
    {
        var output = new List<byte>();
        regions = 0;
        lines = 0;
        var previousNul = false;
        var lastLineLength = 0;
        foreach (var piece in pieces)
        {
            if (piece.NulRun > 0)
            {
                output.AddRange(new byte[piece.NulRun]);
                if (!previousNul) regions++;
                previousNul = true;
                continue;
            }
            var line = System.Text.Encoding.ASCII.GetBytes(pool[piece.Line]).ToList();
            // A NUL inside a line is data, never at its start (that would be a region).
            if (piece.Inside >= 1 && line.Count > 0) line.Insert(1 + piece.Inside % line.Count, 0);
            output.AddRange(line);
            output.Add((byte)'\n');
            lastLineLength = line.Count;
            lines++;
            previousNul = false;
        }
        if (lastUnterminated && !previousNul && lastLineLength > 0)
            output.RemoveAt(output.Count - 1); // the last line has no LF: still a line
        return [.. output];
    }

    private sealed record Outcome(long Lines, long Parsed, long Blank, long Malformed, long Regions, long RegionBytes, string Samples, string Records);

    private static Outcome Run(IBlockParser parser, byte[] bytes)
    {
        var counters = new ParseCounters();
        var records = new Rows();
        var cutter = new LineBlockCutter(parser, counters, records);
        var cursor = new LineBlockCutter.Cursor();
        cutter.Feed(bytes, final: true, ref cursor);
        var samples = string.Join(';', counters.Samples.SelectMany(list => list).Select(s => $"{s.Reason}@{s.FileOffset}/{s.LineIndexInChunk}+{s.RegionLength}:{s.Excerpt.Length}"));
        return new Outcome(counters.Lines, counters.Parsed, counters.Blank, counters.Malformed, counters.NulRegions, counters.NulRegionBytes, samples, records.Text.ToString());
    }

    /// <summary>The parser without its NUL report: the cutter searches each block itself, as before.</summary>
    private sealed class Plain(IBlockParser inner) : IBlockParser
    {
        public long ParseBlock(ReadOnlySpan<byte> block, in BlockOrigin origin, ParseCounters counters, IBatchConsumer consumer)
            => inner.ParseBlock(block, origin, counters, consumer);
    }

    private sealed class Rows : IBatchConsumer
    {
        public System.Text.StringBuilder Text { get; } = new();

        public void Consume(LogBatch batch, ReadOnlySpan<byte> block)
        {
            for (var r = 0; r < batch.Count; r++)
                Text.Append($"{batch.LineIndex[r]}@{batch.FileOffset[r]}:{batch.Status[r]}:{batch.UnixSeconds[r]}:{batch.Line[r].Slice(block).Length};");
        }
    }
}
