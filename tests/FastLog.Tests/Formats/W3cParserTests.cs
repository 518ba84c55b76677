using System.Globalization;
using System.Text;
using FastLog.Columns;
using FastLog.Diagnostics;
using FastLog.Formats;
using FastLog.Formats.W3c;
using FastLog.Tests.TestSupport;
using Xunit;

namespace FastLog.Tests.Formats;

/// <summary>
/// The w3c parser on hand-made IIS logs (docs/formats.md): the IIS default header,
/// a header change mid-file, directives, data before any header, <c>+</c> decoding, state across
/// blocks of one input and its reset for the next input, and hostile bytes.
/// </summary>
public class W3cParserTests
{
    private const string IisHeader =
        "#Software: Microsoft Internet Information Services 10.0\n" +
        "#Version: 1.0\n" +
        "#Date: 2024-01-31 00:00:00\n" +
        "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\n";

    [Fact]
    public void IisDefaultHeader_FillsEveryMappedField()
    {
        var (records, counters) = Parse(IisHeader +
            "2024-01-31 00:00:01 10.0.0.5 GET /index.html - 80 - 192.0.2.10 Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64) - 200 0 0 15\n" +
            "2024-01-31 23:59:59 10.0.0.5 POST /search q=a+b 443 alice 2001:db8::7 curl/8.0 https://example.com/?x=1+2 404 0 2 250\r\n");
        Assert.Equal(6, counters.Lines);
        Assert.Equal(2, counters.Parsed);
        Assert.Equal(4, counters.Blank); // the four directives
        Assert.Equal(0, counters.Malformed);

        var a = records[0];
        Assert.Equal("192.0.2.10", a["ip"]);
        Assert.Null(a["user"]);
        Assert.Equal(Unix("2024-01-31T00:00:01Z"), a["ts"]);
        Assert.Equal("GET", a["method"]);
        Assert.Equal("/index.html", a["path"]);
        Assert.Null(a["query"]);
        Assert.Null(a["protocol"]);
        Assert.Equal("200", a["status"]);
        Assert.Null(a["bytes"]);
        Assert.Equal("Mozilla/5.0 (Windows NT 10.0; Win64; x64)", a["ua"]); // IIS + is a space
        Assert.Null(a["referer"]);
        Assert.Equal("15000", a["request_time"]); // ms → µs
        Assert.Null(a["vhost"]);
        Assert.Null(a["received_bytes"]);
        Assert.Equal("2024-01-31 00:00:01 10.0.0.5 GET /index.html - 80 - 192.0.2.10 Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64) - 200 0 0 15", a["line"]);
        Assert.Equal("4", a["line_index"]);

        var b = records[1];
        Assert.Equal("2001:db8::7", b["ip"]);
        Assert.Equal("alice", b["user"]);
        Assert.Equal(Unix("2024-01-31T23:59:59Z"), b["ts"]);
        Assert.Equal("POST", b["method"]);
        Assert.Equal("/search", b["path"]);
        Assert.Equal("q=a+b", b["query"]); // a query keeps its form encoding
        Assert.Equal("curl/8.0", b["ua"]);
        Assert.Equal("https://example.com/?x=1 2", b["referer"]);
        Assert.Equal("404", b["status"]);
        Assert.Equal("250000", b["request_time"]);
        Assert.Equal("5", b["line_index"]);
        Assert.EndsWith("404 0 2 250", b["line"]); // CR dropped, raw bytes kept
    }

