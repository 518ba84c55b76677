using System.Globalization;
using System.IO.Compression;
using System.Text;
using FastLog.Columns;
using FastLog.Formats;
using FastLog.Formats.Clf;
using FastLog.Scanning;
using FastLog.Tests.TestSupport;
using Xunit;

namespace FastLog.Tests.EndToEnd;

/// <summary>
/// Issue 4 (w3c, alb, custom), end to end: generated logs of each format against awk over the
/// same file (<c>count --by status</c>, <c>top ip</c>, <c>stats bytes</c>); <c>--log-format</c>
/// spelling combined against <c>--format combined</c> on the corpus; detection of every corpus
/// file unchanged for CLF; the same output for any thread count, chunk size, I/O strategy,
/// delivery and scanner.
/// </summary>
[Collection(ForcedScannerCollection.Name)]
public class AccessFormatsTests(AccessFormatsTests.Logs logs) : IClassFixture<AccessFormatsTests.Logs>
{
    /// <summary>The layout of the generated custom log.</summary>
    public const string CustomLayout = "%v %h %l %u %t \"%r\" %>s %b %D \"%{User-agent}i\"";

    private const string CombinedLayout = "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-agent}i\"";

    // awk programs printing, for every record the format reads, "status<TAB>ip<TAB>bytes" (bytes "-" when absent).
    private static readonly Dictionary<string, string> s_oracles = new()
    {
        // A data line counts when a #Fields: header is in force and it has exactly as many values.
        ["w3c"] = """
            awk '/^#Fields:/ { delete c; n = NF - 1; for (i = 2; i <= NF; i++) c[$i] = i - 1; next }
                 /^#/ || NF == 0 || n == 0 || NF != n { next }
                 { b = ("sc-bytes" in c) ? $(c["sc-bytes"]) : "-"; printf "%s\t%s\t%s\n", $(c["sc-status"]), $(c["c-ip"]), b }'
            """,
        // Full ALB lines have well over 20 space-separated tokens; the client loses its port and brackets.
        ["alb"] = """
            awk 'NF < 20 { next } { ip = $4; sub(/:[0-9]+$/, "", ip); gsub(/^\[|\]$/, "", ip); printf "%s\t%s\t%s\n", $9, ip, $12 }'
            """,
        // Split on quotes: vhost ip - user [ts] | request | status bytes D | agent.
        ["custom"] = """
            awk -F'"' 'NF != 5 { next } { split($1, a, " "); split($3, s, " "); printf "%s\t%s\t%s\n", s[1], a[2], s[2] }'
            """,
    };

    public static TheoryData<string> Formats() => new(["w3c", "alb", "custom"]);

