using System.Text;
using CsCheck;
using FastLog.Scanning;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Properties;

/// <summary>
/// The JSON structural index of every classifier this CPU can run equals the byte-by-byte
/// reference (<see cref="JsonStructuralIndexReference"/>) on random lines built from the bytes
/// that matter (quotes, backslash runs, operators, whitespace, control bytes, escape letters),
/// placed against a guard page before and after (an over-read crashes the run).
/// </summary>
public class JsonStructuralIndexProperties
{
    private static readonly Gen<byte[]> s_lines = Gen.Frequency(
        (1, Gen.Byte.Array[0, 300]),
        (4, Gen.OneOf("\"\\{}[]:, \t\r\nau0f1-.eE".Select(c => (byte)c).Concat([(byte)0, (byte)1, (byte)0x1F, (byte)0x7F, (byte)0xFF, (byte)0xC3,
            // Bytes that share a low nibble with an operator or whitespace (the table classifier's lookups).
            (byte)0x1A, (byte)0x0C, (byte)0x5B, (byte)0x1D, (byte)0x7A, (byte)0x2D, (byte)0x19, (byte)0x8A, (byte)0xBB]).ToArray()).Array[0, 300]),
        // Mostly backslashes and quotes: long runs across the 64-byte block edges.
        (2, Gen.OneOf((byte)'\\', (byte)'\\', (byte)'"', (byte)'a', (byte)'{').Array[0, 200]));

    public static TheoryData<string> Kinds()
    {
        var data = new TheoryData<string>();
        foreach (var kind in ScannerFactory.Available) data.Add(ScannerFactory.NameOf(kind));
        return data;
    }

    [Fact]
    public void EveryClassifier_IndexesAsTheReference_OnRandomLines() =>
        s_lines.Sample(line =>
        {
            using var after = new GuardedBuffer(line);
            using var before = new GuardedBuffer(line, guardBefore: true);
            var expected = new int[line.Length];
            var expectedEscapes = new int[line.Length];
            var reference = JsonStructuralIndexReference.Build(line, expected, expectedEscapes);
            foreach (var kind in ScannerFactory.Available)
            {
                foreach (var span in new[] { after, before })
                {
                    var actual = new int[line.Length + JsonStructuralIndex.PositionSlack];
                    var escapes = new int[line.Length];
                    var index = JsonStructuralIndex.Build(kind, span.Span, actual, escapes);
                    Assert.Equal(reference, index);
                    Assert.True(expectedEscapes.AsSpan(0, reference.EscapeCount).SequenceEqual(escapes.AsSpan(0, index.EscapeCount)));
                    Assert.True(expected.AsSpan(0, reference.Count).SequenceEqual(actual.AsSpan(0, index.Count)),
                        $"{ScannerFactory.NameOf(kind)}: {index.Count} positions, reference {reference.Count}");
                }
            }
        }, iter: 20_000, threads: 1, print: Convert.ToHexString);

    /// <summary>A line followed by more text (the next lines of a block): the bytes after it are loaded but never indexed.</summary>
    [Fact]
    public void EveryClassifier_IgnoresTheTextAfterTheLine() =>
        Gen.Select(s_lines, s_lines).Sample((line, after) =>
        {
            var text = line.Concat(after).ToArray();
            using var guarded = new GuardedBuffer(text);
            var expected = new int[line.Length];
            var reference = JsonStructuralIndexReference.Build(line, expected, new int[line.Length]);
            foreach (var kind in ScannerFactory.Available)
            {
                var actual = new int[line.Length + JsonStructuralIndex.PositionSlack];
                var index = JsonStructuralIndex.Build(kind, guarded.Span, line.Length, actual, new int[line.Length]);
                Assert.Equal(reference, index);
                Assert.True(expected.AsSpan(0, reference.Count).SequenceEqual(actual.AsSpan(0, index.Count)),
                    $"{ScannerFactory.NameOf(kind)}: {index.Count} positions, reference {reference.Count}");
            }
        }, iter: 10_000, threads: 1);

    /// <summary>
    /// Every classifier this CPU runs, by name, each with the two passes: indexing a line of known
    /// length, and indexing the first line of a text while finding its LF.
    /// </summary>
    private static IEnumerable<(string Name, BuildKnown Known, BuildToLineFeed ToLineFeed)> Classifiers()
    {
        yield return ("scalar", JsonStructuralIndex.Build<JsonBlockClassifierScalar>, JsonStructuralIndex.BuildLine<JsonBlockClassifierScalar>);
        if (JsonBlockClassifierVector128.IsSupported)
            yield return ("v128", JsonStructuralIndex.Build<JsonBlockClassifierVector128>, JsonStructuralIndex.BuildLine<JsonBlockClassifierVector128>);
        if (JsonBlockClassifierVector256.IsSupported)
            yield return ("v256", JsonStructuralIndex.Build<JsonBlockClassifierVector256>, JsonStructuralIndex.BuildLine<JsonBlockClassifierVector256>);
    }

    private delegate JsonLineIndex BuildKnown(ReadOnlySpan<byte> text, int length, Span<int> positions, Span<int> escapes);

    private delegate JsonLineIndex BuildToLineFeed(ReadOnlySpan<byte> text, Span<int> positions, Span<int> escapes, out int length);

