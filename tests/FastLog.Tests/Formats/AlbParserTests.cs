using System.Text;
using FastLog.Columns;
using FastLog.Diagnostics;
using FastLog.Formats;
using FastLog.Formats.Alb;
using Xunit;

namespace FastLog.Tests.Formats;

/// <summary>
/// The alb parser on the example entries of the AWS documentation ("Access log entries for your
/// Application Load Balancer", examples section): field by field,
/// <c>"- - -"</c> requests, h2/grpcs/ws, trailing fields AWS appends, short lines, hostile bytes.
/// </summary>
public class AlbParserTests
{
    // AWS docs: HTTP entry (with the newer trailing fields and a TID_ connection trace id).
    internal const string HttpExample = "http 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.000 0.001 0.000 200 200 34 366 \"GET http://www.example.com:80/ HTTP/1.1\" \"curl/7.46.0\" - - arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 \"Root=1-58337262-36d228ad5d99923122bbe354\" \"-\" \"-\" 0 2018-07-02T22:22:48.364000Z \"forward\" \"-\" \"-\" \"10.0.0.1:80\" \"200\" \"-\" \"-\" TID_1234abcd5678ef90";

    // AWS docs: HTTPS entry.
    internal const string HttpsExample = "https 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.086 0.048 0.037 200 200 0 57 \"GET https://www.example.com:443/ HTTP/1.1\" \"curl/7.46.0\" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 \"Root=1-58337281-1d84f3d73c47ec4e58577259\" \"www.example.com\" \"arn:aws:acm:us-east-2:123456789012:certificate/12345678-1234-1234-1234-123456789012\" 1 2018-07-02T22:22:48.364000Z \"authenticate,forward\" \"-\" \"-\" \"10.0.0.1:80\" \"200\" \"-\" \"-\" TID_1234abcd5678ef90";

    // AWS docs: HTTP/2 entry.
    private const string H2Example = "h2 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 10.0.1.252:48160 10.0.0.66:9000 0.000 0.002 0.000 200 200 5 257 \"GET https://10.0.2.105:773/ HTTP/2.0\" \"curl/7.46.0\" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 \"Root=1-58337327-72bd00b0343d75b906739c42\" \"-\" \"-\" 1 2018-07-02T22:22:48.364000Z \"redirect\" \"https://example.com:80/\" \"-\" \"10.0.0.66:9000\" \"200\" \"-\" \"-\"";

    // AWS docs: WebSockets entry.
    private const string WsExample = "ws 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 10.0.0.140:40914 10.0.1.192:8010 0.001 0.003 0.000 101 101 218 587 \"GET http://10.0.0.30:80/ HTTP/1.1\" \"-\" - - arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 \"Root=1-58337364-23a8c76965a2ef7629b185e3\" \"-\" \"-\" 1 2018-07-02T22:22:48.364000Z \"forward\" \"-\" \"-\" \"10.0.1.192:8010\" \"101\" \"-\" \"-\"";

    // AWS docs: Lambda target that failed (target "-", target status "-").
    private const string LambdaFailedExample = "http 2018-11-30T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 - 0.000 0.001 0.000 502 - 34 366 \"GET http://www.example.com:80/ HTTP/1.1\" \"curl/7.46.0\" - - arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 \"Root=1-58337364-23a8c76965a2ef7629b185e3\" \"-\" \"-\" 0 2018-11-30T22:22:48.364000Z \"forward\" \"-\" \"LambdaInvalidResponse\" \"-\" \"-\" \"-\" \"-\"";

    // An unparseable request (no target reached, processing times -1), as ALB logs a malformed request.
    private const string DashRequest = "https 2024-03-01T00:00:00.000001Z app/lb/1 203.0.113.9:40000 - -1 -1 -1 400 - 0 0 \"- - -\" \"-\" - - - \"-\" \"-\" \"-\" - 2024-03-01T00:00:00.000000Z \"-\" \"-\" \"-\" \"-\" \"-\" \"-\" \"-\"";

    // gRPC over HTTP/2, IPv6 client, a query, an agent with a quote inside.
    private const string GrpcsV6 = "grpcs 2024-03-01T12:34:56.5Z app/lb/2 [2001:db8::1]:51000 10.0.0.7:50051 0.000123 0.010000 0.000001 200 200 120 48 \"POST https://api.example.com:443/helloworld.Greeter/SayHello?x=1 HTTP/2.0\" \"grpc-go/1.20.0 \"beta\"\" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.3 arn:aws:elasticloadbalancing:us-east-2:1:targetgroup/g/1 \"Root=1-2\" \"api.example.com\" \"-\" 0 2024-03-01T12:34:56.000000Z \"forward\" \"-\" \"-\" \"10.0.0.7:50051\" \"200\" \"-\" \"-\" TID_x extra1 \"extra 2\"";