    [Theory, MemberData(nameof(Formats))]
    public void Detection_NamesTheFormat(string format)
    {
        var args = format == "custom" ? new[] { "analyze", logs.Path(format), "--log-format", CustomLayout } : ["analyze", logs.Path(format)];
        var report = FastLogCli.Run(args).Ok();
        Assert.Contains($"formats     {format}", report, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Formats))]
    public void CountByStatus_EqualsAwk(string format)
    {
        var expected = Tally(logs.Oracle(format, s_oracles[format]).Select(r => r[0]));
        var actual = CsvCounts(Run(format, "count", "--by", "status", "--output", "csv"));
        Assert.Equal(expected, actual);
        Assert.True(expected.Count >= 5, $"only {expected.Count} statuses");
    }

    [Theory, MemberData(nameof(Formats))]
    public void TopIp_EqualsAwk(string format)
    {
        var expected = Tally(logs.Oracle(format, s_oracles[format]).Select(r => r[1]));
        var csv = Run(format, "top", "ip", "--output", "csv", "-n", "100000");
        Assert.Equal(expected, CsvCounts(csv));
        // Ranked by count.
        var counts = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => long.Parse(l[(l.LastIndexOf(',') + 1)..], CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(counts.OrderByDescending(c => c), counts);
    }

    [Theory, MemberData(nameof(Formats))]
    public void StatsBytes_EqualsAwk(string format)
    {
        var values = logs.Oracle(format, s_oracles[format]).Select(r => r[2]).Where(b => b != "-").Select(b => long.Parse(b, CultureInfo.InvariantCulture)).ToList();
        var missing = logs.Oracle(format, s_oracles[format]).Count(r => r[2] == "-");
        Assert.True(missing > 0 && values.Count > 1000, $"{values.Count} values, {missing} missing");
        var csv = Run(format, "stats", "bytes", "--output", "csv").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = csv[0].Split(',');
        var row = csv[1].Split(',');
        string Cell(string name) => row[Array.IndexOf(header, name)];
        Assert.Equal(values.Count.ToString(CultureInfo.InvariantCulture), Cell("count"));
        Assert.Equal(values.Min().ToString(CultureInfo.InvariantCulture), Cell("min"));
        Assert.Equal(values.Max().ToString(CultureInfo.InvariantCulture), Cell("max"));
        var mean = (decimal)values.Sum() / values.Count;
        Assert.True(Math.Abs(mean - decimal.Parse(Cell("mean"), CultureInfo.InvariantCulture)) <= 0.005m, $"mean {mean} vs {Cell("mean")}");
    }

    [CorpusFact("apache-combined-elastic/apache_logs")]
    public void LogFormatSpellingCombined_IsByteIdenticalToFormatCombined()
    {
        var log = RepoPaths.CorpusFile("apache-combined-elastic/apache_logs");
        string[][] commands = [["count", "--by", "status"], ["top", "ip"], ["count", "--by", "method,protocol", "--output", "csv"], ["top", "ua", "-n", "50"], ["stats", "bytes"]];
        foreach (var command in commands)
        {
            var expected = FastLogCli.Run([.. command, log, "--format", "combined"]).Ok();
            var actual = FastLogCli.Run([.. command, log, "--log-format", CombinedLayout]).Ok();
            OutputAssert.Equal(expected, actual, $"{string.Join(' ', command)}: --log-format '{CombinedLayout}' vs --format combined");
        }
    }

    [Fact]
    public void Detection_OverTheCorpus_LeavesClfFilesClf_AndNamesNoneW3cOrAlb()
    {
        var root = RepoPaths.Corpus;
        if (!Directory.Exists(root)) return; // the corpus is not committed; CorpusTests report its absence
        var clfFormats = FormatRegistry.All.OfType<ClfFormat>().ToList();
        var checkedClf = 0;
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (Path.GetFileName(file) == "SOURCE.md") continue;
            var sample = ReadSample(file);
            var detected = FormatDetector.Detect(sample);
            Assert.False(detected?.Id is LogFormat.W3c or LogFormat.Alb or LogFormat.Custom, $"{file} detected as {detected?.Name}");
            // What the CLF formats alone would pick (their own probes, ties to the earlier entry).
            ILogFormat? clfOnly = null;
            long best = 0;
            foreach (var format in clfFormats)
            {
                var n = format.Probe(sample, FormatSettings.Default);
                if (n > best) (clfOnly, best) = (format, n);
            }
            if (clfOnly is null) continue;
            // Detection needs a format to read half the data lines; a file where CLF reads fewer
            // (fail2ban's apache-fakegooglebot: one vhost_combined line among foreign ones) is no CLF file.
            var dataLines = Encoding.UTF8.GetString(FormatDetector.TakeLines(sample)).Split('\n').Count(l => l.Trim().Length > 0 && !l.StartsWith('#'));
            if (detected is null && best * 2 < dataLines) continue;
            checkedClf++;
            Assert.True(detected?.Id == clfOnly.Id, $"{file}: CLF probes pick {clfOnly.Name}, detection says {detected?.Name}");
        }
        Assert.True(checkedClf >= 2, $"only {checkedClf} CLF files in {root}");
    }

    /// <summary>Variants: w3c is one stream per file, so only alb and custom are really split by the chunk sizes.</summary>
    private static readonly string[][] s_variants =
    [
        ["--threads", "2"],
        ["--threads", "3"],
        ["--threads", "1", "--chunk-size", "4099"],
        ["--threads", "2", "--chunk-size", "4099"],
        ["--threads", "3", "--chunk-size", "4099"],
        ["--io", "mmap"],
        ["--io", "mmap", "--threads", "3", "--chunk-size", "4099"],
        ["--io", "read", "--threads", "2", "--chunk-size", "65537"],
    ];

    [Theory, MemberData(nameof(Formats))]
    public void Output_IsByteIdentical_ForAnyThreadsChunksIoAndScanner(string format)
    {
        var reference = Outputs(format, logs.Path(format), ["--threads", "1", "--io", "read"]);
        foreach (var flags in s_variants)
            AssertSame(reference, Outputs(format, logs.Path(format), flags), string.Join(' ', flags));
        AssertSame(reference, Outputs(format, logs.GzPath(format), ["--threads", "3"]), ".gz input");
        var saved = Environment.GetEnvironmentVariable(ScannerFactory.OverrideVariable);
        try
        {
            foreach (var kind in ScannerFactory.Available)
            {
                Environment.SetEnvironmentVariable(ScannerFactory.OverrideVariable, ScannerFactory.NameOf(kind));
                AssertSame(reference, Outputs(format, logs.Path(format), ["--threads", "3", "--chunk-size", "4099"]), $"FASTLOG_SCANNER={ScannerFactory.NameOf(kind)}");
            }
        }
        finally
        {
            Environment.SetEnvironmentVariable(ScannerFactory.OverrideVariable, saved);
        }
    }

    private static void AssertSame(Dictionary<string, string> expected, Dictionary<string, string> actual, string variant)
    {
        foreach (var (command, output) in expected)
            OutputAssert.Equal(output, actual[command], $"{command}: [{variant}] vs [--threads 1 --io read]");
    }

    private static Dictionary<string, string> Outputs(string format, string path, string[] flags)
    {
        string[] layout = format == "custom" ? ["--log-format", CustomLayout] : [];
        var analyze = FastLogCli.Run(["analyze", path, "--output", "json", "--stable", .. layout, .. flags]).Ok();
        return new Dictionary<string, string>
        {
            // The input's name differs between the plain and .gz file: compare the report without it.
            ["analyze"] = analyze.Replace(path, "INPUT", StringComparison.Ordinal).Replace(path.Replace("/", "\\/", StringComparison.Ordinal), "INPUT", StringComparison.Ordinal),
            ["count"] = FastLogCli.Run(["count", path, "--by", "status,method", "--output", "csv", .. layout, .. flags]).Ok(),
            ["top"] = FastLogCli.Run(["top", "ip", path, "--output", "csv", "-n", "100000", .. layout, .. flags]).Ok(),
            ["stats"] = FastLogCli.Run(["stats", "request_time", path, "--by", "vhost", "--output", "csv", .. layout, .. flags]).Ok(),
        };
    }

    private string Run(string format, params string[] args)
    {
        string[] layout = format == "custom" ? ["--log-format", CustomLayout] : [];
        return FastLogCli.Run([.. args, logs.Path(format), .. layout]).Ok();
    }

    private static SortedDictionary<string, long> Tally(IEnumerable<string> keys)
    {
        var tally = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var key in keys) tally[key] = tally.GetValueOrDefault(key) + 1;
        return tally;
    }

    private static SortedDictionary<string, long> CsvCounts(string csv)
    {
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1))
        {
            var comma = line.LastIndexOf(',');
            counts[line[..comma]] = long.Parse(line[(comma + 1)..], CultureInfo.InvariantCulture);
        }
        return counts;
    }

    private static byte[] ReadSample(string path)
    {
        using var stream = File.OpenRead(path);
        var buffer = new byte[FormatDetector.SampleBytes];
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        return buffer[..read];
    }

    /// <summary>The generated logs (deterministic writers below) and their awk oracle rows.</summary>
    public sealed class Logs : IDisposable
    {
        private readonly TempDirectory _temp = new("access-formats");
        private readonly Dictionary<string, List<string[]>> _oracle = [];

        /// <summary>Writes the three logs (~3,000 records each) and their .gz copies.</summary>
        public Logs()
        {
            Write("w3c", GenerateW3c(new Random(20240131)));
            Write("alb", GenerateAlb(new Random(20181130)));
            Write("custom", GenerateCustom(new Random(20001010)));
        }

        /// <summary>The plain log of <paramref name="format"/>.</summary>
        public string Path(string format) => _temp.File(format + ".log");

        /// <summary>The same bytes gzipped.</summary>
        public string GzPath(string format) => _temp.File(format + ".log.gz");

        /// <summary>The rows <paramref name="awk"/> prints over the log (tab-separated fields), computed once.</summary>
        public List<string[]> Oracle(string format, string awk)
        {
            lock (_oracle)
            {
                if (!_oracle.TryGetValue(format, out var rows))
                    _oracle[format] = rows = [.. Shell.Run($"LC_ALL=C {awk} {Path(format)}").Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t'))];
                return rows;
            }
        }

        private void Write(string format, string text)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            File.WriteAllBytes(Path(format), bytes);
            using var gz = new GZipStream(File.Create(GzPath(format)), CompressionLevel.Fastest);
            gz.Write(bytes);
        }

        private static readonly string[] s_paths = ["/", "/index.html", "/api/items", "/login", "/static/app.js", "/search", "/wp-login.php", "/img/a.png"];
        private static readonly string[] s_agents = ["Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0", "curl/8.4.0", "Googlebot/2.1 (+http://www.google.com/bot.html)", "sqlmap/1.7"];
        private static readonly int[] s_statuses = [200, 200, 200, 200, 201, 301, 304, 400, 403, 404, 404, 500, 502, 503];
        private static readonly string[] s_methods = ["GET", "GET", "GET", "POST", "PUT", "HEAD"];

        /// <summary>A skewed client: a few addresses make most of the traffic.</summary>
        private static string Ip(Random random) => $"198.51.{random.Next(2)}.{random.Next(1 + random.Next(120))}";

        private static string GenerateW3c(Random random)
        {
            var sb = new StringBuilder();
            sb.Append("2024-01-31 00:00:00 192.0.2.1 GET / 200\n"); // before any header: no_fields_header
            sb.Append("#Software: Microsoft Internet Information Services 10.0\n#Version: 1.0\n#Date: 2024-01-31 00:00:00\n");
            sb.Append("#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status sc-bytes time-taken\n");
            var t = new DateTime(2024, 1, 31, 0, 0, 0, DateTimeKind.Utc);
            for (var i = 0; i < 3200; i++)
            {
                t = t.AddSeconds(random.Next(0, 20));
                var stamp = t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
                var bytes = random.Next(10) == 0 ? "-" : random.Next(0, 50_000).ToString(CultureInfo.InvariantCulture);
                var agent = s_agents[random.Next(s_agents.Length)].Replace(' ', '+');
                var status = s_statuses[random.Next(s_statuses.Length)];
                if (i == 1600)
                {
                    // A restart: new directives and a different column order.
                    sb.Append("#Software: Microsoft Internet Information Services 10.0\n#Version: 1.0\n");
                    sb.Append("#Fields: date time c-ip cs-method cs-uri-stem sc-status sc-bytes cs-bytes time-taken cs-host\n");
                }
                if (i % 97 == 5)
                {
                    sb.Append(stamp).Append(" 10.0.0.1 GET /short\n"); // too few values: missing_fields
                    continue;
                }
                if (i < 1600)
                    sb.Append($"{stamp} 10.0.0.5 {s_methods[random.Next(s_methods.Length)]} {s_paths[random.Next(s_paths.Length)]} {(random.Next(3) == 0 ? "q=1" : "-")} 443 - {Ip(random)} {agent} - {status} 0 0 {bytes} {random.Next(1, 900)}\n");
                else
                    sb.Append($"{stamp} {Ip(random)} {s_methods[random.Next(s_methods.Length)]} {s_paths[random.Next(s_paths.Length)]} {status} {bytes} {random.Next(100, 900)} {random.Next(1, 900)} {(random.Next(2) == 0 ? "a.example.com" : "b.example.com")}\n");
            }
            return sb.ToString();
        }

        private static string GenerateAlb(Random random)
        {
            var sb = new StringBuilder();
            var t = new DateTime(2018, 11, 30, 22, 0, 0, DateTimeKind.Utc);
            string[] types = ["http", "https", "h2", "grpcs", "ws", "wss"];
            for (var i = 0; i < 3000; i++)
            {
                t = t.AddMilliseconds(random.Next(0, 3000));
                var stamp = t.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture);
                if (i % 101 == 7)
                {
                    sb.Append("http ").Append(stamp).Append(" app/lb/1\n"); // short: missing_fields
                    continue;
                }
                var client = random.Next(25) == 0 ? $"[2001:db8::{random.Next(1, 9)}]:{random.Next(1024, 65535)}" : $"{Ip(random)}:{random.Next(1024, 65535)}";
                var dispatched = random.Next(30) != 0;
                var status = dispatched ? s_statuses[random.Next(s_statuses.Length)] : 460;
                var times = dispatched ? $"0.{random.Next(0, 999):D3} 0.{random.Next(0, 999):D3} 0.000" : "-1 -1 -1";
                var target = dispatched ? $"10.0.0.{random.Next(1, 5)}:80 " : "- ";
                var targetStatus = dispatched ? status.ToString(CultureInfo.InvariantCulture) : "-";
                var sent = random.Next(12) == 0 ? "-" : random.Next(0, 80_000).ToString(CultureInfo.InvariantCulture);
                var host = random.Next(2) == 0 ? "www.example.com" : "api.example.com";
                var request = random.Next(40) == 0 ? "- - -" : $"{s_methods[random.Next(s_methods.Length)]} https://{host}:443{s_paths[random.Next(s_paths.Length)]}?id={random.Next(100)} HTTP/1.1";
                sb.Append($"{types[random.Next(types.Length)]} {stamp} app/my-loadbalancer/50dc6c495c0c9188 {client} {target}{times} {status} {targetStatus} {random.Next(0, 2000)} {sent} \"{request}\" \"{s_agents[random.Next(s_agents.Length)]}\" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 \"Root=1-58337262-{i:x8}\" \"{(random.Next(3) == 0 ? "-" : host)}\" \"-\" 0 {stamp} \"forward\" \"-\" \"-\" \"10.0.0.1:80\" \"200\" \"-\" \"-\"");
                if (random.Next(3) == 0) sb.Append(" TID_").Append(i.ToString("x8", CultureInfo.InvariantCulture)).Append(" \"newer field\"");
                sb.Append('\n');
            }
            return sb.ToString();
        }

        private static string GenerateCustom(Random random)
        {
            var sb = new StringBuilder();
            var t = new DateTimeOffset(2000, 10, 10, 13, 0, 0, TimeSpan.FromHours(-7));
            for (var i = 0; i < 3000; i++)
            {
                t = t.AddSeconds(random.Next(0, 10));
                if (i % 89 == 3)
                {
                    sb.Append("junk line without quotes\n"); // missing_fields
                    continue;
                }
                var stamp = t.ToString("dd/MMM/yyyy:HH:mm:ss zzz", CultureInfo.InvariantCulture).Remove(t.ToString("dd/MMM/yyyy:HH:mm:ss zzz", CultureInfo.InvariantCulture).Length - 3, 1);
                var bytes = random.Next(10) == 0 ? "-" : random.Next(0, 90_000).ToString(CultureInfo.InvariantCulture);
                var request = random.Next(50) == 0 ? "-" : $"{s_methods[random.Next(s_methods.Length)]} {s_paths[random.Next(s_paths.Length)]} HTTP/1.1";
                sb.Append($"{(random.Next(2) == 0 ? "a.example.com" : "b.example.com")} {Ip(random)} - {(random.Next(5) == 0 ? "bob" : "-")} [{stamp}] \"{request}\" {s_statuses[random.Next(s_statuses.Length)]} {bytes} {random.Next(100, 2_000_000)} \"{s_agents[random.Next(s_agents.Length)]}\"\n");
            }
            return sb.ToString();
        }

        /// <inheritdoc/>
        public void Dispose() => _temp.Dispose();
    }
}
