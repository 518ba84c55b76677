using System.Text.Json;
using FastLog.Tests.TestSupport;
using Xunit;
using static FastLog.Tests.TestSupport.ParquetTestWriter;

namespace FastLog.Tests.Formats;

/// <summary>
/// Values outside their field's domain (status 600, bytes -5, a negative duration) are
/// malformed records with the text parsers' reasons in every format, never an exception in an
/// aggregator that indexes by them, and never a silently kept or dropped value.
/// </summary>
public class ValueDomainTests
{
    private static readonly DateTime s_t0 = new(2024, 3, 1, 10, 0, 0, DateTimeKind.Utc);

    /// <summary>The report's overview: records and malformed counts by reason.</summary>
    internal static (long Records, Dictionary<string, long> Malformed, JsonElement Report) Analyze(params string[] args)
    {
        var report = JsonDocument.Parse(FastLogCli.Run(["analyze", "--output", "json", .. args]).Ok()).RootElement;
        var overview = report.GetProperty("overview");
        var malformed = overview.GetProperty("malformed_by_reason").EnumerateArray()
            .ToDictionary(e => e.GetProperty("name").GetString()!, e => e.GetProperty("count").GetInt64());
        return (overview.GetProperty("records").GetInt64(), malformed, report);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(99)]
    [InlineData(600)]
    [InlineData(999)]
    [InlineData(1000)]
    [InlineData(40000)]
    [InlineData(1L << 40)]
    public void ParquetStatus_OutsideItsDomain_IsBadStatus_AndEveryCommandCompletes(long status)
    {
        using var temp = new TempDirectory("domain-status");
        var path = temp.File("status.parquet");
        Write(path, Strings("ip", "10.0.0.1", "10.0.0.2", "10.0.0.3"), Longs("status", 200, status, 404),
            Longs("bytes", 10, 20, 30), Times(s_t0, s_t0.AddMinutes(1), s_t0.AddMinutes(2)));

        var (records, malformed, report) = Analyze("--detect", path);
        Assert.Equal(2, records);
        Assert.Equal(new Dictionary<string, long> { ["bad_status"] = 1 }, malformed);
        Assert.Equal(["200", "404"], report.GetProperty("traffic").GetProperty("status_codes").EnumerateArray().Select(e => e.GetProperty("name").GetString()));
        Assert.Equal("status,count\n200,1\n404,1\n", FastLogCli.Run("count", "--by", "status", "--output", "csv", path).Ok());
        Assert.Equal("2\n", FastLogCli.Run("count", path).Ok());
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(-5)]
    [InlineData(long.MinValue)]
    public void ParquetByteCount_Negative_IsBadSize(long bytes)
    {
        using var temp = new TempDirectory("domain-bytes");
        var path = temp.File("bytes.parquet");
        Write(path, Strings("ip", "10.0.0.1", "10.0.0.2"), Longs("status", 200, 200), Longs("bytes", bytes, 7), Times(s_t0, s_t0));

        var (records, malformed, _) = Analyze(path);
        Assert.Equal(1, records);
        Assert.Equal(new Dictionary<string, long> { ["bad_size"] = 1 }, malformed);
    }

    [Fact]
    public void ParquetUnsignedByteCount_PastTheLongRange_IsBadSize()
    {
        using var temp = new TempDirectory("domain-ulong");
        var path = temp.File("bytes.parquet");
        Write(path, Strings("ip", "10.0.0.1", "10.0.0.2"), Ints("status", 200, 200), ULongs("bytes", ulong.MaxValue, 7), Times(s_t0, s_t0));

        var (records, malformed, _) = Analyze(path);
        Assert.Equal(1, records);
        Assert.Equal(new Dictionary<string, long> { ["bad_size"] = 1 }, malformed);
    }

    [Theory]
    [InlineData("bytes=size:int", """{"ts":"2024-03-01T10:00:00Z","size":-5}""", "bad_size")]
    [InlineData("bytes=size:int", """{"ts":"2024-03-01T10:00:00Z","size":1e30}""", "bad_size")]
    [InlineData("bytes=size:int", """{"ts":"2024-03-01T10:00:00Z","size":"-1"}""", "bad_size")]
    [InlineData("received_bytes=size:int", """{"ts":"2024-03-01T10:00:00Z","size":-1}""", "bad_size")]
    [InlineData("payload_bytes=size:int", """{"ts":"2024-03-01T10:00:00Z","size":-1}""", "bad_size")]
    [InlineData("target_status=code:int", """{"ts":"2024-03-01T10:00:00Z","code":1000}""", "bad_status")]
    [InlineData("port=p:int", """{"ts":"2024-03-01T10:00:00Z","p":65536}""", "bad_field_type")]
    [InlineData("pid=p:int", """{"ts":"2024-03-01T10:00:00Z","p":-3}""", "bad_field_type")]
    [InlineData("severity=p:int", """{"ts":"2024-03-01T10:00:00Z","p":8}""", "bad_field_type")]
    [InlineData("facility=p:int", """{"ts":"2024-03-01T10:00:00Z","p":24}""", "bad_field_type")]
    public void JsonlMappedNumber_OutsideItsDomain_FailsTheRecord(string mapping, string bad, string reason)
    {
        using var temp = new TempDirectory("domain-jsonl");
        var path = temp.File("app.jsonl");
        File.WriteAllText(path, bad + "\n" + """{"ts":"2024-03-01T10:00:01Z","size":5,"code":200,"p":7}""" + "\n");

        var (records, malformed, _) = Analyze("--format", "jsonl", "--field", mapping, path);
        Assert.Equal(1, records);
        Assert.Equal(new Dictionary<string, long> { [reason] = 1 }, malformed);
    }

    [Theory]
    [InlineData("""{"ts":"2024-03-01T10:00:00Z","size":"abc"}""")]
    [InlineData("""{"ts":"2024-03-01T10:00:00Z","size":{"n":-5}}""")]
    [InlineData("""{"ts":"2024-03-01T10:00:00Z","size":-5,"size":5}""")]
    public void JsonlMappedNumber_OfAnotherType_OrReplacedByADuplicateKey_LeavesTheRecordStanding(string line)
    {
        using var temp = new TempDirectory("domain-jsonl-type");
        var path = temp.File("app.jsonl");
        File.WriteAllText(path, line + "\n");

        var (records, malformed, _) = Analyze("--format", "jsonl", "--field", "bytes=size:int", path);
        Assert.Equal(1, records);
        Assert.Empty(malformed);
    }

    [Theory]
    [InlineData("%h %t \"%r\" %>s %b", "1.2.3.4 [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 600 5", "bad_status")]
    [InlineData("%h %t \"%r\" %>s %b", "1.2.3.4 [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200 -5", "bad_size")]
    [InlineData("%h %t \"%r\" %>s %b %D", "1.2.3.4 [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200 5 -7", "bad_field_type")]
    public void CustomFormatValue_OutsideItsDomain_IsMalformed(string format, string bad, string reason)
    {
        using var temp = new TempDirectory("domain-custom");
        var path = temp.File("custom.log");
        File.WriteAllText(path, bad + "\n");

        var (records, malformed, _) = Analyze("--log-format", format, path);
        Assert.Equal(0, records);
        Assert.Equal(new Dictionary<string, long> { [reason] = 1 }, malformed);
    }
}
