using System.IO.Compression;
using System.Text;
using System.Text.Json;
using FastLog.Formats.Json;
using FastLog.Tests.TestSupport;
using Xunit;

namespace FastLog.Tests.Formats;

/// <summary>
/// Issue 13.7: CloudTrail digest files (hourly signatures of the trail's log files, delivered
/// beside them under <c>CloudTrail-Digest/</c>) are recognised by content and skipped: counted as
/// <c>skipped_digest</c>, no malformed line, no format, no warning, exit 0; the trail records of
/// the same directory stay exact (jq is the oracle).
/// </summary>
public class CloudTrailDigestTests
{
    /// <summary>A digest as CloudTrail writes it: digest keys first, <c>logFiles</c> (of <paramref name="logFiles"/> entries) last.</summary>
    private static string Digest(int logFiles, bool pretty = false, bool sortedKeys = false)
    {
        var files = string.Join(",", Enumerable.Range(0, logFiles).Select(i =>
            $$"""{"s3Bucket":"trail-bucket","s3Object":"AWSLogs/111122223333/CloudTrail/us-east-1/2026/12/07/111122223333_CloudTrail_us-east-1_20261207T11{{i % 60:D2}}Z_{{i:D6}}.json.gz","hashValue":"{{i:x64}}","hashAlgorithm":"SHA-256","newestEventTime":"2026-12-07T11:59:59Z","oldestEventTime":"2026-12-07T11:00:01Z"}"""));
        var head = "\"" + """awsAccountId":"111122223333","digestStartTime":"2026-12-07T11:00:00Z","digestEndTime":"2026-12-07T12:00:00Z","digestS3Bucket":"trail-bucket","digestS3Object":"AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2026/12/07/d.json.gz","digestPublicKeyFingerprint":"0123456789abcdef0123456789abcdef","digestSignatureAlgorithm":"SHA256withRSA","newestEventTime":"2026-12-07T11:59:59Z","oldestEventTime":"2026-12-07T11:00:01Z","previousDigestS3Bucket":"trail-bucket","previousDigestS3Object":"AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2026/12/07/p.json.gz","previousDigestHashValue":"aa00","previousDigestHashAlgorithm":"SHA-256","previousDigestSignature":"ff99""" + "\"";
        var json = "{" + head + ",\"logFiles\":[" + files + "]}";
        if (!pretty && !sortedKeys) return json;
        using var document = JsonDocument.Parse(json);
        IEnumerable<JsonProperty> properties = document.RootElement.EnumerateObject();
        if (sortedKeys) properties = properties.OrderBy(p => p.Name, StringComparer.Ordinal);
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = pretty }))
        {
            writer.WriteStartObject();
            foreach (var p in properties) p.WriteTo(writer);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static string Trail(int first, int count) =>
        "{\"Records\":[" + string.Join(",", Enumerable.Range(first, count).Select(i =>
            $$"""{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/u{{i % 7}}","userName":"u{{i % 7}}"},"eventTime":"2026-12-07T11:{{i % 60:D2}}:00Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"us-east-1","sourceIPAddress":"192.0.2.{{i % 250}}"}""")) + "]}";

    private static void WriteGzip(string path, string text)
    {
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        gzip.Write(Encoding.UTF8.GetBytes(text));
    }

    public static TheoryData<string, string> Digests() => new()
    {
        { "compact, one log file", Digest(1) },
        { "compact, no log files", Digest(0) },
        { "pretty-printed", Digest(3, pretty: true) },
        { "keys sorted (jq -S)", Digest(3, sortedKeys: true) },
        { "with a UTF-8 BOM", "\uFEFF" + Digest(2) },
        { "longer than the 64 KiB sample", Digest(2000) },
    };

    [Theory]
    [MemberData(nameof(Digests))]
    public void DigestAlone_IsSkippedAndCounted_PlainAndGzip(string shape, string digest)
    {
        using var dir = new TempDirectory("ct-digest");
        var plain = dir.File("111122223333_CloudTrail-Digest_us-east-1_trail_us-east-1_20261207T120000Z.json");
        File.WriteAllText(plain, digest);
        WriteGzip(plain + ".gz", digest);
        foreach (var path in new[] { plain, plain + ".gz" })
        {
            var run = FastLogCli.Run("analyze", path, "--output", "json");
            using var report = JsonDocument.Parse(run.Ok());
            var overview = report.RootElement.GetProperty("overview");
            Assert.True(overview.GetProperty("skipped_digest").GetInt64() == 1, $"{shape}, {path}");
            Assert.Equal(0, overview.GetProperty("malformed").GetInt64());
            Assert.Equal(0, overview.GetProperty("lines").GetInt64());
            Assert.Equal(0, overview.GetProperty("formats").GetArrayLength());
            Assert.Equal("cloudtrail_digest", overview.GetProperty("inputs")[0].GetProperty("skipped").GetString());
            Assert.Equal("", run.Stderr);
        }
    }

    [Fact]
    public void DigestOnStdin_IsSkippedAndCounted()
    {
        var run = FastLogCli.RunWithStdin(Encoding.UTF8.GetBytes(Digest(4)), "analyze", "-", "--output", "json");
        using var report = JsonDocument.Parse(run.Ok());
        var overview = report.RootElement.GetProperty("overview");
        Assert.Equal(1, overview.GetProperty("skipped_digest").GetInt64());
        Assert.Equal(0, overview.GetProperty("malformed").GetInt64());
        Assert.Equal("", run.Stderr);
    }

    [Fact]
    public void MixedDirectory_TrailRecordsExact_DigestsCounted()
    {
        using var dir = new TempDirectory("ct-digest-mixed");
        var trail = Directory.CreateDirectory(Path.Combine(dir.Path, "AWSLogs/111122223333/CloudTrail/us-east-1/2026/12/07")).FullName;
        var digests = Directory.CreateDirectory(Path.Combine(dir.Path, "AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2026/12/07")).FullName;
        File.WriteAllText(Path.Combine(trail, "a.json"), Trail(0, 37));
        WriteGzip(Path.Combine(trail, "b.json.gz"), Trail(37, 52));
        File.WriteAllText(Path.Combine(digests, "d1.json"), Digest(2));
        WriteGzip(Path.Combine(digests, "d2.json.gz"), Digest(2, pretty: true));
        // A digest outside a CloudTrail-Digest folder: recognised by content, not by path.
        WriteGzip(Path.Combine(trail, "renamed.json.gz"), Digest(1));

        var oracle = Shell.Run($"gzip -dcf {Shell.Quote(trail)}/a.json {Shell.Quote(trail)}/b.json.gz | jq '.Records | length' | awk '{{s += $1}} END {{print s}}'").Trim();
        var run = FastLogCli.Run("analyze", dir.Path, "--output", "json");
        using var report = JsonDocument.Parse(run.Ok());
        var overview = report.RootElement.GetProperty("overview");
        Assert.Equal(long.Parse(oracle), overview.GetProperty("records").GetInt64());
        Assert.Equal(3, overview.GetProperty("skipped_digest").GetInt64());
        Assert.Equal(0, overview.GetProperty("malformed").GetInt64());
        Assert.Equal("cloudtrail", string.Join(",", overview.GetProperty("formats").EnumerateArray().Select(f => f.GetString())));
        Assert.Equal("", run.Stderr);
        Assert.Equal(oracle + "\n", FastLogCli.Run("count", dir.Path).Ok());

        var table = FastLogCli.Run("analyze", dir.Path).Ok();
        Assert.Contains("skipped_digest  3 (CloudTrail digest files)", table);
        Assert.DoesNotContain("combined", table);
    }

    public static TheoryData<string, string> NotDigests() => new()
    {
        { "a Records file", Trail(0, 2) },
        { "one CloudTrail event per line", Trail(0, 1)[12..^2] + "\n" },
        { "an object with one digest key only", """{"digestStartTime":"2026-12-07T11:00:00Z","msg":"x"}""" + "\n" },
        { "digest keys nested below the top level", """{"ts":"2026-12-07T11:00:00Z","d":{"digestStartTime":"a","digestEndTime":"b","digestPublicKeyFingerprint":"c"}}""" + "\n" },
        { "Records beside digest keys", """{"digestStartTime":"a","digestEndTime":"b","digestPublicKeyFingerprint":"c","Records":[]}""" },
    };

    [Theory]
    [MemberData(nameof(NotDigests))]
    public void OtherJson_IsNoDigest(string shape, string text)
        => Assert.False(CloudTrailDigest.IsDigest(Encoding.UTF8.GetBytes(text)), shape);

    [Fact]
    public void ForcedOtherFormat_ReadsTheDigest()
    {
        var run = FastLogCli.RunWithStdin(Encoding.UTF8.GetBytes(Digest(1)), "analyze", "-", "--format", "jsonl", "--output", "json");
        using var report = JsonDocument.Parse(run.Ok());
        var overview = report.RootElement.GetProperty("overview");
        Assert.False(overview.TryGetProperty("skipped_digest", out _));
        Assert.Equal(1, overview.GetProperty("lines").GetInt64());
    }
}
