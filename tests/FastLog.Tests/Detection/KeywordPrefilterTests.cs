using System.Buffers;
using System.Text;
using FastLog.Columns;
using FastLog.Detection;
using FastLog.Detection.Web;
using FastLog.Diagnostics;
using FastLog.Formats;
using FastLog.Formats.Clf;
using FastLog.Input;
using FastLog.Scanning;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Detection;

/// <summary>
/// <see cref="KeywordPrefilter"/> is exact: on every value its hot path and its scalar reference
/// answer what <see cref="SearchValues{T}"/> of strings (OrdinalIgnoreCase, the oracle) answers
/// over the Latin-1 widened value, for the real anchor sets and for random ones.
/// </summary>
public class KeywordPrefilterTests
{
    private static readonly KeywordPrefilter s_target = new(WebRules.TargetAnchors);
    private static readonly KeywordPrefilter s_header = new(WebRules.HeaderAnchors);
    private static readonly SearchValues<string>[] s_headerOracle = [WebRules.HeaderPrefilter];

    /// <summary>Asserts both paths of <paramref name="filter"/> agree with the oracle on <paramref name="value"/>; returns the verdict.</summary>
    private static bool AssertExact(KeywordPrefilter filter, SearchValues<string>[] oracle, ReadOnlySpan<byte> value)
    {
        var chars = Encoding.Latin1.GetString(value);
        var expected = false;
        foreach (var group in oracle) expected |= chars.AsSpan().IndexOfAny(group) >= 0;
        var fast = filter.MayContainAny(value);
        var scalar = filter.MayContainAnyScalar(value);
        if (fast != expected || scalar != expected)
            Assert.Fail($"expected {expected}, hot path {fast}, scalar {scalar} on [{Escape(value)}] ({value.Length} bytes)");
        return expected;
    }

    private static bool AssertExactTarget(ReadOnlySpan<byte> value) => AssertExact(s_target, WebRules.TargetPrefilter, value);

    private static bool AssertExactHeader(ReadOnlySpan<byte> value) => AssertExact(s_header, s_headerOracle, value);

    private static bool AssertExactBoth(ReadOnlySpan<byte> value) => AssertExactTarget(value) | AssertExactHeader(value);

    private static string Escape(ReadOnlySpan<byte> value)
    {
        var text = new StringBuilder();
        foreach (var b in value) text.Append(b is >= 0x20 and < 0x7F ? ((char)b).ToString() : $"\\x{b:X2}");
        return text.ToString();
    }

