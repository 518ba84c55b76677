using System.Text;
using FastLog.Formats;
using FastLog.Formats.Json;
using Xunit;

namespace FastLog.Tests.Formats;

/// <summary>Detection of the JSON formats on small fixtures, including records longer than the 64 KiB sample.</summary>
public class JsonFormatProbeTests
{
    private const string CloudTrailEvent = """{"eventVersion":"1.08","eventTime":"2023-07-10T11:42:36Z","eventSource":"s3.amazonaws.com","eventName":"GetObject"}""";
    private const string GithubEvent = """{"id":"1","type":"PushEvent","actor":{"login":"a"},"repo":{"name":"o/r"},"payload":{},"public":true,"created_at":"2021-01-01T01:00:00Z"}""";
    private const string AppEvent = """{"ts":"2024-01-01T00:00:00Z","level":"info","msg":"hello"}""";

    private static string? Detect(string text, FormatSettings? settings = null)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return FormatDetector.Detect(bytes.AsSpan(0, Math.Min(bytes.Length, FormatDetector.SampleBytes)), settings)?.Name;
    }

    [Fact]
    public void EachShape_PicksItsFormat()
    {
        Assert.Equal("cloudtrail", Detect(string.Join('\n', Enumerable.Repeat(CloudTrailEvent, 5)) + "\n"));
        Assert.Equal("cloudtrail", Detect("{\"Records\":[" + string.Join(',', Enumerable.Repeat(CloudTrailEvent, 5)) + "]}\n"));
        Assert.Equal("cloudtrail", Detect("{\n  \"Records\": [\n    " + string.Join(",\n    ", Enumerable.Repeat(CloudTrailEvent, 5)) + "\n  ]\n}\n"));
        Assert.Equal("github", Detect(string.Join('\n', Enumerable.Repeat(GithubEvent, 5)) + "\n"));
        Assert.Equal("jsonl", Detect(string.Join('\n', Enumerable.Repeat(AppEvent, 5)) + "\n"));
        // A mapped ts key the defaults do not know.
        Assert.Null(Detect("{\"when\":\"2024-01-01T00:00:00Z\"}\n"));
        var settings = new FormatSettings { JsonFields = [new(Columns.LogField.Ts, "when", null)] };
        Assert.Equal("jsonl", Detect("{\"when\":\"2024-01-01T00:00:00Z\"}\n", settings));
    }

    [Fact]
    public void NonJson_IsNotAJsonFormat()
    {
        Assert.Null(Detect("hello world\nnot json\n"));
        Assert.Null(Detect("{\"a\":1}\n{\"b\":2}\n"));
        Assert.Equal("combined", Detect("1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200 2326 \"-\" \"curl\"\n"));
    }

    // The first record is longer than the sample: whole lines are none, yet the keys read so far decide.
    [Fact]
    public void FirstRecordLongerThanTheSample_StillDetected()
    {
        var pad = new string('x', 100_000);
        Assert.Equal("github", Detect(GithubEvent.Replace("\"payload\":{}", $"\"payload\":{{\"big\":\"{pad}\"}}") + "\n"));
        Assert.Equal("cloudtrail", Detect("{\"Records\":[" + CloudTrailEvent.Replace("\"eventVersion\":\"1.08\"", $"\"eventVersion\":\"{pad}\"") + "]}\n"));
    }
}
