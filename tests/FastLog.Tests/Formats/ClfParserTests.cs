using System.Text;
using FastLog.Columns;
using FastLog.Diagnostics;
using FastLog.Formats;
using FastLog.Formats.Clf;
using FastLog.Input;
using FastLog.Scanning;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Formats;

public class ClfParserTests
{
    public static TheoryData<ScannerKind> Scanners()
    {
        var data = new TheoryData<ScannerKind>();
        foreach (var kind in ScannerFactory.Available) data.Add(kind);
        return data;
    }

    private static (List<ParsedRecord> Records, ParseCounters Counters) Parse(string text, ClfVariant variant, ScannerKind scanner = ScannerKind.Scalar)
    {
        var counters = new ParseCounters();
        var collector = new RecordCollector();
        var cutter = new LineBlockCutter(FormatRegistry.CreateParser(variant, scanner), counters, collector);
        var cursor = new LineBlockCutter.Cursor();
        cutter.Feed(Encoding.UTF8.GetBytes(text), final: true, ref cursor);
        Assert.Equal(counters.Lines, cursor.LineIndex);
        Assert.Equal(counters.Lines, counters.Parsed + counters.Blank + counters.Malformed);
        return (collector.Records, counters);
    }

    private const string Combined = "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif?x=1 HTTP/1.0\" 200 2326 \"http://www.example.com/start.html\" \"Mozilla/4.08 [en] (Win98; I ;Nav)\"\n";

    [Theory, MemberData(nameof(Scanners))]
    public void ParsesTheHttpdDocumentationExample(ScannerKind scanner)
    {
        var (records, counters) = Parse(Combined, ClfVariant.Combined, scanner);
        Assert.Equal(1, counters.Parsed);
        var r = Assert.Single(records);
        Assert.Equal("127.0.0.1", r.Ip);
        Assert.Equal("frank", r.User);
        Assert.Equal(new DateTimeOffset(2000, 10, 10, 20, 55, 36, TimeSpan.Zero).ToUnixTimeSeconds(), r.UnixSeconds);
        Assert.Equal(("GET", "/apache_pb.gif", "x=1", "HTTP/1.0"), (r.Method, r.Path, r.Query, r.Protocol));
        Assert.Equal((200, 2326L), (r.Status, r.Bytes));
        Assert.Equal("http://www.example.com/start.html", r.Referer);
        Assert.Equal("Mozilla/4.08 [en] (Win98; I ;Nav)", r.Agent);
        Assert.Equal(-1, r.RequestTimeMicros);
    }

    [Fact]
    public void DashesAreNull()
    {
        var (records, _) = Parse("::1 - - [01/Jan/2024:00:00:00 +0000] \"-\" 408 - \"-\" \"-\"\n", ClfVariant.Combined);
        var r = Assert.Single(records);
        Assert.Equal("::1", r.Ip);
        Assert.Null(r.User);
        Assert.Null(r.Method);
        Assert.Null(r.Path);
        Assert.Equal(-1, r.Bytes);
        Assert.Null(r.Referer);
        Assert.Null(r.Agent);
    }

    [Fact]
    public void EscapedQuotesStayInsideTheField()
    {
        var line = "h - - [01/Jan/2024:00:00:00 +0000] \"GET /a\\\"b HTTP/1.1\" 200 5 \"-\" \"agent \\\"quoted\\\" \\\\\"\n";
        var (records, counters) = Parse(line, ClfVariant.Combined);
        Assert.Equal(1, counters.Parsed);
        Assert.Equal("/a\\\"b", records[0].Path);
        Assert.Equal("agent \\\"quoted\\\" \\\\", records[0].Agent);
    }

    [Fact]
    public void CrlfAndMissingFinalNewlineAreNormal()
    {
        var text = Combined.Replace("\n", "\r\n") + Combined.TrimEnd('\n');
        var (records, counters) = Parse(text, ClfVariant.Combined);
        Assert.Equal(2, counters.Parsed);
        Assert.All(records, r => Assert.Equal("Mozilla/4.08 [en] (Win98; I ;Nav)", r.Agent));
    }