    private static byte[] Latin1(string text) => Encoding.Latin1.GetBytes(text);

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("ab")]
    public void RefusesAnchorsShorterThanThree(string anchor)
    {
        var error = Assert.Throws<ArgumentException>(() => new KeywordPrefilter(["long enough", anchor]));
        Assert.Contains("shorter than 3", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ab\0")]
    [InlineData("a\tb")]
    [InlineData("caf\u00e9")]
    [InlineData("ab\u007f")]
    [InlineData("\u212Aelvin")]
    public void RefusesAnchorsOutsidePrintableAscii(string anchor)
    {
        var error = Assert.Throws<ArgumentException>(() => new KeywordPrefilter([anchor]));
        Assert.Contains("printable ASCII", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RealAnchorSetsAreValidAndTableIsSparse()
    {
        // The construction checks hold for the real sets, and the table is at least four slots per anchor group.
        Assert.InRange(WebRules.TargetAnchors.Length, 100, 1000);
        Assert.True(s_target.SlotCount >= 4 * WebRules.TargetAnchors.Select(a => a[..3].ToLowerInvariant()).Distinct().Count());
        Assert.True(s_header.SlotCount >= 4 * WebRules.HeaderAnchors.Select(a => a[..3].ToLowerInvariant()).Distinct().Count());
    }

    [Fact]
    public void EmptyAnchorSetMatchesNothing()
    {
        var none = new KeywordPrefilter([]);
        Assert.False(none.MayContainAny("anything at all, long enough for the word loop"u8));
        Assert.False(none.MayContainAnyScalar("abc"u8));
    }

    [Fact]
    public void ValuesShorterThanThreeBytesNeverMatch()
    {
        // Every 0-, 1- and 2-byte value: no anchor fits.
        Assert.False(AssertExactTarget([]));
        for (var a = 0; a < 256; a++)
        {
            Assert.False(AssertExactBoth([(byte)a]));
            for (var b = 0; b < 256; b++) Assert.False(AssertExactBoth([(byte)a, (byte)b]));
        }
    }

    [Fact]
    public void EveryAnchorIsFoundAtEveryOffsetInEveryCase()
    {
        // Offsets 0..17 and trailing lengths 0..9 put the anchor at every position of the 8-byte
        // window (start, inside, straddling two windows, in the overlapping last window, at the
        // very end), and values shorter than 8 bytes take the scalar path.
        foreach (var (anchors, filter, oracle) in RealSets())
        {
            foreach (var anchor in anchors)
            {
                foreach (var cased in new[] { anchor, anchor.ToUpperInvariant(), anchor.ToLowerInvariant(), AlternateCase(anchor) })
                {
                    for (var before = 0; before < 18; before++)
                    {
                        for (var after = 0; after < 10; after++)
                        {
                            var value = Latin1(new string('\0', before) + cased + new string('\0', after));
                            Assert.True(AssertExact(filter, oracle, value), $"'{cased}' at {before} of {value.Length}");
                        }
                    }
                }
            }
        }
    }

    [Fact]
    public void AnchorsCutShortOrBrokenByHighBytesOrNulDoNotMatch()
    {
        // Each anchor minus its last or first character, and with each character in turn replaced by
        // NUL, by every byte 0x80–0xFF (Latin-1 letters included: none case-folds to ASCII) or by
        // its other-case twin, all compared with the oracle (a broken anchor may still contain another).
        foreach (var (anchors, filter, oracle) in RealSets())
        {
            foreach (var anchor in anchors)
            {
                AssertExact(filter, oracle, Latin1("padding " + anchor[..^1] + " padding"));
                AssertExact(filter, oracle, Latin1("padding " + anchor[1..] + " padding"));
                var bytes = Latin1("  /x" + anchor + "?y  ");
                for (var i = 4; i < 4 + anchor.Length; i++)
                {
                    var original = bytes[i];
                    bytes[i] = 0;
                    AssertExact(filter, oracle, bytes);
                    for (var high = 0x80; high < 0x100; high++)
                    {
                        bytes[i] = (byte)high;
                        AssertExact(filter, oracle, bytes);
                    }
                    bytes[i] = (byte)(original ^ 0x20);
                    AssertExact(filter, oracle, bytes);
                    bytes[i] = original;
                }
            }
        }
    }

    [Fact]
    public void EveryPrintableTrigramAgreesWithTheOracle()
    {
        // All 95^3 printable trigrams, each alone (scalar path) and NUL-padded into an 11-byte value
        // at offset 2 (tested by the first window only) and 6 (by the last, overlapping window
        // only): every filter-hash collision with an anchor's first trigram is among them.
        var alone = new byte[3];
        var first = new byte[11];
        var last = new byte[11];
        for (var a = 0x20; a < 0x7F; a++)
        {
            for (var b = 0x20; b < 0x7F; b++)
            {
                for (var c = 0x20; c < 0x7F; c++)
                {
                    (alone[0], alone[1], alone[2]) = ((byte)a, (byte)b, (byte)c);
                    (first[2], first[3], first[4]) = ((byte)a, (byte)b, (byte)c);
                    (last[6], last[7], last[8]) = ((byte)a, (byte)b, (byte)c);
                    var expectTarget = AssertExactTarget(alone);
                    var expectHeader = AssertExactHeader(alone);
                    if (s_target.MayContainAny(first) != expectTarget || s_target.MayContainAny(last) != expectTarget
                        || s_header.MayContainAny(first) != expectHeader || s_header.MayContainAny(last) != expectHeader)
                        Assert.Fail($"padded '{(char)a}{(char)b}{(char)c}' disagrees with the oracle");
                }
            }
        }
    }

    [Fact]
    public void RandomValuesFromAnchorFragmentsAgreeWithTheOracle()
    {
        // 100,000 values of 0–120 bytes: fragments of anchors (random case, often whole anchors,
        // often a prefix that stops short), ordinary path text, NUL and bytes >= 0x80.
        var random = new Random(20240607);
        var fragments = WebRules.TargetAnchors.Concat(WebRules.HeaderAnchors).ToArray();
        string[] filler = ["/", "/api/v1/", "?id=", "&q=", "%20", "..", "=", " ", "select", "/contact", "index.php", "Mozilla/5.0 "];
        var hits = 0;
        var value = new List<byte>();
        for (var n = 0; n < 100_000; n++)
        {
            value.Clear();
            var length = random.Next(0, 121);
            while (value.Count < length)
            {
                switch (random.Next(6))
                {
                    case 0:
                        value.AddRange(Latin1(RandomCase(random, fragments[random.Next(fragments.Length)])));
                        break;
                    case 1 or 2:
                        var anchor = fragments[random.Next(fragments.Length)];
                        var start = random.Next(anchor.Length);
                        value.AddRange(Latin1(RandomCase(random, anchor[start..random.Next(start + 1, anchor.Length + 1)])));
                        break;
                    case 3:
                        value.AddRange(Latin1(filler[random.Next(filler.Length)]));
                        break;
                    case 4:
                        value.Add((byte)random.Next(0x20, 0x7F));
                        break;
                    default:
                        value.Add(random.Next(3) == 0 ? (byte)0 : (byte)random.Next(0x80, 0x100));
                        break;
                }
            }
            var bytes = value.Count > length ? value.GetRange(0, length).ToArray() : value.ToArray();
            if (AssertExactTarget(bytes)) hits++;
            AssertExactHeader(bytes);
        }
        // Both verdicts are common, so the comparison is not vacuous either way.
        Assert.InRange(hits, 10_000, 90_000);
    }

    [Fact]
    public void RandomAnchorSetsAgreeWithSearchValues()
    {
        // Small alphabet with every kind of anchor character (quote, backslash, space, percent):
        // anchors share first trigrams and overlap each other, and values match often.
        const string alphabet = "aBc%'\"\\ =/";
        var random = new Random(7);
        for (var set = 0; set < 200; set++)
        {
            var anchors = new string[random.Next(1, 40)];
            for (var i = 0; i < anchors.Length; i++) anchors[i] = RandomText(random, alphabet, random.Next(3, 9));
            var filter = new KeywordPrefilter(anchors);
            SearchValues<string>[] oracle = [SearchValues.Create(anchors, StringComparison.OrdinalIgnoreCase)];
            for (var n = 0; n < 500; n++)
                AssertExact(filter, oracle, Latin1(RandomCase(random, RandomText(random, alphabet + "\0\u00e0\u00c0xyz", random.Next(0, 40)))));
        }
    }

    [CorpusFact(ElasticLog)]
    public void EveryLineOfTheApacheCorpusLogsAgreesWithTheOracle()
    {
        foreach (var file in new[] { ElasticLog, MonitorwareLog, ErrorLog })
        {
            var path = RepoPaths.CorpusFile(file);
            if (!File.Exists(path)) continue;
            foreach (var line in SplitLines(File.ReadAllBytes(path)))
                AssertExactBoth(line);
        }
    }

    [Fact]
    public void GeneratedAccessLogFieldsAgreeWithTheOracle()
    {
        // The values the web aggregator searches: paths and queries with the target anchors,
        // agents and referers with the header anchors, parsed from a generated log with attacks.
        using var temp = new TempDirectory("keyword-prefilter");
        var log = temp.File("access.log");
        FastLogCli.Run("generate", "--format", "combined", "--lines", "200000", "--seed", "3", "--attacks", "default", "-o", log).Ok();
        var fields = ParseFields(File.ReadAllBytes(log));
        Assert.True(fields.Targets.Count > 1000 && fields.Headers.Count > 50, $"{fields.Targets.Count} targets, {fields.Headers.Count} headers");
        var targetHits = fields.Targets.Count(value => AssertExactTarget(Latin1(value)));
        var headerHits = fields.Headers.Count(value => AssertExactHeader(Latin1(value)));
        Assert.True(targetHits > 0 && headerHits > 0, $"{targetHits} target hits, {headerHits} header hits: the attacks should produce some");
    }

    private const string ElasticLog = "apache-combined-elastic/apache_logs";
    private const string MonitorwareLog = "apache-clf-monitorware/access_log";
    private const string ErrorLog = "apache-error-loghub/Apache_2k.log";

    private static IEnumerable<(string[] Anchors, KeywordPrefilter Filter, SearchValues<string>[] Oracle)> RealSets()
    {
        yield return (WebRules.TargetAnchors, s_target, WebRules.TargetPrefilter);
        yield return (WebRules.HeaderAnchors, s_header, s_headerOracle);
    }

    private static IEnumerable<byte[]> SplitLines(byte[] bytes)
    {
        for (var start = 0; start < bytes.Length;)
        {
            var end = Array.IndexOf(bytes, (byte)'\n', start);
            if (end < 0) end = bytes.Length;
            yield return bytes[start..end];
            start = end + 1;
        }
    }

    /// <summary>The distinct path and query values, and the distinct agent and referer values, of a combined log (Latin-1 text keeps every byte).</summary>
    private static (HashSet<string> Targets, HashSet<string> Headers) ParseFields(byte[] log)
    {
        var collector = new FieldCollector();
        var cursor = new LineBlockCutter.Cursor();
        new LineBlockCutter(FormatRegistry.CreateParser(ClfVariant.Combined, ScannerKind.Scalar), new ParseCounters(), collector)
            .Feed(log, final: true, ref cursor);
        return (collector.Targets, collector.Headers);
    }

    private sealed class FieldCollector : IBatchConsumer
    {
        public HashSet<string> Targets { get; } = new(StringComparer.Ordinal);
        public HashSet<string> Headers { get; } = new(StringComparer.Ordinal);

        public void Consume(LogBatch batch, ReadOnlySpan<byte> block)
        {
            for (var r = 0; r < batch.Count; r++)
            {
                Add(Targets, batch.Path[r], block);
                Add(Targets, batch.Query[r], block);
                Add(Headers, batch.Agent[r], block);
                Add(Headers, batch.Referer[r], block);
            }
        }

        private static void Add(HashSet<string> set, ByteRange range, ReadOnlySpan<byte> block)
        {
            if (!range.IsNull) set.Add(Encoding.Latin1.GetString(range.Slice(block)));
        }
    }

    private static string AlternateCase(string text)
        => string.Create(text.Length, text, (span, source) =>
        {
            for (var i = 0; i < span.Length; i++) span[i] = i % 2 == 0 ? char.ToUpperInvariant(source[i]) : char.ToLowerInvariant(source[i]);
        });

    private static string RandomCase(Random random, string text)
        => string.Create(text.Length, (text, random), (span, state) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                var c = state.text[i];
                span[i] = char.IsAsciiLetter(c) && state.random.Next(2) == 0 ? (char)(c ^ 0x20) : c;
            }
        });

    private static string RandomText(Random random, string alphabet, int length)
    {
        var text = new StringBuilder(length);
        for (var i = 0; i < length; i++) text.Append(alphabet[random.Next(alphabet.Length)]);
        return text.ToString();
    }
}