    [Fact]
    public void HeaderChangeMidFile_RemapsTheColumns()
    {
        var (records, counters) = Parse(IisHeader +
            "2024-01-31 00:00:01 10.0.0.5 GET /a - 80 - 192.0.2.10 UA - 200 0 0 15\n" +
            "#Software: Microsoft Internet Information Services 10.0\n" +
            "#Fields: date time c-ip cs-method cs-uri-stem cs-version sc-status sc-bytes cs-bytes cs-host time-taken\n" +
            "2024-02-01 10:00:00 198.51.100.1 PUT /b HTTP/1.1 503 1234 99 www.example.com 7\n");
        Assert.Equal(2, counters.Parsed);
        Assert.Equal(0, counters.Malformed);
        var b = records[1];
        Assert.Equal("198.51.100.1", b["ip"]);
        Assert.Equal("PUT", b["method"]);
        Assert.Equal("/b", b["path"]);
        Assert.Equal("HTTP/1.1", b["protocol"]);
        Assert.Equal("503", b["status"]);
        Assert.Equal("1234", b["bytes"]);
        Assert.Equal("99", b["received_bytes"]);
        Assert.Equal("www.example.com", b["vhost"]);
        Assert.Equal("7000", b["request_time"]);
        Assert.Null(b["ua"]);
        Assert.Equal(Unix("2024-02-01T10:00:00Z"), b["ts"]);
    }

    [Fact]
    public void TimeWithoutDateColumn_TakesTheDateDirective()
    {
        var (records, counters) = Parse("#Version: 1.0\n#Date: 2023-12-31 00:00:00\n#Fields: time c-ip cs-method cs-uri-stem sc-status\n23:00:00.250 192.0.2.1 GET / 200\n");
        Assert.Equal(1, counters.Parsed);
        Assert.Equal(Unix("2023-12-31T23:00:00Z"), records[0]["ts"]);
    }

    [Fact]
    public void MalformedLines_AreCountedWithTheirReasons()
    {
        var (records, counters) = Parse(
            "2024-01-31 00:00:01 192.0.2.1 GET / 200\n" +                 // before any #Fields:
            "#Fields: date\n" +                                            // no time column: bad header
            "2024-01-31 00:00:01 192.0.2.1 GET / 200\n" +                 // still no layout
            "#Fields: date time c-ip cs-method cs-uri-stem sc-status sc-bytes time-taken\n" +
            "2024-01-31 00:00:01 192.0.2.1 GET /\n" +                     // too few values
            "2024-01-31 00:00:01 192.0.2.1 GET / 200 5 1 extra\n" +       // too many values
            "2024-02-30 00:00:01 192.0.2.1 GET / 200 5 1\n" +             // impossible date
            "2024-01-31 00:00:01 192.0.2.1 GET / 999 5 1\n" +             // status out of range
            "2024-01-31 00:00:01 192.0.2.1 GET / 200 x 1\n" +             // bytes not a number
            "2024-01-31 00:00:01 192.0.2.1 GET / 200 5 1.5.5\n" +         // time-taken not a number
            "2024-01-31 00:00:01 192.0.2.1 GET / 200 5 1   \n" +          // trailing spaces are fine
            "\n");
        Assert.Equal(12, counters.Lines);
        Assert.Equal(1, counters.Parsed);
        Assert.Equal(2, counters.Blank); // the good #Fields: and the empty line
        Assert.Equal(2, counters.MalformedByReason[(int)MalformedReason.NoFieldsHeader]);
        Assert.Equal(1, counters.MalformedByReason[(int)MalformedReason.BadHeader]);
        Assert.Equal(2, counters.MalformedByReason[(int)MalformedReason.MissingFields]);
        Assert.Equal(1, counters.MalformedByReason[(int)MalformedReason.BadTime]);
        Assert.Equal(1, counters.MalformedByReason[(int)MalformedReason.BadStatus]);
        Assert.Equal(1, counters.MalformedByReason[(int)MalformedReason.BadSize]);
        Assert.Equal(1, counters.MalformedByReason[(int)MalformedReason.BadFieldType]);
        Assert.Equal("1000", records[0]["request_time"]);
    }

    public static TheoryData<string, string> HeaderlessLayouts() => new()
    {
        { "IIS default, 15 values", W3cFieldMap.IisDefaultFields },
        { "older IIS default without cs(Referer), 14 values", W3cFieldMap.IisDefaultFieldsWithoutReferer },
    };

