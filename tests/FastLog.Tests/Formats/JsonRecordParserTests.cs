using System.Text;
using FastLog.Columns;
using FastLog.Diagnostics;
using FastLog.Formats;
using FastLog.Formats.Json;
using Xunit;
using static FastLog.Tests.Formats.JsonFieldCollector;

namespace FastLog.Tests.Formats;

/// <summary>
/// The JSON record parser through the three formats: escapes, nesting limits, invalid JSON,
/// absent fields, huge values, and the accounting of every line.
/// </summary>
public class JsonRecordParserTests
{
    private static readonly CloudTrailFormat s_cloudTrail = new();
    private static readonly GithubFormat s_github = new();
    private static readonly JsonlFormat s_jsonl = new();

    private const string Event = """{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::1:user/bob","userName":"bob"},"eventTime":"2023-07-10T11:42:36Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.9","userAgent":"Mozilla/5.0","errorMessage":"Failed authentication","requestParameters":{"userName":"alice","enable":true},"responseElements":{"ConsoleLogin":"Failure","accessKey":{"userName":"carol"}},"additionalEventData":{"MFAUsed":"No"},"eventType":"AwsConsoleSignIn"}""";

    [Fact]
    public void CloudTrail_ReadsEveryField()
    {
        var (c, counters) = Parse(s_cloudTrail, Event);
        Assert.Equal(1, counters.Parsed);
        var r = c.Records[0];
        Assert.Equal(new DateTimeOffset(2023, 7, 10, 11, 42, 36, TimeSpan.Zero).ToUnixTimeSeconds().ToString(), r[LogField.Ts]);
        Assert.Equal("ConsoleLogin", r[LogField.EventName]);
        Assert.Equal("signin.amazonaws.com", r[LogField.EventSource]);
        Assert.Equal("AwsConsoleSignIn", r[LogField.EventType]);
        Assert.Equal("IAMUser", r[LogField.UserType]);
        Assert.Equal("arn:aws:iam::1:user/bob", r[LogField.UserArn]);
        Assert.Equal("bob", r[LogField.User]);
        Assert.Equal("203.0.113.9", r[LogField.Ip]);
        Assert.Equal("Mozilla/5.0", r[LogField.Agent]);
        Assert.Equal("us-east-1", r[LogField.Region]);
        Assert.Null(r[LogField.ErrorCode]);
        Assert.Equal("Failed authentication", r[LogField.ErrorMessage]);
        Assert.Equal("No", r[LogField.Mfa]);
        Assert.Equal("Failure", r[LogField.ConsoleLogin]);
        Assert.Equal("alice", r[LogField.RequestUserName]);
        Assert.Equal("carol", r[LogField.AccessKeyUserName]);
        Assert.Equal("true", r[LogField.RequestEnable]);
        Assert.Equal(Event, c.Lines[0]);
    }

    [Fact]
    public void MissingFields_AreNull_AndNullValuesToo()
    {
        var (c, counters) = Parse(s_cloudTrail, """{"eventTime":"2023-07-10T11:42:36Z","userIdentity":null,"requestParameters":null,"errorCode":null,"responseElements":{"accessKey":null}}""");
        Assert.Equal(1, counters.Parsed);
        foreach (var (field, value) in c.Records[0])
            if (field != LogField.Ts) Assert.True(value is null, $"{field} = {value}");
    }

    [Fact]
    public void Escapes_AreUnescaped_IntoTheParsersBuffer()
    {
        // \" and \\, \u0000 (NUL is data), a surrogate pair (U+1F600), \/ and a BMP escape.
        var line = """{"eventTime":"2023-07-10T11:42:36Z","eventName":"a\"b\\c","userAgent":"x\u0000y","errorMessage":"\ud83d\ude00 \/ \u00e9","sourceIPAddress":"plain"}""";
        var (c, counters) = Parse(s_cloudTrail, line);
        Assert.Equal(1, counters.Parsed);
        var r = c.Records[0];
        Assert.Equal("a\"b\\c", r[LogField.EventName]);
        Assert.Equal("x\0y", r[LogField.Agent]);
        Assert.Equal("\U0001F600 / é", r[LogField.ErrorMessage]);
        Assert.Equal("plain", r[LogField.Ip]);
        Assert.Equal(line, c.Lines[0]);
    }

    [Fact]
    public void EscapedPropertyNames_Match()
    {
        var (c, _) = Parse(s_cloudTrail, """{"event\u0054ime":"2023-07-10T11:42:36Z","\u0065ventName":"X"}""");
        Assert.Equal("X", c.Records[0][LogField.EventName]);
    }

