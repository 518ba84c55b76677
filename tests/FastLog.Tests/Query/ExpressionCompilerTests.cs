using System.Text;
using FastLog.Columns;
using FastLog.Diagnostics;
using FastLog.Formats;
using FastLog.Formats.Clf;
using FastLog.Query;
using FastLog.Query.Syntax;
using FastLog.Scanning;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Query;

/// <summary>
/// The <c>--where</c> language on five hand-made nginx lines that cover every field, null
/// forms and address kinds: each expression selects exactly the expected lines.
/// </summary>
public class ExpressionCompilerTests
{
    private static readonly string[] s_lines =
    [
        "10.1.2.3 - alice [01/Mar/2024:10:00:00 +0000] \"GET /api/users/1?x=1 HTTP/1.1\" 200 512 \"-\" \"curl/8.0\" 0.120",
        "192.168.1.5 - - [01/Mar/2024:10:30:00 +0100] \"POST /login HTTP/1.1\" 401 - \"https://ex.com/\" \"Mozilla/5.0 (X11) Firefox/120\" 0.003",
        "2001:db8::1 - - [01/Mar/2024:23:59:59 +0000] \"GET /static/app.js HTTP/2.0\" 304 - \"-\" \"-\" -",
        "::ffff:10.9.8.7 - bob [02/Mar/2024:00:00:00 +0000] \"DELETE /api/users/2 HTTP/1.1\" 500 1024 \"-\" \"sqlmap/1.7#stable\" 2.5",
        "host.example.com - - [29/Feb/2024:12:00:00 -0500] \"-\" 400 0 \"-\" \"Googlebot/2.1\" 0.000",
    ];

    public static TheoryData<string, int[]> Cases() => new()
    {
        { "status == 200", [0] },
        { "status >= 400", [1, 3, 4] },
        { "status == 4xx", [1, 4] },
        { "status != 200", [1, 2, 3, 4] },
        { "status in [200, 304]", [0, 2] },
        { "status in [5xx, 200]", [0, 3] },
        { "status == null", [] },
        { "status != null", [0, 1, 2, 3, 4] },
        { "bytes > 500", [0, 3] },
        { "bytes == null", [1, 2] },
        { "bytes != null", [0, 3, 4] },
        { "not bytes > 500", [1, 2, 4] },
        { "bytes < 1", [4] },
        { "request_time > 0.1", [0, 3] },
        { "request_time >= 120ms", [0, 3] },
        { "request_time == 2.5s", [3] },
        { "request_time == null", [2] },
        { "ua == null", [2] },
        { "ua contains 'bot'", [4] },
        { "ua icontains \"MOZILLA\"", [1] },
        { "ua startswith curl", [0] },
        { "ua not contains 'o'", [0, 2, 3] },
        { "path endswith .js", [2] },
        { "path istartswith '/API/'", [0, 3] },
        { "path iendswith '/USERS/2'", [3] },
        { "ua ~ '^sqlmap/[0-9.]+'", [3] },
        { "ua !~ 'bot'", [0, 1, 2, 3] },
        { "ua contains '\\x23'", [3] },
        { "ip in 10.0.0.0/8", [0, 3] },
        { "ip in [192.168.0.0/16, 2001:db8::/32]", [1, 2] },
        { "ip in [host.example.com]", [4] },
        { "ip not in 10.0.0.0/8", [1, 2, 4] },
        { "ip in ::ffff:10.0.0.0/104", [0, 3] },
        { "ip == '::ffff:10.9.8.7'", [3] },
        { "user == alice or user == bob", [0, 3] },
        { "user != null", [0, 3] },
        { "method == null", [4] },
        { "method in [GET, HEAD]", [0, 2] },
        { "query == \"x=1\"", [0] },
        { "query == null", [1, 2, 3, 4] },
        { "protocol == 'HTTP/2.0'", [2] },
        { "referer startswith 'https://'", [1] },
        { "path == '/api/users/1'", [0] },
        { "path < \"/b\"", [0, 3] },
        { "path >= '/static'", [2] },
        { "ts >= 2024-03-01T10:00:00Z and ts < 2024-03-01T10:00:01Z", [0] },
        { "ts == 2024-03-01", [0, 1, 2] },
        { "ts == 2024-03-01T09:30", [1] },
        { "ts == 2024-03-01T10:30:00+01:00", [1] },
        { "ts < 2024-03-01", [4] },
        { "ts <= 2024-03-01", [0, 1, 2, 4] },
        { "ts > 2024-03-01", [3] },
        { "ts >= '2024-03-01 10:00:00+00:00'", [0, 2, 3] },
        { "ts == 2024-02-29T17", [4] },
        { "(status == 200 or status == 500) and not ip in 10.0.0.0/8", [] },
        { "not (status >= 400 or bytes == null)", [0] },
        { "status >= 200 and status < 300 or ua == null", [0, 2] },
        { "status == 200 AND ua == null OR method == DELETE", [3] },
        { "((((status == 401))))", [1] },
        { "not not status == 401", [1] },
        { "status == 401 or status == 304 or status == 200 or bytes == 0", [0, 1, 2, 4] },
    };

    [Theory, MemberData(nameof(Cases))]
    public void Expression_SelectsTheExpectedLines(string expression, int[] expected)
    {
        Assert.Equal(expected, Select(expression));
    }

    // A value file: one value per line, blanks and comments skipped, surrounding spaces trimmed.
    [Fact]
    public void InFile_ReadsOneValuePerLine()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "# methods\n  POST \n\nDELETE\r\n");
            Assert.Equal([1, 3], Select($"method in @{file}"));
            File.WriteAllText(file, "10.0.0.0/8\nhost.example.com\n");
            Assert.Equal([0, 3, 4], Select($"ip in @'{file}'"));
            File.WriteAllText(file, "401\n4xx\n");
            Assert.Equal([1, 4], Select($"status in @{file}"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void RelativeTimes_CountBackFromNow()
    {
        var march2 = new DateTimeOffset(2024, 3, 2, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
        Assert.Equal([0, 1, 2, 3], Select("ts >= -1d", now: march2));
        Assert.Equal([2, 3], Select("ts >= -1h", now: march2));
        Assert.Equal([3], Select("ts == now", now: march2));
        Assert.Equal([0, 1, 2, 3, 4], Select("ts > -2d", now: march2 + 3600));
        Assert.Equal([0, 1, 2, 3], Select("ts > -2d", now: march2 + 86400));
    }

    [Fact]
    public void Errors_PointAtTheOffendingToken()
    {
        var e = Assert.Throws<ExpressionException>(() => RecordFilter.Compile("status >= 500 and path startswith", 0));
        Assert.Equal(33, e.Start);
        Assert.Contains("expected a value after 'startswith'", e.Message, StringComparison.Ordinal);
    }

    /// <summary>Parses the lines as nginx and returns the indices the expression keeps.</summary>
    internal static int[] Select(string expression, long now = 0)
    {
        var filter = RecordFilter.Compile(expression, now);
        var block = Encoding.UTF8.GetBytes(string.Join("\n", s_lines) + "\n");
        var collector = new RecordCollector();
        var parser = FormatRegistry.CreateParser(ClfVariant.Nginx, ScannerKind.Scalar);
        var counters = new ParseCounters();
        parser.ParseBlock(block, new BlockOrigin(0, 0, 0, 0), counters, new FilteringBatchConsumer(filter.CreatePredicate(), collector));
        Assert.Equal(s_lines.Length, counters.Parsed);
        var all = s_lines.Select(l => l.Split(' ')[0]).ToList();
        return [.. collector.Records.Select(r => all.IndexOf(r.Ip))];
    }
}