    [Fact]
    public void HttpExample_FieldByField()
    {
        var r = ParseOne(HttpExample);
        Assert.Equal(W3cParserTests.Unix("2018-07-02T22:23:00Z"), r["ts"]);
        Assert.Equal("app/my-loadbalancer/50dc6c495c0c9188", r["elb"]);
        Assert.Equal("192.168.131.39", r["ip"]);
        Assert.Equal("2817", r["port"]);
        Assert.Equal("10.0.0.1:80", r["target"]);
        Assert.Equal("0", r["request_processing_time"]);
        Assert.Equal("1000", r["target_processing_time"]);
        Assert.Equal("0", r["response_processing_time"]);
        Assert.Equal("1000", r["request_time"]);
        Assert.Equal("200", r["status"]);
        Assert.Equal("200", r["target_status"]);
        Assert.Equal("34", r["received_bytes"]);
        Assert.Equal("366", r["bytes"]);
        Assert.Equal("GET", r["method"]);
        Assert.Equal("/", r["path"]);
        Assert.Null(r["query"]);
        Assert.Equal("HTTP/1.1", r["protocol"]);
        Assert.Equal("curl/7.46.0", r["ua"]);
        Assert.Null(r["ssl_cipher"]);
        Assert.Null(r["ssl_protocol"]);
        Assert.Equal("www.example.com", r["vhost"]); // domain_name "-": the URL's host
        Assert.Null(r["user"]);
        Assert.Null(r["referer"]);
        Assert.Equal(HttpExample, r["line"]);
    }

    [Fact]
    public void HttpsExample_TakesDomainNameAndTls()
    {
        var r = ParseOne(HttpsExample);
        Assert.Equal("86000", r["request_processing_time"]);
        Assert.Equal("48000", r["target_processing_time"]);
        Assert.Equal("37000", r["response_processing_time"]);
        Assert.Equal("171000", r["request_time"]);
        Assert.Equal("ECDHE-RSA-AES128-GCM-SHA256", r["ssl_cipher"]);
        Assert.Equal("TLSv1.2", r["ssl_protocol"]);
        Assert.Equal("www.example.com", r["vhost"]);
        Assert.Equal("0", r["received_bytes"]);
        Assert.Equal("57", r["bytes"]);
    }

    [Fact]
    public void H2WsAndLambdaExamples()
    {
        var h2 = ParseOne(H2Example);
        Assert.Equal("HTTP/2.0", h2["protocol"]);
        Assert.Equal("10.0.2.105", h2["vhost"]);
        Assert.Equal("10.0.1.252", h2["ip"]);
        Assert.Equal("48160", h2["port"]);

        var ws = ParseOne(WsExample);
        Assert.Equal("101", ws["status"]);
        Assert.Null(ws["ua"]);

        var lambda = ParseOne(LambdaFailedExample);
        Assert.Equal("502", lambda["status"]);
        Assert.Null(lambda["target_status"]);
        Assert.Null(lambda["target"]);
    }

    [Fact]
    public void DashRequest_LeavesTheRequestNull_AndMinusOneTimesAreNull()
    {
        var r = ParseOne(DashRequest);
        Assert.Null(r["method"]);
        Assert.Null(r["path"]);
        Assert.Null(r["query"]);
        Assert.Null(r["protocol"]);
        Assert.Null(r["vhost"]);
        Assert.Null(r["request_processing_time"]);
        Assert.Null(r["target_processing_time"]);
        Assert.Null(r["response_processing_time"]);
        Assert.Null(r["request_time"]);
        Assert.Equal("400", r["status"]);
        Assert.Equal("0", r["bytes"]);
        Assert.Equal("203.0.113.9", r["ip"]);
    }

    [Fact]
    public void GrpcsIpv6_QuotedQuotes_AndExtraTrailingFields()
    {
        var r = ParseOne(GrpcsV6);
        Assert.Equal("2001:db8::1", r["ip"]);
        Assert.Equal("51000", r["port"]);
        Assert.Equal("POST", r["method"]);
        Assert.Equal("/helloworld.Greeter/SayHello", r["path"]);
        Assert.Equal("x=1", r["query"]);
        Assert.Equal("grpc-go/1.20.0 \"beta\"", r["ua"]);
        Assert.Equal("api.example.com", r["vhost"]);
        Assert.Equal("TLSv1.3", r["ssl_protocol"]);
        Assert.Equal("123", r["request_processing_time"]);
        Assert.Equal("10124", r["request_time"]);
        Assert.Equal(W3cParserTests.Unix("2024-03-01T12:34:56Z"), r["ts"]);
    }

