using System.Text;
using FastLog.Cli;
using FastLog.Columns;
using FastLog.Diagnostics;
using FastLog.Formats;
using FastLog.Scanning;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Formats;

/// <summary>
/// Projection (issue 18): count, top and stats make the CLF parsers fill only the fields they
/// read, and the JSON parsers walk only the values they read (or that can fail a record), but
/// every line's grammar is still checked, so every answer — records counted, groups,
/// the malformed-line warnings — is byte for byte the full parse's, on dirty and hostile inputs.
/// </summary>
public class ProjectionTests : IClassFixture<ProjectionTests.Inputs>
{
    /// <summary>
    /// The inputs: the committed samples, a generated combined log with a few percent of many kinds
    /// of damage, and mutated lines (bytes flipped, deleted, duplicated, structural bytes injected)
    /// of each CLF variant, vhost and IPv6 forms, escapes, CRLF, NUL and extras included.
    /// </summary>
    public sealed class Inputs : IDisposable
    {
        private readonly TempDirectory _temp = new("projection");

        public string Damaged { get; }
        public string Hostile { get; }
        public string DamagedGithub { get; }
        public string HostileJsonl { get; }
        public string HostileGithub { get; }
        public string DamagedCloudTrail { get; }

        public Inputs()
        {
            Damaged = _temp.File("damaged.log");
            GeneratedInputs.Write(Damaged, LogFormat.Combined, 30_000, seed: 18);
            GeneratedInputs.Damage(Damaged, 0.06, seed: 18);
            Hostile = _temp.File("hostile.log");
            File.WriteAllBytes(Hostile, MutatedLines.Make(s_seeds, 6000, 1818));
            DamagedGithub = _temp.File("damaged.json");
            GeneratedInputs.Write(DamagedGithub, LogFormat.Github, 6_000, seed: 18);
            GeneratedInputs.Damage(DamagedGithub, 0.06, seed: 18);
            HostileJsonl = _temp.File("hostile.jsonl");
            File.WriteAllBytes(HostileJsonl, MutatedLines.Make(s_jsonlSeeds, 6000, 1818));
            HostileGithub = _temp.File("hostile.json");
            File.WriteAllBytes(HostileGithub, MutatedLines.Make(s_githubSeeds, 6000, 1818));
            DamagedCloudTrail = _temp.File("damaged-cloudtrail.json");
            GeneratedInputs.Write(DamagedCloudTrail, LogFormat.CloudTrail, 4_000, seed: 18);
            GeneratedInputs.Damage(DamagedCloudTrail, 0.06, seed: 18);
        }

        public void Dispose() => _temp.Dispose();
    }

    private static readonly string[] s_seeds =
    [
        "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif?x=1 HTTP/1.0\" 200 2326 \"http://www.example.com/start.html\" \"Mozilla/4.08 [en] (Win98; I ;Nav)\"",
        "::1 - - [01/Jan/2024:00:00:00 +0000] \"-\" 408 - \"-\" \"-\" 0.001",
        "h - - [29/Feb/2024:23:59:60 +1400] \"GET /a\\\"b HTTP/1.1\" 599 0 \"-\" \"agent \\\\\"",
        "www.example.com:443 [2001:db8::1]:8080 - bob [10/Oct/2000:13:55:36 +0000] \"POST /login HTTP/2.0\" 302 15 \"-\" \"curl/8.0\" rt=0.002 uct=\"0.000\"",
        "10.0.0.1 - - [10/Oct/2000:13:55:36 -0700] \"\\x16\\x03\\x01\" 400 157 \"-\" \"-\"\r",
        "192.0.2.7 - - [10/Oct/2000:13:55:36 -0700] \"GET /a b c HTTP/1.1\" 404 - \"-\" \"x\" 12 - 0.5",
        "fe80::1%eth0 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" 200 5",
    ];