    /// <summary>
    /// Issue 13.1: lines before any <c>#Fields:</c> read as IIS's default layout chosen by their
    /// value count, field for field what the same lines give under that explicit header.
    /// </summary>
    [Theory, MemberData(nameof(HeaderlessLayouts))]
    public void LinesWithoutHeader_ReadAsIisDefault_SameAsUnderTheExplicitHeader(string what, string fields)
    {
        var hasReferer = fields.Contains("cs(Referer)", StringComparison.Ordinal);
        var data = new StringBuilder();
        var random = new Random(1301);
        for (var i = 0; i < 50; i++)
        {
            var referer = random.Next(3) == 0 ? "-" : $"https://example.com/p?{i}";
            data.Append($"2024-01-31 {i / 60 % 24:00}:{i % 60:00}:{random.Next(60):00} 10.0.0.5 GET /a/{i} {(random.Next(2) == 0 ? "-" : "q=" + i)} 443 {(i % 7 == 0 ? "bob" : "-")} 192.0.2.{random.Next(256)} Mozilla/5.0+(X11) ");
            if (hasReferer) data.Append(referer).Append(' ');
            data.Append($"{(random.Next(4) == 0 ? 404 : 200)} 0 0 {random.Next(1, 5000)}\n");
        }
        var (headerless, counters) = Parse(data.ToString());
        var (withHeader, _) = Parse($"#Fields: {fields}\n{data}");
        Assert.True(counters.Parsed == 50, $"{what}: {counters.Parsed} of 50 parsed, {counters.Malformed} malformed");
        Assert.Equal(withHeader.Count, headerless.Count);
        for (var i = 0; i < headerless.Count; i++)
            foreach (var (field, value) in withHeader[i])
                if (field is not "line_index" and not "file_offset")
                    Assert.True(value == headerless[i][field], $"{what}, record {i}, {field}: {headerless[i][field]} vs {value}");
    }

    [Theory]
    [InlineData("2024-01-31 00:00:01 192.0.2.1 GET / 200\n")] // 5 values: no default layout
    [InlineData("2024-01-31 00:00:01 10.0.0.5 GET /a - 80 - 192.0.2.10 UA - 200 0 0 15 extra\n")] // 16 values
    [InlineData("2024-01-31 00:00:01 10.0.0.5 GET /a - 80 - 192.0.2.10 UA 200 0 0\n")] // 13 values
    public void LinesWithoutHeader_OfAnotherWidth_AreNoFieldsHeader(string line)
    {
        var (_, counters) = Parse(line);
        Assert.Equal(0, counters.Parsed);
        Assert.Equal(1, counters.MalformedByReason[(int)MalformedReason.NoFieldsHeader]);
    }

