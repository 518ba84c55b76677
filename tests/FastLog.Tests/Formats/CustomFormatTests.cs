using System.Text;
using FastLog.Columns;
using FastLog.Diagnostics;
using FastLog.Formats;
using FastLog.Formats.Custom;
using FastLog.Tests.TestSupport;
using Xunit;

namespace FastLog.Tests.Formats;

/// <summary>
/// <c>--log-format</c>: the plan compiler (specifiers, errors with positions), the parser on
/// hand-made lines field by field, malformed lines with reasons, hostile bytes, and the CLI's
/// usage errors (exit 2).
/// </summary>
public class CustomFormatTests
{
    private const string Combined = "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-agent}i\"";

    [Fact]
    public void Plan_AlternatesLiteralsAndFields_EachFieldKnowingItsTerminator()
    {
        var plan = CustomPlan.Compile("%h %t \"%r\" %>s 100%% %b");
        Assert.Equal(
            ["Ip", "Literal", "Time", "Literal", "Request", "Literal", "Status", "Literal", "Bytes"],
            plan.Steps.Select(s => s.Kind.ToString()));
        Assert.Equal(" ", Encoding.UTF8.GetString(plan.Steps[0].Literal!));
        Assert.Equal("\" ", Encoding.UTF8.GetString(plan.Steps[4].Literal!));
        Assert.Equal(" 100% ", Encoding.UTF8.GetString(plan.Steps[7].Literal!));
        Assert.Null(plan.Steps[8].Literal);
    }