    // docs/reliability.md R1: the record stands, lone surrogates become U+FFFD, a valid pair next to them survives.
    [Fact]
    public void LoneSurrogates_BecomeReplacementCharacters()
    {
        var (c, counters) = Parse(s_cloudTrail, """{"eventTime":"2023-07-10T11:42:36Z","userAgent":"\ud800x","userIdentity":{"userName":"\udc00\ud800"},"errorMessage":"\ud800\ud83d\ude00"}""");
        Assert.Equal(1, counters.Parsed);
        Assert.Equal("\uFFFDx", c.Records[0][LogField.Agent]);
        Assert.Equal("\uFFFD\uFFFD", c.Records[0][LogField.User]);
        Assert.Equal("\uFFFD\U0001F600", c.Records[0][LogField.ErrorMessage]);
    }

    // docs/reliability.md R1: invalid UTF-8 inside a string is kept as bytes; the sinks escape it.
    [Fact]
    public void InvalidUtf8_IsKeptAsBytes()
    {
        byte[] line = [.. """{"eventTime":"2023-07-10T11:42:36Z","eventName":"a"""u8, 0xFF, .. "b\"}\n"u8];
        var (c, counters) = Parse(s_cloudTrail, line);
        Assert.Equal(1, counters.Parsed);
        Assert.Equal("a\uFFFDb", c.Records[0][LogField.EventName]);
    }

    // duplicate keys — the last wins, as jq decides (jq is the oracle here).
    [Fact]
    public void DuplicateKeys_LastWins_LikeJq()
    {
        var line = """{"eventName":"ConsoleLogin","eventName":"GetObject","sourceIPAddress":"6.6.6.6","sourceIPAddress":"10.0.0.1","eventTime":"2023-07-10T11:42:36Z","eventTime":"2023-07-10T11:42:37Z","userIdentity":{"userName":"a"},"userIdentity":{"type":"Root"}}""";
        var jq = TestSupport.Shell.Run($"printf '%s\\n' {TestSupport.Shell.Quote(line)} | jq -r '[.eventName, .sourceIPAddress, (.eventTime | fromdate | tostring), (.userIdentity.userName // \"-\"), .userIdentity.type] | join(\" \")'").Trim();
        var (c, _) = Parse(s_cloudTrail, line);
        var r = c.Records[0];
        Assert.Equal(jq, string.Join(' ', r[LogField.EventName], r[LogField.Ip], r[LogField.Ts], r[LogField.User] ?? "-", r[LogField.UserType]));
    }

    [Theory]
    [InlineData("""{"eventTime":"2023-07-10T11:42:36Z",""")]              // truncated
    [InlineData("""{"eventTime":"2023-07-10T11:42:36Z"} trailing""")]     // text after the object
    [InlineData("""{"eventTime":"2023-07-10T11:42:36Z"}{"a":1}""")]      // two values on one line
    [InlineData("""{"eventTime":"2023-07-10T11:42:36Z","a":tru}""")]      // bad literal
    [InlineData("""{"eventTime":"2023-07-10T11:42:36Z","a":"x	y"}""")]    // raw tab inside a string
    [InlineData("""{'eventTime':'2023-07-10T11:42:36Z'}""")]              // single quotes
    [InlineData("""[{"eventTime":"2023-07-10T11:42:36Z"}]""")]            // not an object
    [InlineData("""   "just a string" """)]
    [InlineData("plain text line")]
    [InlineData(" ")]
    public void InvalidJson_IsBadJson(string line)
    {
        var (c, counters) = Parse(s_cloudTrail, line);
        Assert.Empty(c.Records);
        Assert.Equal(1, counters.MalformedByReason[(int)MalformedReason.BadJson]);
    }

    [Fact]
    public void DeepNesting_IsTooDeep_InASkippedValue_AndOnAPath()
    {
        var deep = new string('[', 100) + new string(']', 100);
        var skipped = $$"""{"eventTime":"2023-07-10T11:42:36Z","other":{{deep}}}""";
        var onPath = $$$"""{"eventTime":"2023-07-10T11:42:36Z","requestParameters":{"enable":{{{deep}}}}}""";
        var justUnder = $$"""{"eventTime":"2023-07-10T11:42:36Z","x":{{new string('[', 63) + new string(']', 63)}}}""";
        var (c, counters) = Parse(s_cloudTrail, skipped + "\n" + onPath + "\n" + justUnder + "\n");
        Assert.Equal(2, counters.MalformedByReason[(int)MalformedReason.TooDeep]);
        Assert.Single(c.Records);
    }