    [Fact]
    public void ShortAndBrokenLines_AreMalformedWithReasons()
    {
        var cut = HttpExample[..HttpExample.IndexOf(" \"Root=", StringComparison.Ordinal)]; // ends before trace_id
        var (records, counters) = Parse(string.Join('\n',
            cut,
            HttpExample.Replace("2018-07-02T22:23:00.186641Z", "2018-07-02X22:23:00.186641Z", StringComparison.Ordinal),
            HttpExample.Replace(" 200 200 ", " 2000 200 ", StringComparison.Ordinal),
            HttpExample.Replace(" 34 366 ", " 34 x ", StringComparison.Ordinal),
            HttpExample.Replace(" 0.000 0.001 ", " 0.000 abc ", StringComparison.Ordinal),
            HttpExample[..HttpExample.IndexOf("\"curl", StringComparison.Ordinal)] + "\"curl/7.46.0 - - arn",
            "",
            HttpExample) + "\n");
        Assert.Equal(8, counters.Lines);
        Assert.Single(records);
        Assert.Equal(1, counters.Blank);
        Assert.Equal(1, counters.MalformedByReason[(int)MalformedReason.MissingFields]);
        Assert.Equal(1, counters.MalformedByReason[(int)MalformedReason.BadTime]);
        Assert.Equal(1, counters.MalformedByReason[(int)MalformedReason.BadStatus]);
        Assert.Equal(1, counters.MalformedByReason[(int)MalformedReason.BadSize]);
        Assert.Equal(1, counters.MalformedByReason[(int)MalformedReason.BadFieldType]);
        Assert.Equal(1, counters.MalformedByReason[(int)MalformedReason.UnterminatedQuote]);
        Assert.Equal("7", records[0]["line_index"]);
    }

    [Fact]
    public void Detection_PicksAlb()
    {
        var sample = Encoding.UTF8.GetBytes(string.Join('\n', HttpExample, HttpsExample, H2Example, WsExample, LambdaFailedExample, DashRequest, GrpcsV6) + "\n");
        Assert.Equal(LogFormat.Alb, FormatDetector.Detect(sample)!.Id);
        Assert.Equal(0, new AlbFormat().Probe("127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200 1\n"u8, FormatSettings.Default));
    }

    [Fact]
    public void HostileBytes_NeverThrow_AndEveryLineIsCountedOnce()
    {
        var random = new Random(777);
        byte[] interesting = [(byte)'\n', (byte)'\r', (byte)' ', (byte)'"', (byte)':', (byte)'[', (byte)']', (byte)'-', 0, 0x80, 0xff];
        var seeds = new[] { HttpExample, HttpsExample, DashRequest, GrpcsV6 }.Select(Encoding.UTF8.GetBytes).ToArray();
        var text = new List<byte>();
        for (var i = 0; i < 3000; i++)
        {
            var line = seeds[random.Next(seeds.Length)].ToList();
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
        text.AddRange(Encoding.UTF8.GetBytes("http \"" + new string('"', 100_000) + "\n"));
        var bytes = text.ToArray();
        var (_, counters) = Parse(bytes);
        Assert.Equal(bytes.Count(b => b == (byte)'\n'), counters.Lines);
        Assert.Equal(counters.Lines, counters.Parsed + counters.Blank + counters.Malformed);
        Assert.True(counters.Parsed > 500, $"{counters.Parsed} parsed");
    }

    private static Dictionary<string, string?> ParseOne(string line)
    {
        var (records, counters) = Parse(line + "\n");
        Assert.True(counters.Parsed == 1, $"not parsed: {string.Join(", ", counters.MalformedByReason)}");
        return records[0];
    }

    private static (List<Dictionary<string, string?>> Records, ParseCounters Counters) Parse(string text) => Parse(Encoding.UTF8.GetBytes(text));

    private static (List<Dictionary<string, string?>> Records, ParseCounters Counters) Parse(byte[] bytes)
    {
        var counters = new ParseCounters();
        var collector = new FieldCollector();
        var lines = new AlbParser(batchCapacity: 5).ParseBlock(bytes, new BlockOrigin(0, 0, 0, 0), counters, collector);
        Assert.Equal(counters.Lines, lines);
        return (collector.Records, counters);
    }
}