    [Theory]
    [InlineData("%h %l %u %t %x", "'%x' at position 13")]
    [InlineData("%h %t %{Foo}z", "'%{Foo}z' at position 7")]
    [InlineData("%h %t %", "'%' at position 7")]
    [InlineData("%h %t %{Referer", "'%{' at position 7")]
    [InlineData("%h%u %t", "'%u' at position 3 follows another field")]
    [InlineData("%h %u", "needs %t")]
    [InlineData("%h %t \"%r %>s %b", "quote before the specifier at position 8 is not closed")]
    [InlineData("%h %t \"%r\" \"%{User-agent}i", "quote before the specifier at position 13 is not closed")]
    public void Plan_RejectsBadFormats_NamingTheSpecifierAndPosition(string format, string message)
    {
        var e = Assert.Throws<FormatException>(() => CustomPlan.Compile(format));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Combined_FieldByField()
    {
        var r = ParseOne(Combined, "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif?x=1 HTTP/1.0\" 200 2326 \"http://www.example.com/start.html\" \"Mozilla/4.08 [en] (Win98; I ;Nav)\" trailing extra");
        Assert.Equal("127.0.0.1", r["ip"]);
        Assert.Equal("frank", r["user"]);
        Assert.Equal(W3cParserTests.Unix("2000-10-10T20:55:36Z"), r["ts"]);
        Assert.Equal("GET", r["method"]);
        Assert.Equal("/apache_pb.gif", r["path"]);
        Assert.Equal("x=1", r["query"]);
        Assert.Equal("HTTP/1.0", r["protocol"]);
        Assert.Equal("200", r["status"]);
        Assert.Equal("2326", r["bytes"]);
        Assert.Equal("http://www.example.com/start.html", r["referer"]);
        Assert.Equal("Mozilla/4.08 [en] (Win98; I ;Nav)", r["ua"]);
        Assert.Null(r["request_time"]);
    }

    /// <summary>Apache's standard <c>%U%q</c>: the target, split at its <c>?</c>; no query when there is none.</summary>
    [Theory]
    [InlineData("/search?q=a+b&x=1", "/search", "q=a+b&x=1")]
    [InlineData("/plain", "/plain", null)]
    [InlineData("/empty?", "/empty", null)]
    [InlineData("/a?b?c", "/a", "b?c")]
    public void PathAndQueryTogether_SplitAtTheQuestionMark(string target, string path, string? query)
    {
        var r = ParseOne("%h %l %u %t \"%m %U%q %H\" %>s %b", $"192.0.2.1 - - [01/Jan/2024:00:00:00 +0000] \"GET {target} HTTP/1.1\" 200 5");
        Assert.Equal(path, r["path"]);
        Assert.Equal(query, r["query"]);
        Assert.Equal("GET", r["method"]);
        Assert.Equal("HTTP/1.1", r["protocol"]);
    }

    /// <summary>Issue 13.4: <c>%p</c> (the server's port) fills <c>port</c> when the format logs no client port.</summary>
    [Fact]
    public void ServerPort_IsKept()
    {
        var r = ParseOne("%v:%p %h %l %u %t \"%r\" %>s %O", "www.example.com:8080 192.0.2.1 - - [01/Jan/2024:00:00:00 +0000] \"GET / HTTP/1.1\" 200 5");
        Assert.Equal("www.example.com", r["vhost"]);
        Assert.Equal("8080", r["port"]);
    }

    [Fact]
    public void VhostTimingAndSplitRequestSpecifiers()
    {
        var r = ParseOne("%v:%p %a %{remote}p %u %t %m %U %q %H %s %B %I %D %T %{ms}T \"%{User-Agent}i\" %^",
            "www.example.com:443 2001:db8::5 51515 - [01/Jan/2024:00:00:00 +0000] POST /api/x ?a=b HTTP/2.0 201 0 512 1500 0.25 7 \"a \\\"quoted\\\" agent\" skipped");
        Assert.Equal("www.example.com", r["vhost"]);
        Assert.Equal("2001:db8::5", r["ip"]);
        Assert.Equal("51515", r["port"]);
        Assert.Null(r["user"]);
        Assert.Equal("POST", r["method"]);
        Assert.Equal("/api/x", r["path"]);
        Assert.Equal("a=b", r["query"]);
        Assert.Equal("HTTP/2.0", r["protocol"]);
        Assert.Equal("201", r["status"]);
        Assert.Equal("0", r["bytes"]);
        Assert.Equal("512", r["received_bytes"]);
        Assert.Equal("7000", r["request_time"]); // the last of %D, %T, %{ms}T wins
        Assert.Equal("a \\\"quoted\\\" agent", r["ua"]); // raw, escapes kept, as in combined
        Assert.Equal(W3cParserTests.Unix("2024-01-01T00:00:00Z"), r["ts"]);
    }

    [Fact]
    public void MalformedLines_AreCountedWithTheirReasons()
    {
        var (records, counters) = Parse("%h %l %u %t \"%r\" %>s %b %D", string.Join('\n',
            "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200 5 10",
            "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200 5",            // the literal before %D is missing
            "1.2.3.4 - - [10/Foo/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200 5 10",         // bad month
            "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0 200 5 10",           // request never closed
            "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 20x 5 10",         // status
            "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200 5b 10",        // bytes
            "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200 5 1.x",        // %D
            "",
            "\0\0\0") + "\n");
        Assert.Equal(9, counters.Lines);
        Assert.Single(records);
        Assert.Equal("10", records[0]["request_time"]);
        Assert.Equal(1, counters.Blank);
        Assert.Equal(2, counters.MalformedByReason[(int)MalformedReason.MissingFields]);
        Assert.Equal(1, counters.MalformedByReason[(int)MalformedReason.BadTime]);
        Assert.Equal(1, counters.MalformedByReason[(int)MalformedReason.UnterminatedQuote]);
        Assert.Equal(1, counters.MalformedByReason[(int)MalformedReason.BadStatus]);
        Assert.Equal(1, counters.MalformedByReason[(int)MalformedReason.BadSize]);
        Assert.Equal(1, counters.MalformedByReason[(int)MalformedReason.BadFieldType]);
    }

    [Fact]
    public void NeverDetected() => Assert.Equal(0, new CustomFormat().Probe("1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200 5\n"u8, FormatSettings.Default));

    [Fact]
    public void HostileBytes_NeverThrow_AndEveryLineIsCountedOnce()
    {
        var random = new Random(99);
        byte[] interesting = [(byte)'\n', (byte)'\r', (byte)' ', (byte)'"', (byte)'\\', (byte)'[', (byte)']', (byte)'-', 0, 0x80, 0xff];
        var seed = Encoding.UTF8.GetBytes("127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /a\\\"b HTTP/1.0\" 200 2326 \"-\" \"agent \\\\\"");
        var text = new List<byte>();
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
        text.AddRange(Encoding.UTF8.GetBytes("1 - - [10/Oct/2000:13:55:36 -0700] \"" + new string('"', 100_000) + "\n"));
        var bytes = text.ToArray();
        var (_, counters) = Parse(Combined, bytes);
        Assert.Equal(bytes.Count(b => b == (byte)'\n'), counters.Lines);
        Assert.Equal(counters.Lines, counters.Parsed + counters.Blank + counters.Malformed);
        Assert.True(counters.Parsed > 500, $"{counters.Parsed} parsed");
    }

    [Theory]
    [InlineData(new[] { "count", "--log-format", "%h %t %y" }, "unknown specifier '%y' at position 7")]
    [InlineData(new[] { "count", "--format", "custom" }, "--format custom needs --log-format")]
    [InlineData(new[] { "count", "--format", "combined", "--log-format", "%h %t" }, "cannot be combined with --format combined")]
    public void Cli_RejectsBadLayouts_WithExitCode2(string[] args, string message)
    {
        using var temp = new TempDirectory("custom-usage");
        var log = temp.File("a.log");
        File.WriteAllText(log, "1.2.3.4 [10/Oct/2000:13:55:36 -0700]\n");
        var run = FastLogCli.Run([.. args, log]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> ParseOne(string format, string line)
    {
        var (records, counters) = Parse(format, line + "\n");
        Assert.True(counters.Parsed == 1, $"not parsed: {string.Join(", ", counters.MalformedByReason)}");
        return records[0];
    }

    private static (List<Dictionary<string, string?>> Records, ParseCounters Counters) Parse(string format, string text) => Parse(format, Encoding.UTF8.GetBytes(text));

    private static (List<Dictionary<string, string?>> Records, ParseCounters Counters) Parse(string format, byte[] bytes)
    {
        var counters = new ParseCounters();
        var collector = new FieldCollector();
        var lines = new CustomParser(CustomPlan.Compile(format), batchCapacity: 5).ParseBlock(bytes, new BlockOrigin(0, 0, 0, 0), counters, collector);
        Assert.Equal(counters.Lines, lines);
        return (collector.Records, counters);
    }
}