    /// <summary>
    /// GitHub events whose unread values can fail a record or change depth: a payload of -5 bytes
    /// is no raw length, an out-of-domain timestamp, deep and duplicate actor objects, escapes.
    /// </summary>
    private static readonly string[] s_githubSeeds =
    [
        "{\"id\":\"1\",\"type\":\"PushEvent\",\"actor\":{\"id\":1,\"login\":\"octo\\\"cat\"},\"repo\":{\"id\":2,\"name\":\"o/r\"},\"payload\":{\"size\":1,\"commits\":[{\"a\":[1,2.5e3,true,null]}]},\"public\":true,\"created_at\":\"2024-01-01T00:00:00Z\"}",
        "{\"type\":\"WatchEvent\",\"actor\":{\"login\":\"a\"},\"actor\":{\"login\":\"b\",\"x\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]},\"repo\":{\"name\":\"x\"},\"payload\":-5,\"public\":\"maybe\",\"created_at\":\"2024-02-30T00:00:00Z\"}",
        "{\"type\":\"IssuesEvent\",\"actor\":\"not an object\",\"repo\":{\"name\":\"\\u00e9\\ud800\"},\"payload\":\"s\",\"public\":false,\"created_at\":\"2024-01-01T00:00:00.123+02:00\"}",
        "{\"type\":1e999,\"actor\":{\"login\":null},\"created_at\":\"2024-01-01T00:00:00Z\",\"repo\":{\"name\":\"x\"}}",
    ];

    /// <summary>Application records: aliases (msg|message, host|hostname), ts keys, values of every type.</summary>
    private static readonly string[] s_jsonlSeeds =
    [
        "{\"ts\":\"2024-01-01T00:00:00Z\",\"level\":\"info\",\"msg\":\"a \\\"b\\\"\",\"service\":\"api\",\"host\":\"h1\",\"ip\":\"10.0.0.1\",\"path\":\"/x\"}",
        "{\"timestamp\":1704067200,\"level\":\"error\",\"message\":{\"k\":[1,2]},\"hostname\":\"h2\",\"user_agent\":\"curl\"}",
        "{\"time\":\"yesterday\",\"level\":3,\"service\":null,\"host\":[\"h\"],\"method\":\"GET\"}",
        "{\"@timestamp\":\"2024-01-01T00:00:00.5-05:00\",\"level\":\"warn\",\"msg\":\"\\u00e9\",\"service\":\"db\",\"user\":\"u\",\"ts\":1e400}",
    ];

    /// <summary>Commands that get a projection on the JSON formats.</summary>
    public static TheoryData<string> JsonCommands() =>
    [
        "count", "count --by type", "count --by hour", "top actor", "top repo", "count --by type,public", "stats payload_bytes --by type",
        "count --by level", "top service", "count --by host,level", "count --by event_name", "top user",
    ];

    [Theory]
    [MemberData(nameof(JsonCommands))]
    public void EveryJsonProjection_AnswersAsTheFullParse(string command)
    {
        var cloudtrailOnly = command is "count --by event_name" or "top user";
        var github = !cloudtrailOnly && command is not ("count --by level" or "top service" or "count --by host,level");
        var jsonl = !cloudtrailOnly && !command.Contains("type") && !command.Contains("actor") && !command.Contains("repo") && !command.Contains("payload");
        var cloudtrail = cloudtrailOnly || command is "count" or "count --by hour";
        var runs = new List<(string Format, string File)>();
        if (github) runs.AddRange([("github", _inputs.DamagedGithub), ("github", _inputs.HostileGithub)]);
        if (jsonl) runs.Add(("jsonl", _inputs.HostileJsonl));
        // CloudTrail reads its whole record for every command (its user is derived from several
        // fields), through the same index walk: the projected run must still answer the same.
        if (cloudtrail) runs.Add(("cloudtrail", _inputs.DamagedCloudTrail));
        foreach (var (format, file) in runs)
        {
            string[] args = [.. command.Split(' '), "--format", format, "--threads", "2", "--chunk-size", "65536", "--output", "csv", file];
            var options = CliOptions.From(CliArgs.Parse(args));
            Assert.NotNull(CommandRunner.Projection(options));
            var projected = Run(options, project: true);
            var full = Run(CliOptions.From(CliArgs.Parse(args)), project: false);
            var what = string.Join(' ', args);
            Assert.True(full.Exit == projected.Exit, $"{what}: exit {projected.Exit}, full parse {full.Exit}");
            Assert.True(full.Stdout.SequenceEqual(projected.Stdout), $"{what}: stdout differs\n{Encoding.UTF8.GetString(projected.Stdout)}\nfull parse:\n{Encoding.UTF8.GetString(full.Stdout)}");
            Assert.Equal(full.Stderr, projected.Stderr);
        }
    }