    [Fact]
    public void Timestamp_IsRequired_AndMustParse()
    {
        var (c, counters) = Parse(s_cloudTrail, """
            {"eventName":"A"}
            {"eventTime":"yesterday","eventName":"B"}
            {"eventTime":{"t":1},"eventName":"C"}
            {"eventTime":"2023-07-10T11:42:36+02:00","eventName":"D"}
            {"eventTime":[],"eventName":"E"}
            {"eventTime":true,"eventName":"F"}
            {"eventTime":null,"eventName":"G"}
            {"eventTime":1688989356,"eventName":"H"}
            """);
        Assert.Equal(2, counters.MalformedByReason[(int)MalformedReason.MissingFields]);
        Assert.Equal(2, counters.MalformedByReason[(int)MalformedReason.BadTime]);
        Assert.Equal(3, counters.MalformedByReason[(int)MalformedReason.BadFieldType]);
        var d = Assert.Single(c.Records);
        Assert.Equal(new DateTimeOffset(2023, 7, 10, 9, 42, 36, TimeSpan.Zero).ToUnixTimeSeconds().ToString(), d[LogField.Ts]);
    }

    [Fact]
    public void BlankLines_CrLf_AndLineAccounting()
    {
        var text = "\n\r\n" + Event + "\r\n" + "garbage\n" + Event + "\n";
        var (c, counters) = Parse(s_cloudTrail, text);
        Assert.Equal(5, counters.Lines);
        Assert.Equal(2, counters.Blank);
        Assert.Equal(2, counters.Parsed);
        Assert.Equal(1, counters.Malformed);
        Assert.Equal(Event + "\r", c.Lines[0]);
        var sample = counters.Samples[(int)MalformedReason.BadJson].Single();
        Assert.Equal(3, sample.LineIndexInChunk);
        Assert.Equal("\n\r\n".Length + Event.Length + 2, sample.FileOffset);
    }

    [Fact]
    public void HugeStringValues_AreKept_Whole()
    {
        var big = new string('x', 700_000);
        var escaped = string.Concat(Enumerable.Repeat("\\u00e9", 50_000));
        var (c, counters) = Parse(s_cloudTrail, $$"""{"eventTime":"2023-07-10T11:42:36Z","userAgent":"{{big}}","errorMessage":"{{escaped}}"}""");
        Assert.Equal(1, counters.Parsed);
        Assert.Equal(big, c.Records[0][LogField.Agent]);
        Assert.Equal(new string('é', 50_000), c.Records[0][LogField.ErrorMessage]);
    }