    [Fact]
    public void BlankLinesAreBlankNotMalformed()
    {
        var (_, counters) = Parse("\n\r\n" + Combined + "\n", ClfVariant.Combined);
        Assert.Equal((1L, 3L, 0L), (counters.Parsed, counters.Blank, counters.Malformed));
    }

    [Theory]
    [InlineData("garbage line without structure\n", MalformedReason.MissingFields)]
    [InlineData("h - - [32/Jan/2024:00:00:00 +0000] \"GET / HTTP/1.1\" 200 5 \"-\" \"-\"\n", MalformedReason.BadTime)]
    [InlineData("h - - [29/Feb/2023:00:00:00 +0000] \"GET / HTTP/1.1\" 200 5 \"-\" \"-\"\n", MalformedReason.BadTime)]
    [InlineData("h - - [01/Foo/2024:00:00:00 +0000] \"GET / HTTP/1.1\" 200 5 \"-\" \"-\"\n", MalformedReason.BadTime)]
    [InlineData("h - - [01/Jan/2024:00:00:00 +0000] \"GET / HTTP/1.1\" 2O0 5 \"-\" \"-\"\n", MalformedReason.BadStatus)]
    [InlineData("h - - [01/Jan/2024:00:00:00 +0000] \"GET / HTTP/1.1\" 600 5 \"-\" \"-\"\n", MalformedReason.BadStatus)]
    [InlineData("h - - [01/Jan/2024:00:00:00 +0000] \"GET / HTTP/1.1\" 200 5x \"-\" \"-\"\n", MalformedReason.BadSize)]
    [InlineData("h - - [01/Jan/2024:00:00:00 +0000] \"GET / HTTP/1.1 200 5\n", MalformedReason.UnterminatedQuote)]
    [InlineData("h - - [01/Jan/2024:00:00:00 +0000] \"GET / HTTP/1.1\" 200 5 \"-\" \"Mozilla\n", MalformedReason.UnterminatedQuote)]
    [InlineData("h - - [01/Jan/2024:00:00:00 +0000] \"GET / HTTP/1.1\" 200 5 junk\n", MalformedReason.TrailingJunk)]
    [InlineData("h - - [01/Jan/2024:00:00:00 +0000] \"GET / HTTP/1.1\" 200 5 \"-\"x\"-\"\n", MalformedReason.TrailingJunk)]
    [InlineData("h - - [01/Jan/2024:00:00:00 +0000] \"GET / HTTP/1.1\" 200 5 \"-\" \"ua\" 0.1 <script>\n", MalformedReason.TrailingJunk)]
    [InlineData("h - - [01/Jan/2024:00:00:00 +0000] \"GET / HTTP/1.1\" 200 5 \"-\" \"ua\" \n", MalformedReason.TrailingJunk)]
    public void MalformedLinesAreCountedUnderTheirReason(string line, MalformedReason reason)
    {
        foreach (var scanner in ScannerFactory.Available)
        {
            var (records, counters) = Parse(line + Combined, ClfVariant.Combined, scanner);
            Assert.Single(records);
            Assert.Equal(1, counters.MalformedByReason[(int)reason]);
            var sample = Assert.Single(counters.Samples[(int)reason]);
            Assert.Equal((0L, 0L), (sample.LineIndexInChunk, sample.FileOffset));
        }
    }

    public static TheoryData<ClfVariant> Variants() => [ClfVariant.Common, ClfVariant.Combined, ClfVariant.Nginx];