    [Fact]
    public void GithubCountByType_ReadsTheTypeAndOnlySpecsThatCanFailARecord()
    {
        var settings = FormatSettings.Default with { Projection = new HashSet<LogField> { LogField.Type } };
        var kept = FastLog.Formats.Json.JsonFieldSpec.Projected(FastLog.Formats.Json.GithubFormat.Specs, settings);
        // created_at (every record's time), type (read), public (a symbol outside its domain fails a record).
        Assert.Equal(["created_at", "type", "public"], kept.Select(s => s.Path));
        Assert.Same(FastLog.Formats.Json.GithubFormat.Specs, FastLog.Formats.Json.JsonFieldSpec.Projected(FastLog.Formats.Json.GithubFormat.Specs, FormatSettings.Default));
    }

    [Fact]
    public void Count_OnTheHostileGithubInput_CountsWhatAnalyzeCallsRecords()
    {
        // The input really is dirty, and the projected count (no spec but the time and the public symbol) agrees with analyze.
        var analyze = FastLogCli.Run("analyze", "--format", "github", "--output", "json", _inputs.HostileGithub);
        var overview = System.Text.Json.JsonDocument.Parse(analyze.Stdout).RootElement.GetProperty("overview");
        Assert.InRange(overview.GetProperty("malformed").GetInt64(), 500, 5999);
        var records = overview.GetProperty("records").GetInt64();
        Assert.Equal($"count\n{records}\n", FastLogCli.Run("count", "--format", "github", "--output", "csv", _inputs.HostileGithub).Ok());
    }

    private readonly Inputs _inputs;

    public ProjectionTests(Inputs inputs) => _inputs = inputs;

    /// <summary>Every command that gets a projection, with the fields it reads.</summary>
    public static TheoryData<string> Commands() =>
    [
        "count",
        "count --by status", "count --by method", "count --by hour", "count --by ip", "count --by user",
        "count --by path", "count --by query", "count --by protocol", "count --by bytes", "count --by referer",
        "count --by ua", "count --by vhost", "count --by status,method", "count --by ip,path",
        "top ip", "top path", "top ua", "top user", "top status -n 3",
        "stats bytes", "stats bytes --by status", "stats request_time --by method",
    ];

