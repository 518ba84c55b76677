using FastLog.Cli;
using FastLog.Formats;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.EndToEnd;

/// <summary>
/// <c>fastlog convert</c>: a Parquet file read back gives the same answers as the original log,
/// its content (checked with Parquet.Net's own reader against a Python oracle) does not depend on
/// the thread count, and csv/jsonl are filter's writers.
/// </summary>
public class ConvertTests
{
    private const string AccessLog = "apache-combined-elastic/apache_logs";

    [CorpusFact(AccessLog)]
    public void AccessLog_ReadBack_CountTopAndStats_AreByteIdentical()
    {
        using var temp = new TempDirectory("convert-access");
        var log = RepoPaths.CorpusFile(AccessLog);
        var parquet = temp.File("access.parquet");
        FastLogCli.Run("convert", log, "--to", "parquet", "-o", parquet).Ok();
        string[][] commands =
        [
            ["count", "--by", "status"], ["top", "ip"], ["top", "path", "-n", "50"], ["count", "--by", "method,protocol"],
            ["stats", "bytes"], ["count"], ["count", "--where", "status >= 400 and ua contains 'bot'"],
            ["count", "--by", "hour"], ["top", "referer", "--output", "csv"],
        ];
        foreach (var command in commands)
        {
            var original = FastLogCli.Run([.. command, log]).Ok();
            var readBack = FastLogCli.Run([.. command, parquet]).Ok();
            OutputAssert.Equal(original, readBack, string.Join(' ', command));
        }
    }

    [CorpusFact(AccessLog)]
    public void AccessLog_File_MatchesOracle_InParquetNetsOwnReader()
    {
        using var temp = new TempDirectory("convert-oracle");
        var log = RepoPaths.CorpusFile(AccessLog);
        var parquet = temp.File("access.parquet");
        FastLogCli.Run("convert", log, "--to", "parquet", "-o", parquet).Ok();
        var file = ParquetTestReader.Read(parquet);

        // Oracle: a full-line regex in Python, independent of fastlog's parser.
        var oracle = Shell.Run($"python3 {Shell.Quote(Path.Combine(RepoPaths.Oracles, "combined_fields.py"))} {Shell.Quote(log)} 0 1 -1")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(int.Parse(oracle[0]), file.Rows);
        foreach (var row in oracle.Skip(1).Select(l => l.Split(' ')))
        {
            var i = int.Parse(row[0]);
            Assert.Equal(row[1], file.Columns["ip"][i]);
            Assert.Equal(int.Parse(row[2]), file.Columns["status"][i]);
            Assert.Equal(long.Parse(row[3]), file.Columns["bytes"][i]);
            Assert.Equal(DateTime.UnixEpoch.AddSeconds(long.Parse(row[4])), file.Columns["ts"][i]);
        }

        // The combined fields in schema order, then the format column; types as documented.
        Assert.Equal(["ip", "user", "ts", "method", "path", "query", "protocol", "status", "bytes", "referer", "ua", "log_format"],
            file.Fields.Select(f => f.Name));
        Assert.Equal(typeof(int), file.Fields.Single(f => f.Name == "status").ClrType);
        Assert.Equal(typeof(long), file.Fields.Single(f => f.Name == "bytes").ClrType);
        Assert.Equal(typeof(DateTime), file.Fields.Single(f => f.Name == "ts").ClrType);
        Assert.Equal(typeof(ReadOnlyMemory<char>), file.Fields.Single(f => f.Name == "ua").ClrType);
        Assert.All(file.Fields, f => Assert.True(f.IsNullable));
        var ts = Assert.IsType<Parquet.Schema.DateTimeDataField>(file.Fields.Single(f => f.Name == "ts"));
        Assert.True(ts.IsAdjustedToUTC);
        Assert.All(file.Columns["log_format"], v => Assert.Equal("combined", v));
        Assert.Equal("combined", file.Metadata["fastlog.format"]);
        Assert.Equal(CommandRunner.Version, file.Metadata["fastlog.version"]);
        Assert.Equal("microseconds", file.Metadata["fastlog.duration_unit"]);
    }

    [CorpusFact(AccessLog)]
    public void Content_DoesNotDependOnThreads()
    {
        using var temp = new TempDirectory("convert-threads");
        var log = RepoPaths.CorpusFile(AccessLog);
        var files = new List<ParquetTestReader>();
        foreach (var threads in new[] { "1", "3" })
        {
            var parquet = temp.File($"t{threads}.parquet");
            // 64 KiB chunks: ~40 chunks, so three workers really interleave.
            FastLogCli.Run("convert", log, "--to", "parquet", "-o", parquet, "--threads", threads, "--chunk-size", "65536").Ok();
            files.Add(ParquetTestReader.Read(parquet));
        }
        Assert.Equal(files[0].Fields.Select(f => f.Name), files[1].Fields.Select(f => f.Name));
        foreach (var (name, values) in files[0].Columns) Assert.Equal(values, files[1].Columns[name]);
        Assert.Equal(files[0].Metadata.OrderBy(kv => kv.Key), files[1].Metadata.OrderBy(kv => kv.Key));
    }