    /// <summary>
    /// Issue 13.5: common, combined and nginx are one grammar. Whatever the variant a file was
    /// detected as, a line without the agent pair has null referer and agent, a line with it keeps
    /// them, and known extras (quoted, numbers, -, name=value) may follow.
    /// </summary>
    [Theory, MemberData(nameof(Variants))]
    public void OneGrammar_AgentPairOptional_KnownExtrasAccepted(ClfVariant variant)
    {
        const string head = "h - - [01/Jan/2024:00:00:00 +0000] \"GET / HTTP/1.1\" 200 5";
        var (records, counters) = Parse(
            head + "\n" +
            head + " \"https://r.example/\" \"Mozilla/5.0\"\n" +
            head + " \"-\" \"curl/8\" 0.023 \"10.0.0.1, 10.0.0.2\" rt=0.002 uct=\"0.000\" -\r\n" +
            head + " \"203.0.113.9\"\n" +
            head + " 1234567890123\n", variant);
        Assert.Equal(5, counters.Parsed);
        Assert.Null(records[0].Agent);
        Assert.Null(records[0].Referer);
        Assert.Equal("Mozilla/5.0", records[1].Agent);
        Assert.Equal("https://r.example/", records[1].Referer);
        Assert.Equal("curl/8", records[2].Agent);
        Assert.Equal(variant == ClfVariant.Nginx ? 23_000 : -1, records[2].RequestTimeMicros);
        Assert.Null(records[3].Agent); // one quoted field after the bytes is an extra (X-Forwarded-For), not an agent
        Assert.Null(records[4].Agent);
    }