    private string[] Files(string which) => which switch
    {
        "samples" => Directory.GetFiles(Path.Combine(RepoPaths.Root, "data", "samples"), "access.log", SearchOption.AllDirectories).Order().ToArray(),
        "damaged" => [_inputs.Damaged],
        _ => [_inputs.Hostile],
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public void EveryProjection_AnswersAsTheFullParse(string command)
    {
        foreach (var input in new[] { "samples", "damaged", "hostile" })
        {
            foreach (var format in new[] { "combined", "common", "nginx" })
            {
                // Two threads over 64 KiB chunks: chunk boundaries (and the lookback of suspect continuations) fall all over the inputs.
                string[] args = [.. command.Split(' '), "--format", format, "--threads", "2", "--chunk-size", "65536", "--output", "csv", .. Files(input)];
                var options = CliOptions.From(CliArgs.Parse(args));
                var projection = CommandRunner.Projection(options);
                Assert.NotNull(projection);
                var projected = Run(options, project: true);
                var full = Run(CliOptions.From(CliArgs.Parse(args)), project: false);
                var what = $"{string.Join(' ', args)} (projection {string.Join(',', projection!)})";
                Assert.True(full.Exit == projected.Exit, $"{what}: exit {projected.Exit}, full parse {full.Exit}");
                Assert.True(full.Stdout.SequenceEqual(projected.Stdout), $"{what}: stdout differs\n{Encoding.UTF8.GetString(projected.Stdout)}\nfull parse:\n{Encoding.UTF8.GetString(full.Stdout)}");
                Assert.Equal(full.Stderr, projected.Stderr);
            }
        }
    }

    [Fact]
    public void Count_OnTheHostileInput_CountsWhatTheFullParseCallsRecords()
    {
        // The inputs really are dirty: analyze (never projected) calls some lines malformed, and count agrees with it.
        var analyze = FastLogCli.Run("analyze", "--format", "combined", "--output", "json", _inputs.Hostile);
        var json = System.Text.Json.JsonDocument.Parse(analyze.Stdout).RootElement;
        var overview = json.GetProperty("overview");
        var malformed = overview.GetProperty("malformed").GetInt64();
        var records = overview.GetProperty("records").GetInt64();
        Assert.InRange(malformed, 500, 5999);
        Assert.Equal($"count\n{records}\n", FastLogCli.Run("count", "--format", "combined", "--output", "csv", _inputs.Hostile).Ok());
    }

    [Theory]
    [InlineData("analyze")]
    [InlineData("detect")]
    [InlineData("count --where status==404")]
    [InlineData("top ip --since 2000-01-01")]
    public void CommandsThatMayReadAnyField_GetNoProjection(string command)
    {
        var options = CliOptions.From(CliArgs.Parse([.. command.Split(' '), "x.log"]));
        Assert.Null(CommandRunner.Projection(options));
    }

    [Fact]
    public void CountByStatus_ProjectsToStatusAlone()
    {
        var options = CliOptions.From(CliArgs.Parse(["count", "--by", "status", "x.log"]));
        Assert.Equal([LogField.Status], CommandRunner.Projection(options)!);
    }

    [Theory]
    [InlineData(ScannerKind.Scalar)]
    [InlineData(ScannerKind.Vector256)]
    public void StatusProjection_LeavesTheOtherColumnsNull_AndCountsTheSameLines(ScannerKind scanner)
    {
        var bytes = MutatedLines.Make(s_seeds, 3000, 7);
        (ParseCounters Counters, List<string> Seen) Parse(FormatSettings settings)
        {
            var counters = new ParseCounters();
            var seen = new ColumnProbe();
            var cutter = new FastLog.Input.LineBlockCutter(new FastLog.Formats.Clf.ClfFormat(FastLog.Formats.Clf.ClfVariant.Combined).CreateParser(scanner, settings), counters, seen);
            var cursor = new FastLog.Input.LineBlockCutter.Cursor();
            cutter.Feed(bytes, final: true, ref cursor);
            return (counters, seen.Rows);
        }
        var full = Parse(FormatSettings.Default);
        var projected = Parse(FormatSettings.Default with { Projection = new HashSet<LogField> { LogField.Status } });
        Assert.Equal(full.Counters.Malformed, projected.Counters.Malformed);
        Assert.Equal(full.Counters.Blank, projected.Counters.Blank);
        Assert.Equal(full.Seen.Count, projected.Seen.Count);
        Assert.True(full.Seen.Count > 1000);
        // Full parse: status, ip, path; projected: status alone.
        for (var r = 0; r < full.Seen.Count; r++)
        {
            var parts = full.Seen[r].Split('|');
            Assert.Equal($"{parts[0]}|null|null", projected.Seen[r]);
        }
        Assert.Contains(full.Seen, row => !row.EndsWith("|null|null", StringComparison.Ordinal));
    }

    /// <summary>Writes each record's status, ip and path ("null" when absent).</summary>
    private sealed class ColumnProbe : IBatchConsumer
    {
        public List<string> Rows { get; } = [];

        public void Consume(LogBatch batch, ReadOnlySpan<byte> block)
        {
            for (var r = 0; r < batch.Count; r++)
            {
                var ip = batch.Ip[r].IsNull ? "null" : Encoding.Latin1.GetString(batch.Ip[r].Slice(block));
                var path = batch.Path[r].IsNull ? "null" : Encoding.Latin1.GetString(batch.Path[r].Slice(block));
                Rows.Add($"{batch.Status[r]}|{ip}|{path}");
            }
        }
    }

    private static (int Exit, byte[] Stdout, string Stderr) Run(CliOptions options, bool project)
    {
        var console = new TestConsole();
        var exit = CommandRunner.Run(options, console, project);
        return (exit, console.StdoutBytes, console.StderrText);
    }
}