    // A batch of 3 records: full batches are handed over mid-block and the buffer reused.
    [Fact]
    public void ManyRecords_AcrossSmallBatches_KeepTheirValues()
    {
        var lines = Enumerable.Range(0, 10).Select(i => $$"""{"eventTime":"2023-07-10T11:42:{{i:00}}Z","eventName":"E\u0041{{i}}"}""");
        var (c, counters) = Parse(s_cloudTrail, string.Join('\n', lines), batchCapacity: 3);
        Assert.Equal(10, counters.Parsed);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"EA{i}"), c.Records.Select(r => r[LogField.EventName]));
    }

    [Fact]
    public void Github_ReadsTypeActorRepoPublicAndPayloadBytes()
    {
        var payload = """{"ref":"x","commits":[{"a":"b\"c"}]}""";
        var line = $$"""{"id":"1","type":"PushEvent","actor":{"id":2,"login":"octo"},"repo":{"id":3,"name":"o/r"},"payload":{{payload}},"public":true,"created_at":"2021-01-01T01:00:00Z"}""";
        var (c, _) = Parse(s_github, line + "\n" + """{"type":"X","public":false,"payload":null,"created_at":"2021-01-01T01:00:00Z"}""");
        var r = c.Records[0];
        Assert.Equal("PushEvent", r[LogField.Type]);
        Assert.Equal("octo", r[LogField.Actor]);
        Assert.Equal("o/r", r[LogField.Repo]);
        Assert.Equal("1", r[LogField.Public]);
        Assert.Equal(Encoding.UTF8.GetByteCount(payload).ToString(), r[LogField.PayloadBytes]);
        Assert.Equal("0", c.Records[1][LogField.Public]);
        Assert.Equal("4", c.Records[1][LogField.PayloadBytes]);
        Assert.Null(c.Records[1][LogField.Actor]);
    }

    [Fact]
    public void Jsonl_DefaultMapping_FirstKeyPresentWins()
    {
        var (c, counters) = Parse(s_jsonl, """
            {"time":"2024-01-02T03:04:05.123Z","level":"info","message":"hello","msg":"first? no: message came first","service":{"name":"api"}}
            {"@timestamp":1704164645,"msg":"epoch seconds"}
            {"no_time":1}
            """);
        Assert.Equal(2, counters.Parsed);
        Assert.Equal(1, counters.MalformedByReason[(int)MalformedReason.MissingFields]);
        var expected = new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero).ToUnixTimeSeconds().ToString();
        Assert.Equal(expected, c.Records[0][LogField.Ts]);
        Assert.Equal(expected, c.Records[1][LogField.Ts]);
        Assert.Equal("hello", c.Records[0][LogField.Message]);
        Assert.Equal("info", c.Records[0][LogField.Level]);
        Assert.Equal("""{"name":"api"}""", c.Records[0][LogField.Service]);
    }

    [Fact]
    public void Jsonl_Mappings_WithTypes()
    {
        var settings = new FormatSettings
        {
            JsonFields =
            [
                new(LogField.Ts, "t", "epoch_ms"),
                new(LogField.Latency, "http.dur", "ms"),
                new(LogField.RequestTime, "rt", null),
                new(LogField.Bytes, "http.size", "int"),
                new(LogField.Port, "port", null),
                new(LogField.Service, "svc.name", null),
                new(LogField.Message, "obj", null),
                new(LogField.InvalidUser, "bad", null),
                new(LogField.Ip, "ip", null),
            ],
        };
        var (c, counters) = Parse(s_jsonl, """
            {"t":1704164645999,"http":{"dur":12.5,"size":"2048"},"rt":0.0235,"port":22.9,"svc":{"name":"api"},"obj":[1,{"a":2}],"bad":true,"ip":42}
            {"t":"1704164645000","http":{"dur":"7","size":{}},"rt":"x","port":"22a","svc":"flat","obj":null,"bad":"maybe"}
            """, settings);
        Assert.Equal(2, counters.Parsed);
        var (a, b) = (c.Records[0], c.Records[1]);
        Assert.Equal("1704164645", a[LogField.Ts]);
        Assert.Equal("12500", a[LogField.Latency]);
        Assert.Equal("23500", a[LogField.RequestTime]);
        Assert.Equal("2048", a[LogField.Bytes]);
        Assert.Equal("22", a[LogField.Port]);
        Assert.Equal("api", a[LogField.Service]);
        Assert.Equal("""[1,{"a":2}]""", a[LogField.Message]);
        Assert.Equal("1", a[LogField.InvalidUser]);
        Assert.Equal("42", a[LogField.Ip]);
        Assert.Equal("1704164645", b[LogField.Ts]);
        Assert.Equal("7000", b[LogField.Latency]);
        Assert.Null(b[LogField.RequestTime]);
        Assert.Null(b[LogField.Bytes]);
        Assert.Null(b[LogField.Port]);
        Assert.Null(b[LogField.Service]);
        Assert.Null(b[LogField.Message]);
        Assert.Null(b[LogField.InvalidUser]);
    }

    [Theory]
    [InlineData("status", "s", "cannot be mapped")]
    [InlineData("latency", "x:minutes", "unknown type 'minutes'")]
    [InlineData("ts", "t:int", "unknown type 'int'")]
    [InlineData("msg", "a..b", "non-empty property names")]
    [InlineData("port", "p:ms", "unknown type 'ms'")]
    public void Jsonl_BadMappings_AreUsageErrors(string field, string path, string message)
    {
        var run = TestSupport.FastLogCli.Run("count", "-", "--format", "jsonl", "--field", $"{field}={path}");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void UnusedAccessLogColumns_AreNull()
    {
        var block = Encoding.UTF8.GetBytes(Event + "\n");
        var parser = new JsonRecordParser(LogFormat.CloudTrail, CloudTrailFormat.Specs);
        LogBatch? seen = null;
        parser.ParseBlock(block, default, new ParseCounters(), new Capture(b => seen = b));
        Assert.NotNull(seen);
        Assert.True(seen.Method[0].IsNull && seen.Path[0].IsNull && seen.Query[0].IsNull && seen.Protocol[0].IsNull && seen.Referer[0].IsNull);
        Assert.Equal(-1, seen.Bytes[0]);
        Assert.Equal(-1, seen.RequestTimeMicros[0]);
        Assert.False(seen.Has(LogField.Status));
        Assert.Equal(LogFormat.CloudTrail, seen.Format);
    }

    private sealed class Capture(Action<LogBatch> action) : IBatchConsumer
    {
        public void Consume(LogBatch batch, ReadOnlySpan<byte> block) => action(batch);
    }
}