    /// <summary>
    /// Issue 13.5 end to end: a server whose configuration changed writes common lines, then
    /// combined ones. Whatever the sample decides, every agent of the combined lines is counted.
    /// </summary>
    [Theory]
    [InlineData(300, 50)] // the sample sees only common lines
    [InlineData(50, 300)]
    public void MixedCommonAndCombinedFile_KeepsEveryAgent(int commonLines, int combinedLines)
    {
        using var dir = new TempDirectory("clf-mixed");
        var path = dir.File("access.log");
        var text = new StringBuilder();
        for (var i = 0; i < commonLines; i++)
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"192.0.2.{i % 9} - - [01/Jan/2024:00:00:{i % 60:00} +0000] \"GET /c{i} HTTP/1.1\" 200 5\n");
        for (var i = 0; i < combinedLines; i++)
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"192.0.2.{i % 9} - - [01/Jan/2024:00:01:{i % 60:00} +0000] \"GET /k{i} HTTP/1.1\" 200 5 \"-\" \"agent-{i % 3}\"\n");
        File.WriteAllText(path, text.ToString());
        var table = FastLogCli.Run("count", "--by", "ua", "--output", "csv", path).Ok();
        for (var a = 0; a < 3; a++)
        {
            var agent = a;
            Assert.Contains($"agent-{a},{Enumerable.Range(0, combinedLines).Count(i => i % 3 == agent)}\n", table, StringComparison.Ordinal);
        }
        Assert.Equal((commonLines + combinedLines).ToString(System.Globalization.CultureInfo.InvariantCulture), FastLogCli.Run("count", path).Ok().Trim());
    }

    /// <summary>
    /// Issue 13.4: Apache <c>vhost_combined</c> (<c>%v:%p %h …</c>) and nginx lines with a leading
    /// <c>$host</c> are read by the built-in grammar, auto-detected, with vhost and port filled.
    /// </summary>
    [Theory]
    [InlineData("www.example.com:443 192.0.2.1 - - ", "www.example.com", "443", "192.0.2.1")]
    [InlineData("shop.example.com 192.0.2.1 - alice ", "shop.example.com", null, "192.0.2.1")]
    [InlineData("127.0.1.1:80 10.0.0.7 - - ", "127.0.1.1", "80", "10.0.0.7")]
    [InlineData("[2001:db8::8]:8443 2001:db8::1 - - ", "[2001:db8::8]", "8443", "2001:db8::1")]
    [InlineData("www.example.com:443 [2001:db8::1]:5555 - - ", "www.example.com", "443", "2001:db8::1")]
    public void LeadingVhost_FillsVhostAndPort_AndTheRestReadsAsUsual(string head, string vhost, string? port, string ip)
    {
        using var dir = new TempDirectory("clf-vhost");
        var path = dir.File("other_vhosts_access.log");
        var line = head + "[10/Oct/2023:13:55:36 +0000] \"GET /a?b=1 HTTP/1.1\" 200 5 \"-\" \"curl/8\"\n";
        File.WriteAllText(path, string.Concat(Enumerable.Repeat(line, 5)));
        Assert.Equal($"vhost,port,ip,path,query,ua,count\n{vhost},{port ?? "-"},{ip},/a,b=1,curl/8,5\n",
            FastLogCli.Run("count", "--by", "vhost,port,ip,path,query,ua", "--output", "csv", path).Ok());
        Assert.Equal(LogFormat.Combined, FormatDetector.Detect(File.ReadAllBytes(path))!.Id);
    }

    [Fact]
    public void TwoExtraTokensBeforeTheTimestamp_AreStillMalformed()
    {
        var (_, counters) = Parse("a b 192.0.2.1 - - [10/Oct/2023:13:55:36 +0000] \"GET / HTTP/1.1\" 200 5\n", ClfVariant.Combined);
        Assert.Equal(1, counters.Malformed);
    }

    [Fact]
    public void Nginx_FirstExtraAfterTheAgent_IsTheRequestTime()
    {
        const string line = "h - - [01/Jan/2024:00:00:00 +0000] \"GET / HTTP/1.1\" 200 5 \"-\" \"ua\" 0.023\n";
        Assert.Equal(23_000, Parse(line, ClfVariant.Nginx).Records.Single().RequestTimeMicros);
        Assert.Equal(1, Parse(line.Replace("0.023", "\"x-forwarded\""), ClfVariant.Nginx).Counters.MalformedByReason[(int)MalformedReason.BadFieldType]);
        Assert.Equal(1, Parse(line.Replace("0.023", "abc"), ClfVariant.Nginx).Counters.MalformedByReason[(int)MalformedReason.BadFieldType]);
        Assert.Equal(1, Parse(line.Replace("0.023", "\"x-forwarded\""), ClfVariant.Combined).Counters.Parsed);
        Assert.Equal(1, Parse(line.Replace("0.023", "abc"), ClfVariant.Combined).Counters.MalformedByReason[(int)MalformedReason.TrailingJunk]);
    }

    [Fact]
    public void TimestampOffsetsBecomeUtc()
    {
        var plus = Parse("h - - [01/Jan/2024:01:30:00 +0130] \"GET / HTTP/1.1\" 200 5\n", ClfVariant.Common).Records.Single();
        var minus = Parse("h - - [31/Dec/2023:23:00:00 -0100] \"GET / HTTP/1.1\" 200 5\n", ClfVariant.Common).Records.Single();
        Assert.Equal(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds(), plus.UnixSeconds);
        Assert.Equal(plus.UnixSeconds, minus.UnixSeconds);
    }

    [Fact]
    public void RequestsThatAreNotThreeTokensKeepTheRecord()
    {
        var (records, counters) = Parse(
            "h - - [01/Jan/2024:00:00:00 +0000] \"\\x16\\x03\\x01\" 400 0\n" +
            "h - - [01/Jan/2024:00:00:00 +0000] \"GET /old\" 200 0\n" +
            "h - - [01/Jan/2024:00:00:00 +0000] \"GET /a b c HTTP/1.1\" 200 0\n" +
            "h - - [01/Jan/2024:00:00:00 +0000] \"\" 400 0\n", ClfVariant.Common);
        Assert.Equal(4, counters.Parsed);
        Assert.Null(records[0].Method);
        Assert.Equal(("GET", "/old", (string?)null), (records[1].Method, records[1].Path, records[1].Protocol));
        Assert.Equal(("/a b c", "HTTP/1.1"), (records[2].Path, records[2].Protocol));
        Assert.Null(records[3].Path);
    }

    [Fact]
    public void NulAndInvalidUtf8AreData()
    {
        var bytes = Encoding.UTF8.GetBytes(Combined).ToList();
        bytes.InsertRange(bytes.IndexOf((byte)'?'), new byte[] { 0, 0xFF, 0xC3 });
        var counters = new ParseCounters();
        var collector = new RecordCollector();
        var cursor = new LineBlockCutter.Cursor();
        new LineBlockCutter(FormatRegistry.CreateParser(ClfVariant.Combined, ScannerKind.Scalar), counters, collector).Feed(bytes.ToArray(), true, ref cursor);
        Assert.Equal(1, counters.Parsed);
    }

    [Fact]
    public void LinesOverTheLimitAreTooLongAndTheRestStillParses()
    {
        var longLine = "h - - [01/Jan/2024:00:00:00 +0000] \"GET /" + new string('a', LineBlockCutter.MaxLineBytes) + " HTTP/1.1\" 200 5 \"-\" \"-\"\n";
        var justFits = "h - - [01/Jan/2024:00:00:00 +0000] \"GET /" + new string('b', LineBlockCutter.MaxLineBytes - 100) + " HTTP/1.1\" 200 5 \"-\" \"-\"\n";
        var (records, counters) = Parse(Combined + longLine + justFits + Combined, ClfVariant.Combined);
        Assert.Equal(3, records.Count);
        Assert.Equal(1, counters.MalformedByReason[(int)MalformedReason.LineTooLong]);
        var sample = Assert.Single(counters.Samples[(int)MalformedReason.LineTooLong]);
        Assert.Equal((1L, (long)Combined.Length), (sample.LineIndexInChunk, sample.FileOffset));
        Assert.True(sample.Truncated);
    }

    [Fact]
    public void StreamFeedingEqualsSpanFeeding()
    {
        var random = new Random(7);
        var sb = new StringBuilder();
        for (var i = 0; i < 3000; i++)
        {
            sb.Append(random.Next(20) switch
            {
                0 => "\n",
                1 => "bad line\n",
                2 => Combined.Replace("\n", "\r\n"),
                3 => "h - - [01/Jan/2024:00:00:00 +0000] \"GET /" + new string('x', random.Next(300_000, 1_200_000)) + " HTTP/1.1\" 200 5 \"-\" \"-\"\n",
                _ => Combined,
            });
        }
        sb.Append("tail without newline");
        var bytes = Encoding.UTF8.GetBytes(sb.ToString());
        var (spanRecords, spanCounters) = Parse(sb.ToString(), ClfVariant.Combined);

        var counters = new ParseCounters();
        var collector = new RecordCollector();
        var cursor = new LineBlockCutter.Cursor();
        new LineBlockCutter(FormatRegistry.CreateParser(ClfVariant.Combined, ScannerKind.Scalar), counters, collector)
            .FeedStream(new TrickleStream(bytes, 7919), ref cursor);
        Assert.Equal(spanRecords, collector.Records);
        Assert.Equal(spanCounters.MalformedByReason, counters.MalformedByReason);
        Assert.Equal((spanCounters.Lines, spanCounters.Blank), (counters.Lines, counters.Blank));
        Assert.Equal(bytes.Length, cursor.FileOffset);
        for (var r = 0; r < MalformedReasons.Count; r++)
            Assert.Equal(spanCounters.Samples[r].Select(s => (s.FileOffset, s.LineIndexInChunk)), counters.Samples[r].Select(s => (s.FileOffset, s.LineIndexInChunk)));
    }

    /// <summary>A stream that returns at most a few KiB per read, like a slow pipe.</summary>
    private sealed class TrickleStream(byte[] data, int maxRead) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, maxRead));
        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, maxRead)]);
    }
}
