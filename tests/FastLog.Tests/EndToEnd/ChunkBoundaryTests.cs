using System.Text;
using FastLog.Tests.TestSupport;
using Xunit;
using static FastLog.Tests.TestSupport.OracleCommands;

namespace FastLog.Tests.EndToEnd;

/// <summary>
/// Issue 2 item 2, chunk boundaries (STYLE.md "Chunk-boundary tests"): a small adversarial file
/// is cut into chunks of every size K from 1 byte to its whole length (<c>--chunk-size K
/// --threads 2</c>), so a chunk boundary falls at every byte offset, and every output must equal
/// the single-chunk run's. Odd K read through memory maps, even K through positioned reads.
/// </summary>
public sealed class ChunkBoundaryTests : IDisposable
{
    private readonly TempDirectory _temp = new("chunks");
    private readonly string _path;
    private readonly int _length;

    public ChunkBoundaryTests()
    {
        _path = _temp.File("adversarial.log");
        var bytes = Encoding.UTF8.GetBytes(AdversarialLog);
        File.WriteAllBytes(_path, bytes);
        _length = bytes.Length;
    }

    /// <summary>
    /// About 3 KB of combined lines. Placement matters only in that every kind of line sits
    /// between ordinary ones, so cuts fall before, inside and after each of them:
    /// CRLF records (lines 2 and 12), a blank LF line (3) and a blank CRLF line (9), malformed
    /// lines (garbage 5, impossible date 8, non-numeric status 10, unterminated quote 11,
    /// missing opening quote 15), escaped quotes and backslashes in quoted fields (6), raw
    /// spaces in the target (7), a "-" request (13), a ~600-byte line (14), IPv6 and host-name
    /// clients, repeated clients (for counts above 1), and a last record with no LF whose
    /// client (198.51.100.99) appears nowhere else, so losing it shows.
    /// </summary>
    private const string AdversarialLog =
        "192.0.2.10 - - [09/Mar/2024:06:15:20 -0700] \"GET / HTTP/1.1\" 200 5120 \"-\" \"Mozilla/5.0 (X11; Linux x86_64)\"\n" +
        "2001:db8::1 - alice [09/Mar/2024:06:15:21 +0200] \"POST /api/login HTTP/1.1\" 401 17 \"https://example.com/login\" \"curl/8.5.0\"\r\n" +
        "\n" +
        "crawler-7.example.net - - [09/Mar/2024:06:16:00 -0700] \"GET /robots.txt HTTP/1.1\" 200 68 \"-\" \"Mozilla/5.0 (compatible; Googlebot/2.1)\"\n" +
        "<<< this is not an access log line >>>\n" +
        "192.0.2.10 - - [09/Mar/2024:06:16:07 -0700] \"GET /search?q=a\\\"b HTTP/1.1\" 200 - \"-\" \"agent with \\\\ backslash and \\\"quotes\\\"\"\n" +
        "198.51.100.4 - - [09/Mar/2024:06:17:00 -0700] \"GET /a b c HTTP/1.1\" 404 209 \"-\" \"curl/8.5.0\"\n" +
        "198.51.100.4 - - [32/Foo/2024:25:61:99 -0700] \"GET / HTTP/1.1\" 200 1024 \"-\" \"curl/8.5.0\"\n" +
        "\r\n" +
        "203.0.113.5 - - [09/Mar/2024:06:18:00 -0700] \"GET /pricing HTTP/1.1\" 2O0 3321 \"-\" \"curl/8.5.0\"\n" +
        "192.0.2.77 - - [10/Mar/2024:02:11:09 +0200] \"GET /static/js/app.js HTT\n" +
        "192.0.2.77 - - [10/Mar/2024:02:11:10 +0200] \"GET /static/css/site.css HTTP/1.1\" 304 - \"https://example.com/\" \"Mozilla/5.0\"\r\n" +
        "203.0.113.9 - - [10/Mar/2024:02:12:00 +0200] \"-\" 400 0 \"-\" \"-\"\n" +
        "192.0.2.10 - - [10/Mar/2024:02:13:00 +0200] \"GET /long?" + "x=0123456789abcdef&" + "y=0123456789abcdef&z=0123456789abcdef&x=0123456789abcdef&y=0123456789abcdef&z=0123456789abcdef&x=0123456789abcdef&y=0123456789abcdef&z=0123456789abcdef&x=0123456789abcdef&y=0123456789abcdef&z=0123456789abcdef&x=0123456789abcdef&y=0123456789abcdef&z=0123456789abcdef&x=0123456789abcdef&y=0123456789abcdef&z=0123456789abcdef&x=0123456789abcdef&y=0123456789abcdef HTTP/1.1\" 414 0 \"-\" \"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0 Safari/537.36\"\n" +
        "203.0.113.9 - - [10/Mar/2024:02:14:00 +0200] GET /no-opening-quote HTTP/1.1\" 200 12 \"-\" \"curl/8.5.0\"\n" +
        "2001:db8::1 - - [10/Mar/2024:02:15:00 +0200] \"DELETE /api/items/42 HTTP/1.1\" 204 - \"-\" \"python-requests/2.31\"\n" +
        "192.0.2.10 - - [10/Mar/2024:02:16:00 +0200] \"GET /index.html HTTP/1.1\" 200 5120 \"https://example.com/\" \"Mozilla/5.0 (X11; Linux x86_64)\"\n" +
        "crawler-7.example.net - - [10/Mar/2024:02:17:00 +0200] \"HEAD / HTTP/1.1\" 200 - \"-\" \"Mozilla/5.0 (compatible; Googlebot/2.1)\"\n" +
        "192.0.2.77 - bob [10/Mar/2024:02:18:00 +0200] \"PUT /api/items/7 HTTP/1.1\" 201 33 \"-\" \"python-requests/2.31\"\n" +
        "::1 - - [10/Mar/2024:02:19:00 +0200] \"GET /health HTTP/1.1\" 200 2 \"-\" \"kube-probe/1.29\"\n" +
        "192.0.2.10 - - [10/Mar/2024:02:20:00 +0200] \"GET /api/users/123 HTTP/1.1\" 500 45 \"-\" \"Mozilla/5.0 (X11; Linux x86_64)\"\n" +
        "203.0.113.5 - - [10/Mar/2024:02:21:00 +0200] \"GET /../../etc/passwd HTTP/1.1\" 400 0 \"-\" \"sqlmap/1.7\"\r\n" +
        "192.0.2.10 - - [10/Mar/2024:02:22:00 +0200] \"GET /api/users/124 HTTP/1.1\" 200 45 \"-\" \"Mozilla/5.0 (X11; Linux x86_64)\"\n" +
        "2001:db8::1 - - [10/Mar/2024:02:23:00 +0200] \"GET /api/items?page=2 HTTP/1.1\" 200 900 \"-\" \"curl/8.5.0\"\n" +
        "192.0.2.77 - - [10/Mar/2024:02:24:00 +0200] \"GET /favicon.ico HTTP/1.1\" 404 209 \"-\" \"Mozilla/5.0\"\n" +
        "198.51.100.99 - - [11/Mar/2024:06:30:00 -0700] \"GET /last HTTP/1.1\" 503 19 \"-\" \"curl/8.5.0\"";