    [Fact]
    public void AuthLog_ReadBack_CountByEvent_TopIp_AreByteIdentical()
    {
        using var temp = new TempDirectory("convert-auth");
        var log = temp.File("auth.log");
        FastLogCli.Run("generate", "--format", "auth", "--lines", "20000", "--seed", "1", "-o", log).Ok();
        var parquet = temp.File("auth.parquet");
        FastLogCli.Run("convert", log, "--to", "parquet", "-o", parquet).Ok();
        foreach (var command in new[] { new[] { "count", "--by", "event" }, ["top", "ip"], ["count", "--by", "status"], ["top", "user"] })
            OutputAssert.Equal(FastLogCli.Run([.. command, log]).Ok(), FastLogCli.Run([.. command, parquet]).Ok(), string.Join(' ', command));
    }

    [CorpusFact(AccessLog)]
    public void Jsonl_And_Csv_AreFiltersWriters_WithTheFormatsFields_LedByTheFormat()
    {
        using var temp = new TempDirectory("convert-text");
        var log = RepoPaths.CorpusFile(AccessLog);
        const string fields = "ip,user,ts,method,path,query,protocol,status,bytes,referer,ua";
        foreach (var to in new[] { "jsonl", "csv" })
        {
            var converted = FastLogCli.Run("convert", log, "--to", to, "--where", "status == 404").Ok();
            var filtered = FastLogCli.Run("filter", log, "--output", to, "--fields", fields, "--where", "status == 404").Ok();
            // convert leads every row with the record's format (log_format), so it reads back as combined.
            var lines = filtered.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var led = to == "jsonl"
                ? lines.Select(l => "{\"log_format\":\"combined\"," + l[1..])
                : lines.Select((l, i) => (i == 0 ? "log_format," : "combined,") + l);
            OutputAssert.Equal(string.Join('\n', led) + "\n", converted, to);
        }
    }

    [CorpusFact(AccessLog)]
    public void Filter_OutputParquet_HoldsTheMatchingRecords_AndPipesWork()
    {
        using var temp = new TempDirectory("filter-parquet");
        var log = RepoPaths.CorpusFile(AccessLog);
        var parquet = temp.File("404.parquet");
        FastLogCli.Run("filter", log, "--where", "status == 404", "--output", "parquet", "--fields", "ip,path,status", "-o", parquet).Ok();
        string expectedPaths() => FastLogCli.Run("count", "--by", "path", "--where", "status == 404", log).Ok();
        var file = ParquetTestReader.Read(parquet);
        Assert.Equal(["ip", "path", "status", "ts", "log_format"], file.Fields.Select(f => f.Name)); // ts added: the file reads back
        Assert.Equal(expectedPaths(), FastLogCli.Run("count", "--by", "path", parquet).Ok());
        // Oracle: awk's count of 404s among the lines fastlog parses (field 9 is the status of a combined line).
        var expected = int.Parse(Shell.Run($"awk '$9 == 404' {Shell.Quote(log)} | wc -l").Trim());
        Assert.Equal(expected, file.Rows);
        Assert.All(file.Columns["status"], s => Assert.Equal(404, s));

        // To a pipe (not a terminal) without -o: the same bytes, decoded the same.
        var piped = FastLogCli.Run("filter", log, "--where", "status == 404", "--output", "parquet", "--fields", "ip,path,status");
        File.WriteAllBytes(temp.File("piped.parquet"), piped.Stdout);
        Assert.Equal(file.Columns, ParquetTestReader.Read(temp.File("piped.parquet")).Columns);
    }

    [Fact]
    public void Parquet_ToATerminal_IsRefused_AndUsageErrors()
    {
        using var temp = new TempDirectory("convert-usage");
        var log = temp.File("a.log");
        File.WriteAllText(log, "1.2.3.4 - - [01/Mar/2024:10:00:00 +0000] \"GET / HTTP/1.1\" 200 5 \"-\" \"ua\"\n");
        var console = new TerminalConsole();
        Assert.Equal(2, FastLogApp.Run(["convert", log, "--to", "parquet"], console));
        Assert.Equal(0, console.Stdout.Length);
        Assert.Contains("binary", console.Stderr.ToString());
        Assert.Equal(2, FastLogCli.Run("convert", log).ExitCode);
        Assert.Equal(2, FastLogCli.Run("convert", log, "--to", "xml").ExitCode);
        Assert.Equal(2, FastLogCli.Run("convert", log, "--to", "csv", "--fields", "nope").ExitCode);
    }

    [Fact]
    public void NotParquet_WithFormatParquet_IsAnInputError_NotACrash()
    {
        using var temp = new TempDirectory("convert-bad");
        var bad = temp.File("bad.parquet");
        File.WriteAllBytes(bad, [.. "PAR1"u8, .. new byte[100], .. "PAR1"u8]);
        var run = FastLogCli.Run("count", bad);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Parquet", run.Stderr);
        Assert.Equal(1, FastLogCli.Run("count", "--format", "parquet", temp.File("bad.parquet")).ExitCode);
    }

    private sealed class TerminalConsole : IConsole
    {
        public MemoryStream Stdout { get; } = new();
        public Stream OpenStdout() => Stdout;
        public Stream OpenStdin() => new MemoryStream();
        public TextWriter Stderr { get; } = new StringWriter();
        public bool StdoutIsTerminal => true;
    }
}