    [Fact]
    public void LinesWithoutHeader_FollowAHeaderOnceOneAppears()
    {
        var (records, counters) = Parse(
            "2024-01-31 00:00:01 10.0.0.5 GET /a - 80 - 192.0.2.10 UA - 200 0 0 15\n" +
            "#Fields: date time c-ip sc-status\n" +
            "2024-01-31 00:00:02 192.0.2.11 404\n" +
            "2024-01-31 00:00:01 10.0.0.5 GET /a - 80 - 192.0.2.10 UA - 200 0 0 15\n");
        Assert.Equal(2, counters.Parsed);
        Assert.Equal(1, counters.Malformed); // the header rules now: "GET" is no sc-status
        Assert.Equal("192.0.2.10", records[0]["ip"]);
        Assert.Equal("192.0.2.11", records[1]["ip"]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Detection_PicksW3c_ForAFileWithoutHeader(bool withReferer)
    {
        var referer = withReferer ? " https://example.com/" : "";
        var sample = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 20).Select(i =>
            $"2024-01-31 00:00:{i:00} 10.0.0.5 GET /a/{i} - 80 - 192.0.2.{i} Mozilla/5.0+(X11){referer} 200 0 0 15\n")));
        Assert.Equal(LogFormat.W3c, FormatDetector.Detect(sample)!.Id);
        // An application log that merely starts with the same date and time is not w3c.
        var app = "2024-01-31 00:00:01 INFO worker started\n2024-01-31 00:00:02 WARN disk at 91%\n"u8;
        Assert.Equal(0, new W3cFormat().Probe(app, FormatSettings.Default));
    }

    /// <summary>Issue 13.1 end to end: a headerless IIS file is detected as w3c and counts like the same file with its header.</summary>
    [Fact]
    public void HeaderlessFile_IsDetected_AndCountsLikeTheFileWithItsHeader()
    {
        using var dir = new TempDirectory("w3c-headerless");
        var random = new Random(1302);
        var data = new StringBuilder();
        for (var i = 0; i < 400; i++)
            data.Append($"2024-01-31 10:{i / 60 % 60:00}:{i % 60:00} 10.0.0.5 GET /p{random.Next(9)} - 80 - 198.51.100.{random.Next(30)} Mozilla/5.0+(X11) - {(random.Next(5) == 0 ? 404 : 200)} 0 0 {random.Next(1, 900)}\n");
        File.WriteAllText(dir.File("headerless.log"), data.ToString());
        File.WriteAllText(dir.File("with-header.log"), IisHeader + data);
        foreach (var by in new[] { "status", "ip", "path,status" })
        {
            var expected = FastLogCli.Run("count", dir.File("with-header.log"), "--by", by, "--output", "csv").Ok();
            OutputAssert.Equal(expected, FastLogCli.Run("count", dir.File("headerless.log"), "--by", by, "--output", "csv").Ok(), $"count --by {by}");
        }
        Assert.Equal("400", FastLogCli.Run("count", dir.File("headerless.log")).Ok().Trim());
    }

    [Fact]
    public void HeaderCarriesAcrossBlocks_AndIsForgottenForTheNextInput()
    {
        var parser = new W3cParser();
        var counters = new ParseCounters();
        var collector = new FieldCollector();
        var first = Encoding.UTF8.GetBytes("#Fields: date time c-ip sc-status\n2024-01-31 00:00:01 192.0.2.1 200\n");
        var second = Encoding.UTF8.GetBytes("2024-01-31 00:00:02 192.0.2.2 404\n");
        parser.ParseBlock(first, new BlockOrigin(0, 0, 0, 0), counters, collector);
        parser.ParseBlock(second, new BlockOrigin(0, 0, first.Length, 2), counters, collector);
        Assert.Equal(2, counters.Parsed);
        Assert.Equal("404", collector.Records[1]["status"]);
        Assert.Equal("2", collector.Records[1]["line_index"]);
        // The same worker's parser on the next input: no header yet.
        parser.ParseBlock(second, new BlockOrigin(1, 0, 0, 0), counters, collector);
        Assert.Equal(1, counters.MalformedByReason[(int)MalformedReason.NoFieldsHeader]);
    }

    [Fact]
    public void Detection_PicksW3c_AndW3cNeverClaimsClf()
    {
        var sample = Encoding.UTF8.GetBytes(IisHeader + "2024-01-31 00:00:01 10.0.0.5 GET /a - 80 - 192.0.2.10 UA - 200 0 0 15\n");
        Assert.Equal(LogFormat.W3c, FormatDetector.Detect(sample)!.Id);
        Assert.Equal(LogFormat.W3c, FormatDetector.Detect(Encoding.UTF8.GetBytes(IisHeader))!.Id); // a fresh log, headers only
        var clf = "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 2326\n"u8;
        Assert.Equal(0, new W3cFormat().Probe(clf, FormatSettings.Default));
    }

    [Fact]
    public void HostileBytes_NeverThrow_AndEveryLineIsCountedOnce()
    {
        var random = new Random(4242);
        var seed = Encoding.UTF8.GetBytes("2024-01-31 00:00:01 10.0.0.5 GET /a q 80 u 192.0.2.10 A+b R+c 200 0 0 15");
        byte[] interesting = [(byte)'\n', (byte)'\r', (byte)' ', (byte)'\t', (byte)'"', (byte)'+', (byte)'#', (byte)'-', 0, 0x80, 0xff, (byte)':'];
        var text = new List<byte>(Encoding.UTF8.GetBytes(IisHeader));
        for (var i = 0; i < 3000; i++)
        {
            var line = seed.ToList();
            for (var m = random.Next(0, 4); m > 0 && line.Count > 0; m--)
            {
                var at = random.Next(line.Count);
                switch (random.Next(3))
                {
                    case 0: line[at] = interesting[random.Next(interesting.Length)]; break;
                    case 1: line.RemoveAt(at); break;
                    default: line.Insert(at, interesting[random.Next(interesting.Length)]); break;
                }
            }
            text.AddRange(line);
            text.Add((byte)'\n');
        }
        text.AddRange(Enumerable.Repeat((byte)'+', 200_000)); // one very long line
        text.Add((byte)'\n');
        var bytes = text.ToArray();
        var expectedLines = bytes.Count(b => b == (byte)'\n');
        var (_, counters) = Parse(bytes);
        Assert.Equal(expectedLines, counters.Lines);
        Assert.Equal(counters.Lines, counters.Parsed + counters.Blank + counters.Malformed);
        Assert.True(counters.Parsed > 500, $"{counters.Parsed} parsed");
    }

    internal static (List<Dictionary<string, string?>> Records, ParseCounters Counters) Parse(string text) => Parse(Encoding.UTF8.GetBytes(text));

    private static (List<Dictionary<string, string?>> Records, ParseCounters Counters) Parse(byte[] bytes)
    {
        var counters = new ParseCounters();
        var collector = new FieldCollector();
        var lines = new W3cParser(batchCapacity: 7).ParseBlock(bytes, new BlockOrigin(0, 0, 0, 0), counters, collector);
        Assert.Equal(counters.Lines, lines);
        return (collector.Records, counters);
    }

    internal static string Unix(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
}

