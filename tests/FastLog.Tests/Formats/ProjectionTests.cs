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
/// read, but every line's grammar is still checked, so every answer — records counted, groups,
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

        public Inputs()
        {
            Damaged = _temp.File("damaged.log");
            GeneratedInputs.Write(Damaged, LogFormat.Combined, 30_000, seed: 18);
            GeneratedInputs.Damage(Damaged, 0.06, seed: 18);
            Hostile = _temp.File("hostile.log");
            File.WriteAllBytes(Hostile, MutatedLines.Make(s_seeds, 6000, 1818));
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