    // The single-chunk reference is itself right: its client counts equal the oracle's, and it
    // has the lines the fixture depends on.
    [Fact]
    public void SingleChunkRun_EqualsOracle()
    {
        var oracle = Shell.Run($"(echo ip,count; {ClfStrict} --format combined --emit ip {_path} | {CountAndRank})");
        var actual = FastLogCli.Run("top", "ip", _path, "-n", "1000", "--output", "csv", "--threads", "1").Ok();
        OutputAssert.Equal(oracle, actual, "top ip on the adversarial file vs the oracle");
        Assert.Contains("198.51.100.99,1\n", actual, StringComparison.Ordinal); // the last line, no LF
        Assert.Contains("2001:db8::1,3\n", actual, StringComparison.Ordinal);   // one of them CRLF
    }

    [Fact]
    public void CountByStatusAndIp_IsTheSame_ForEveryChunkSize()
        => AssertSameForEveryChunkSize(["count", _path, "--by", "status,ip", "--output", "csv"]);

    [Fact]
    public void AnalyzeJson_IsTheSame_ForEveryChunkSize()
        => AssertSameForEveryChunkSize(["analyze", _path, "--output", "json", "--stable"]);

    private void AssertSameForEveryChunkSize(string[] command)
    {
        Assert.InRange(_length, 2000, 5000);
        var expected = FastLogCli.Run([.. command, "--threads", "1"]).Ok();
        var failures = new List<int>();
        string? firstFailure = null;
        for (var k = 1; k <= _length; k++)
        {
            string[] args = [.. command, "--threads", "2", "--chunk-size", k.ToString(), "--io", k % 2 == 1 ? "mmap" : "read"];
            var run = FastLogCli.Run(args);
            var actual = run.ExitCode == 0 ? run.StdoutText : $"exit code {run.ExitCode}\n{run.Stderr}";
            if (actual == expected) continue;
            failures.Add(k);
            firstFailure ??= OutputAssert.Describe(expected, actual, $"{run.CommandLine} vs the single-chunk run");
        }
        Assert.True(failures.Count == 0,
            $"{failures.Count} of {_length} chunk sizes differ, e.g. K = {string.Join(", ", failures.Take(20))}\n{firstFailure}");
    }

    public void Dispose() => _temp.Dispose();
}