/// <summary>Every field a batch has, per record, as text: null for absent values (null ranges, -1 bytes and times, <see cref="LogBatch.NullNumber"/>).</summary>
internal sealed class FieldCollector : IBatchConsumer
{
    public List<Dictionary<string, string?>> Records { get; } = [];

    public void Consume(LogBatch batch, ReadOnlySpan<byte> block)
    {
        for (var r = 0; r < batch.Count; r++)
        {
            var record = new Dictionary<string, string?>
            {
                ["line"] = Encoding.UTF8.GetString(batch.Line[r].Slice(block)),
                ["line_index"] = batch.LineIndex[r].ToString(CultureInfo.InvariantCulture),
                ["status"] = batch.Status[r].ToString(CultureInfo.InvariantCulture),
            };
            foreach (LogField field in Enum.GetValues<LogField>())
            {
                if (field is LogField.Status or LogField.Hour or LogField.Ident) continue;
                var name = FieldNames.Name(field);
                if (batch.TextColumn(field) is { } text)
                {
                    record[name] = text[r].IsNull ? null : Encoding.UTF8.GetString(text[r].Slice(block));
                }
                else if (batch.NumberColumn(field) is { } numbers)
                {
                    var v = numbers[r];
                    var absent = v == LogBatch.NullNumber || (v == -1 && field is LogField.Bytes or LogField.RequestTime);
                    record[name] = absent ? null : v.ToString(CultureInfo.InvariantCulture);
                }
            }
            Records.Add(record);
        }
    }
}