    /// <summary>Each classifier's generic pass indexes a line followed by more text as the reference does.</summary>
    [Fact]
    public void EachClassifier_IndexesAsTheReference() =>
        Gen.Select(s_lines, s_lines).Sample((line, after) =>
        {
            var text = line.Concat(after).ToArray();
            using var guarded = new GuardedBuffer(text);
            var expected = new int[line.Length];
            var expectedEscapes = new int[line.Length];
            var reference = JsonStructuralIndexReference.Build(line, expected, expectedEscapes);
            foreach (var (name, known, _) in Classifiers())
            {
                var actual = new int[line.Length + JsonStructuralIndex.PositionSlack];
                var escapes = new int[line.Length];
                var index = known(guarded.Span, line.Length, actual, escapes);
                AssertSameIndex(name, (reference, expected, expectedEscapes), (index, actual, escapes));
            }
        }, iter: 10_000, threads: 1);

    /// <summary>
    /// Indexing to the LF: the line is the text up to its first LF, indexed as the reference
    /// indexes that line alone (the LF found at every offset of the first blocks, the text's last
    /// byte against a guard page); spans too short for the line give -1, and nothing past it.
    /// </summary>
    [Fact]
    public void EachClassifier_IndexesToTheFirstLineFeed_AsTheReference() =>
        Gen.Select(s_lines, s_lines, Gen.Int[0, 3]).Sample((head, after, shortBy) =>
        {
            var text = head.Concat("\n"u8.ToArray()).Concat(after).Concat("\n"u8.ToArray()).ToArray();
            var lineLength = Array.IndexOf(text, (byte)'\n');
            var line = text[..lineLength];
            using var guarded = new GuardedBuffer(text);
            var expected = new int[line.Length];
            var expectedEscapes = new int[line.Length];
            var reference = JsonStructuralIndexReference.Build(line, expected, expectedEscapes);
            foreach (var (name, _, toLineFeed) in Classifiers())
            {
                var actual = new int[line.Length + JsonStructuralIndex.PositionSlack];
                var escapes = new int[line.Length];
                var index = toLineFeed(guarded.Span, actual, escapes, out var length);
                Assert.Equal(lineLength, length);
                AssertSameIndex(name, (reference, expected, expectedEscapes), (index, actual, escapes));
                if (line.Length > 0)
                {
                    // One entry short of the line (or more): the pass refuses rather than writing past the spans.
                    var room = Math.Max(0, line.Length - 1 - shortBy);
                    toLineFeed(guarded.Span, new int[room + JsonStructuralIndex.PositionSlack], new int[room], out var refused);
                    Assert.Equal(-1, refused);
                }
            }
        }, iter: 10_000, threads: 1);

    private static void AssertSameIndex(string name, (JsonLineIndex Index, int[] Positions, int[] Escapes) expected, (JsonLineIndex Index, int[] Positions, int[] Escapes) actual)
    {
        Assert.Equal(expected.Index, actual.Index);
        Assert.True(expected.Escapes.AsSpan(0, expected.Index.EscapeCount).SequenceEqual(actual.Escapes.AsSpan(0, actual.Index.EscapeCount)), name);
        Assert.True(expected.Positions.AsSpan(0, expected.Index.Count).SequenceEqual(actual.Positions.AsSpan(0, actual.Index.Count)),
            $"{name}: {actual.Index.Count} positions, reference {expected.Index.Count}");
    }

    [Fact]
    public void PrefixXor_IsTheRunningParity() =>
        Gen.ULong.Sample(x =>
        {
            ulong expected = 0, parity = 0;
            for (var i = 0; i < 64; i++)
            {
                parity ^= (x >> i) & 1;
                expected |= parity << i;
            }
            Assert.Equal(expected, JsonStructuralIndex.PrefixXor(x));
            Assert.Equal(expected, JsonStructuralIndex.PrefixXorLadder(x));
        }, iter: 10_000);

    /// <summary>A string with an odd or even backslash run before its quote, moved across every offset of the first three blocks.</summary>
    [Theory, MemberData(nameof(Kinds))]
    public void BackslashRuns_AcrossBlockEdges_DecideWhereStringsEnd(string kindName)
    {
        var kind = ScannerFactory.Parse(kindName)!.Value;
        for (var run = 1; run <= 4; run++)
        {
            for (var pad = 0; pad < 3 * 64; pad++)
            {
                var line = Encoding.ASCII.GetBytes("{\"" + new string('x', pad) + new string('\\', run) + "\"\":1,\"k\":[true]}");
                var expected = new int[line.Length];
                var actual = new int[line.Length + JsonStructuralIndex.PositionSlack];
                var reference = JsonStructuralIndexReference.Build(line, expected, new int[line.Length]);
                var index = JsonStructuralIndex.Build(kind, line, actual, new int[line.Length]);
                Assert.Equal(reference, index);
                Assert.True(expected.AsSpan(0, reference.Count).SequenceEqual(actual.AsSpan(0, index.Count)), $"run {run}, pad {pad}");
                // An odd run escapes the quote: { " " : 1 , " " : [ true ] } are 13 positions. An
                // even run closes the string there, so the next quote opens one that swallows
                // ":1," and the last runs unterminated: { " " " " k " are 7.
                Assert.Equal(run % 2 == 0 ? 7 : 13, index.Count);
            }
        }
    }
}
