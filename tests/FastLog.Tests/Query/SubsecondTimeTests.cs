using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Query;

/// <summary>
/// Fractions of a second are kept end to end: in time literals (<c>--since</c>, <c>--until</c>,
/// <c>ts</c> comparisons, with offsets) and in jsonl timestamps (RFC 3339 fractions, fractional
/// epoch seconds). Each run's <c>filter</c> output is checked against Python's datetime and
/// Decimal applying the documented rule (a literal covers one unit of its last digit).
/// </summary>
public class SubsecondTimeTests
{
    private static readonly string[] s_records =
    [
        """{"ts":"2024-03-01T11:45:00Z","msg":"a"}""",
        """{"ts":"2024-03-01T11:45:00.2Z","msg":"b"}""",
        """{"ts":"2024-03-01T11:45:00.25Z","msg":"c"}""",
        """{"ts":"2024-03-01T13:45:00.7+02:00","msg":"d"}""",
        """{"ts":"2024-03-01T11:45:00.900000Z","msg":"e"}""",
        """{"ts":"2024-03-01T11:45:00.999999Z","msg":"f"}""",
        """{"ts":"2024-03-01T11:45:01Z","msg":"g"}""",
        """{"ts":"2024-03-01T11:44:59.95Z","msg":"h"}""",
        """{"ts":1709293500.2,"msg":"i"}""",
        """{"ts":1709293500.75,"msg":"j"}""",
        """{"ts":1709293500,"msg":"k"}""",
        """{"ts":"2024-03-01T06:45:00.3-05:00","msg":"l"}""",
    ];

    private static readonly string[] s_literals =
    [
        "2024-03-01T11:45:00.9Z", "2024-03-01T11:45:00.2Z", "2024-03-01T13:45:00.2+02:00", "2024-03-01T11:45:00Z",
        "2024-03-01T11:45:00.25Z", "2024-03-01T11:45:00.7Z", "2024-03-01T11:45:00.75-00:00", "2024-03-01T11:45",
    ];

