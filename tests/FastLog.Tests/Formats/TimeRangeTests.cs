using FastLog.Tests.TestSupport;
using Xunit;
using static FastLog.Tests.TestSupport.ParquetTestWriter;

namespace FastLog.Tests.Formats;

/// <summary>
/// Timestamps name instants of years 0001–9999 UTC in every format; anything else (year 0000,
/// year 10000, an offset or a leap second that carries the last second of 9999 into 10000,
/// epoch numbers far past 9999) is <c>bad_time</c>, and both ends of the range survive a
/// Parquet round trip unchanged.
/// </summary>
public class TimeRangeTests
{
    private const string Alb = "http {0} app/lb/1 10.0.0.1:2817 10.0.0.2:80 0.000 0.001 0.000 200 200 34 366 \"GET http://x:80/ HTTP/1.1\" \"curl\" - - arn \"Root\" \"-\" \"-\" 0 2018-11-30T22:22:48.364000Z \"forward\" \"-\" \"-\" \"-\" \"-\" \"-\" \"-\"";

    public static TheoryData<string, string, string, string> OutOfRange => new()
    {
        // format arguments, header lines, a line in range, a line out of range
        { "--format common", "", "1.2.3.4 - - [01/Jan/0001:00:00:00 +0000] \"GET / HTTP/1.0\" 200 5", "1.2.3.4 - - [01/Jan/0000:12:00:00 +0000] \"GET / HTTP/1.0\" 200 5" },
        { "--format common", "", "1.2.3.4 - - [31/Dec/9999:23:59:59 +0000] \"GET / HTTP/1.0\" 200 5", "1.2.3.4 - - [31/Dec/9999:23:59:59 -0100] \"GET / HTTP/1.0\" 200 5" },
        { "--format common", "", "1.2.3.4 - - [01/Jan/0001:01:00:00 +0100] \"GET / HTTP/1.0\" 200 5", "1.2.3.4 - - [01/Jan/0001:00:59:59 +0100] \"GET / HTTP/1.0\" 200 5" },
        { "--log-format %h|%t|%>s", "", "1.2.3.4|[31/Dec/9999:23:59:59 +0000]|200", "1.2.3.4|[31/Dec/9999:23:59:60 +0000]|200" },
        { "--format syslog", "", "<13>1 0001-01-01T00:00:00Z host app 1 - - hello", "<13>1 0000-06-01T00:00:00Z host app 1 - - hello" },
        { "--format syslog", "", "<13>1 9999-12-31T23:59:59Z host app 1 - - hello", "<13>1 9999-12-31T23:59:59-00:01 host app 1 - - hello" },
        { "--format syslog --year 9999", "", "Dec 31 23:59:59 host app[1]: hello", "Dec 31 23:59:60 host app[1]: hello" },
        { "--format w3c", "#Fields: date time c-ip cs-method cs-uri-stem sc-status", "9999-12-31 23:59:59 1.2.3.4 GET / 200", "9999-12-31 23:59:60 1.2.3.4 GET / 200" },
        { "--format w3c", "#Fields: date time c-ip cs-method cs-uri-stem sc-status", "1969-12-31 23:59:59 1.2.3.4 GET / 200", "0000-12-31 23:59:59 1.2.3.4 GET / 200" },
        { "--format alb", "", string.Format(Alb, "9999-12-31T23:59:59.999999Z"), string.Format(Alb, "0000-01-01T00:00:00.000000Z") },
        { "--format alb", "", string.Format(Alb, "0001-01-01T00:00:00.000000Z"), string.Format(Alb, "9999-12-31T23:59:60.000000Z") },
        { "--format jsonl", "", """{"ts":"0001-01-01T00:00:00Z"}""", """{"ts":"0000-01-01T00:00:00Z"}""" },
        { "--format jsonl", "", """{"ts":"9999-12-31T23:59:59+00:00"}""", """{"ts":"9999-12-31T23:59:59-00:01"}""" },
        { "--format jsonl", "", """{"ts":253402300799}""", """{"ts":253402300800}""" },
        { "--format jsonl --field ts=t:epoch", "", """{"t":-62135596800}""", """{"t":-62135596801}""" },
        { "--format jsonl --field ts=t:epoch", "", """{"t":1.5e9}""", """{"t":1e308}""" },
        { "--format jsonl --field ts=t:epoch_ms", "", """{"t":253402300799999}""", """{"t":9.2e21}""" },
        { "--format jsonl --field ts=t:epoch_ms", "", """{"t":"1700000000000"}""", """{"t":1e308}""" },
        { "--format jsonl --field ts=t:epoch_us", "", """{"t":1700000000000000}""", """{"t":253402300800000000}""" },
        { "--format jsonl --field ts=t:epoch_ns", "", """{"t":1700000000000000000}""", """{"t":-62135596801000000000}""" },
        { "--format cloudtrail", "", """{"eventTime":"2024-01-01T00:00:00Z","eventName":"A"}""", """{"eventTime":"0000-01-01T00:00:00Z","eventName":"A"}""" },
        { "--format github", "", """{"type":"PushEvent","created_at":"9999-12-31T23:59:59Z"}""", """{"type":"PushEvent","created_at":"9999-12-31T23:59:59-00:01"}""" },
    };

    [Theory, MemberData(nameof(OutOfRange))]
    public void InstantOutsideYears0001To9999_IsBadTime(string formatArgs, string header, string inRange, string outOfRange)
    {
        using var temp = new TempDirectory("time-range");
        var path = temp.File("input.log");
        File.WriteAllText(path, (header.Length > 0 ? header + "\n" : "") + inRange + "\n" + outOfRange + "\n");

        var (records, malformed, _) = ValueDomainTests.Analyze([.. formatArgs.Split(' '), path]);
        Assert.Equal(1, records);
        Assert.Equal(new Dictionary<string, long> { ["bad_time"] = 1 }, malformed);
    }

    [Fact]
    public void ParquetTimestamps_AtBothEndsOfTheRange_ReadBack_OutsideItAreBadTime()
    {
        using var temp = new TempDirectory("time-range-parquet");
        var log = temp.File("edges.log");
        File.WriteAllText(log,
            "1.2.3.4 - - [01/Jan/0001:00:00:00 +0000] \"GET /a HTTP/1.0\" 200 5\n" +
            "1.2.3.4 - - [31/Dec/9999:23:59:59 +0000] \"GET /b HTTP/1.0\" 200 5\n");
        var parquet = temp.File("edges.parquet");
        FastLogCli.Run("convert", "--format", "common", log, "--to", "parquet", "-o", parquet).Ok();

        Assert.Equal([new DateTime(1, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(9999, 12, 31, 23, 59, 59, DateTimeKind.Utc)],
            ParquetTestReader.Read(parquet).Columns["ts"]);
        Assert.Equal("{\"ts\":\"0001-01-01T00:00:00Z\"}\n{\"ts\":\"9999-12-31T23:59:59Z\"}\n", FastLogCli.Run("filter", parquet, "--fields", "ts").Ok());

        // A foreign file with ts as plain seconds: one past 9999 is bad_time, not a wrapped date.
        var foreign = temp.File("foreign.parquet");
        Write(foreign, Strings("ip", "1.2.3.4", "1.2.3.4", "1.2.3.4"), Longs("ts", 253402300799, 253402300800, long.MaxValue));
        var (records, malformed, _) = ValueDomainTests.Analyze(foreign);
        Assert.Equal(1, records);
        Assert.Equal(new Dictionary<string, long> { ["bad_time"] = 2 }, malformed);
    }
}