    private static readonly string[] s_tests = ["--since", "--until", "==", "!=", "<", "<=", ">", ">="];

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var test in s_tests)
            foreach (var literal in s_literals)
                data.Add(test, literal);
        return data;
    }

    [Theory, MemberData(nameof(Cases))]
    public void FractionalTimes_SelectWhatTheOracleSelects(string test, string literal)
    {
        using var dir = new TempDirectory("subsecond");
        var log = dir.File("a.jsonl");
        File.WriteAllText(log, string.Join("\n", s_records) + "\n");
        string[] selection = test.StartsWith("--", StringComparison.Ordinal) ? [test, literal] : ["--where", $"ts {test} {literal}"];
        var actual = FastLogCli.Run(["filter", log, "--format", "jsonl", .. selection]).Ok();
        var script = dir.File("oracle.py");
        File.WriteAllText(script, """
            import json, sys, re
            from datetime import datetime, timezone
            from decimal import Decimal
            def instant(text):
                # A record's instant, as exact Decimal Unix seconds.
                if isinstance(text, (int, float)) or re.fullmatch(r'[0-9.]+', text):
                    return Decimal(str(text))
                d = datetime.fromisoformat(text.replace('Z', '+00:00'))
                return Decimal(int(d.timestamp() // 1)) + Decimal(d.microsecond) / 1000000
            def interval(text):
                # [first, end): a literal covers one unit of its last digit (or its minute).
                m = re.search(r'\.([0-9]+)', text)
                if m:
                    unit = Decimal(1).scaleb(-len(m.group(1)))
                elif text.count(':') >= 2 and not re.fullmatch(r'.*T\d\d:\d\d', text):
                    unit = Decimal(1)
                else:
                    unit = Decimal(60)
                if not re.search(r'(Z|[+-]\d\d:\d\d)$', text):
                    text += 'Z'
                first = instant(text)
                return first, first + unit
            test, literal = sys.argv[2], sys.argv[3]
            first, end = interval(literal)
            for line in open(sys.argv[1]):
                t = instant(json.loads(line)['ts'])
                keep = {'--since': t >= first, '--until': t < first, '==': first <= t < end, '!=': not (first <= t < end),
                        '<': t < first, '<=': t < end, '>': t >= end, '>=': t >= first}[test]
                if keep:
                    sys.stdout.write(line)
            """);
        var expected = Shell.Run($"python3 {script} {log} {Shell.Quote(test)} {Shell.Quote(literal)}");
        Assert.Equal(expected, actual);
    }

    // ALB writes microseconds: they are kept as well.
    [Theory]
    [InlineData("--where", "ts >= 2018-07-02T22:23:00.2Z", 3)]
    [InlineData("--where", "ts == 2018-07-02T22:23:00.186641Z", 1)]
    [InlineData("--where", "ts == 2018-07-02T22:23:00.1Z", 1)]
    [InlineData("--where", "ts < 2018-07-02T22:23:00.186641Z", 1)]
    [InlineData("--where", "ts > 2018-07-02T22:23:00.99Z", 1)]
    [InlineData("--where", "ts == 2018-07-02T22:23:00Z", 4)]
    [InlineData("--since", "2018-07-03T00:23:00.5+02:00", 3)]
    [InlineData("--until", "2018-07-02T22:23:01Z", 4)]
    public void AlbTimestamps_KeepTheirMicroseconds(string option, string value, int expected)
    {
        using var dir = new TempDirectory("subsecond");
        var log = dir.File("alb.log");
        string[] times = ["22:23:00Z", "22:23:00.186641Z", "22:23:00.5Z", "22:23:00.999999Z", "22:23:01.000001Z"];
        File.WriteAllText(log, string.Concat(times.Select(t => Formats.AlbParserTests.HttpExample.Replace("22:23:00.186641Z", t, StringComparison.Ordinal) + "\n")));
        var output = FastLogCli.Run("filter", log, "--format", "alb", option, value).Ok();
        Assert.Equal(expected, output.Count(c => c == '\n'));
    }

    // Syslog: RFC 5424 and RFC 3339-stamped lines keep their fraction; RFC 3164 stamps are whole seconds.
    [Theory]
    [InlineData("ts >= 2024-03-01T10:00:00.5Z", "c,d")]
    [InlineData("ts == 2024-03-01T10:00:00.25Z", "b")]
    [InlineData("ts == 2024-03-01T10:00:00.2Z", "b")]
    [InlineData("ts < 2024-03-01T10:00:00.000001Z", "a,e")]
    [InlineData("ts == 2024-03-01T10:00:00Z", "a,b,c,d,e")]
    public void SyslogTimestamps_KeepTheirFraction(string where, string expected)
    {
        using var dir = new TempDirectory("subsecond");
        var log = dir.File("syslog.log");
        File.WriteAllText(log, """
            <13>1 2024-03-01T10:00:00Z host app 1 - - a
            <13>1 2024-03-01T10:00:00.25Z host app 1 - - b
            <13>1 2024-03-01T12:00:00.5+02:00 host app 1 - - c
            2024-03-01T10:00:00.999999999Z host app[1]: d
            Mar  1 10:00:00 host app[1]: e

            """);
        var output = FastLogCli.Run("filter", log, "--format", "syslog", "--year", "2024", "--where", where).Ok();
        Assert.Equal(expected, string.Join(',', output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l[^1..])));
    }

    // W3C (IIS) times may carry a fraction: it is kept.
    [Theory]
    [InlineData("ts >= 2023-12-31T23:00:00.3Z", "/c,/d")]
    [InlineData("ts == 2023-12-31T23:00:00.25Z", "/b")]
    [InlineData("ts < 2023-12-31T23:00:00.5Z", "/a,/b")]
    [InlineData("ts == 2023-12-31T23:00:00Z", "/a,/b,/c")]
    public void W3cTimes_KeepTheirFraction(string where, string expected)
    {
        using var dir = new TempDirectory("subsecond");
        var log = dir.File("u_ex.log");
        File.WriteAllText(log, """
            #Version: 1.0
            #Date: 2023-12-31 00:00:00
            #Fields: time c-ip cs-method cs-uri-stem sc-status
            23:00:00 192.0.2.1 GET /a 200
            23:00:00.250 192.0.2.1 GET /b 200
            23:00:00.5 192.0.2.1 GET /c 200
            23:00:01.000001 192.0.2.1 GET /d 200

            """);
        var output = FastLogCli.Run("filter", log, "--format", "w3c", "--where", where).Ok();
        Assert.Equal(expected, string.Join(',', output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[3])));
    }

    // The two examples, by hand.
    [Fact]
    public void SinceAFractionExcludesTheWholeSecondBefore_AndEqualityTellsTenthsApart()
    {
        using var dir = new TempDirectory("subsecond");
        var log = dir.File("a.jsonl");
        File.WriteAllText(log, """
            {"ts":"2024-03-01T11:45:00Z","msg":"at-00"}
            {"ts":"2024-03-01T11:45:00.2Z","msg":"at-02"}
            {"ts":"2024-03-01T11:45:00.7Z","msg":"at-07"}
            {"ts":"2024-03-01T11:45:00.123456789Z","msg":"at-ns"}

            """);
        Assert.Equal("0\n", FastLogCli.Run("count", log, "--format", "jsonl", "--since", "2024-03-01T11:45:00.9Z", "--output", "csv").Ok().Split('\n', 2)[1]);
        Assert.Contains("at-02", FastLogCli.Run("filter", log, "--format", "jsonl", "--where", "ts == 2024-03-01T11:45:00.2Z").Ok(), StringComparison.Ordinal);
        Assert.Equal(1, FastLogCli.Run("filter", log, "--format", "jsonl", "--where", "ts == 2024-03-01T11:45:00.2Z").Ok().Count(c => c == '\n'));
        Assert.Contains("at-ns", FastLogCli.Run("filter", log, "--format", "jsonl", "--where", "ts == 2024-03-01T11:45:00.123456789Z").Ok(), StringComparison.Ordinal);
        Assert.Equal("", FastLogCli.Run("filter", log, "--format", "jsonl", "--where", "ts == 2024-03-01T11:45:00.123456788Z").Ok());
    }
}
