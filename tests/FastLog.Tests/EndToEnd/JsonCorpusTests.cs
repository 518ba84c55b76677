using System.IO.Compression;
using FastLog.Formats;
using FastLog.Tests.TestSupport;
using Xunit;
using static FastLog.Tests.TestSupport.OracleCommands;

namespace FastLog.Tests.EndToEnd;

/// <summary>
/// Issue 4 (JSON formats), "What it must show": on the shared corpus (see each folder's SOURCE.md)
/// the <c>cloudtrail</c> and <c>github</c> counts equal jq's, the formats are detected, and the
/// results do not depend on threads, chunking or I/O strategy. jq reads the files on its own, so
/// it is an independent oracle; ranking goes through <see cref="CountAndRank"/> (or
/// <see cref="CountAndRankSpaced"/> for values with blanks), as fastlog's CSV is ranked.
/// </summary>
public sealed class JsonCorpusTests : IClassFixture<JsonCorpusTests.Inputs>
{
    private const string CloudTrailProbeFile = "cloudtrail-invictus/CloudTrail/218007301253_CloudTrail_us-east-1_20230710T1145Z_7xgocspSowgK0Gto.json";
    private const string GhJson = "gharchive-gar/2021-01-01-1.json";
    private const string GhGz = "gharchive-gar/2021-01-01-1.json.gz";

    /// <summary>
    /// <see cref="CountAndRank"/> for values that may contain blanks (<c>AWS Internal</c>): the
    /// count is split off <c>uniq -c</c>'s output with sed instead of awk's field splitting.
    /// </summary>
    private const string CountAndRankSpaced = "LC_ALL=C sort | uniq -c | sed -E 's/^ *([0-9]+) (.*)$/\\2,\\1/' | LC_ALL=C sort -t, -k2,2nr -k1,1";

    private readonly Inputs _inputs;

    public JsonCorpusTests(Inputs inputs) => _inputs = inputs;

    private static string Q(string path) => Shell.Quote(path);

    private static string CloudTrailDir => RepoPaths.CorpusFile("cloudtrail-invictus/CloudTrail");

    /// <summary>jq over every Records file of the directory (the shell expands the glob, sorted like fastlog's walk).</summary>
    private static string JqRecords(string filter) => $"jq -r '.Records[] | {filter}' {Q(CloudTrailDir)}/*.json";

    [CorpusFact(CloudTrailProbeFile)]
    public void CloudTrail_RecordCount_EqualsJq()
    {
        var oracle = Shell.Run($"jq '.Records | length' {Q(CloudTrailDir)}/*.json | awk '{{s += $1}} END {{print s}}'");
        var actual = FastLogCli.Run("count", CloudTrailDir).Ok();
        OutputAssert.Equal(oracle, actual, "count on cloudtrail-invictus vs jq '.Records | length'");
    }

    [CorpusFact(CloudTrailProbeFile)]
    public void CloudTrail_EventNames_EqualJq()
    {
        var oracle = Shell.Run($"(echo event_name,count; {JqRecords(".eventName")} | {CountAndRank})");
        var actual = FastLogCli.Run("count", CloudTrailDir, "--by", "event_name", "--output", "csv").Ok();
        OutputAssert.Equal(oracle, actual, "count --by event_name on cloudtrail-invictus vs jq");
    }

    // sourceIPAddress holds addresses and service names with blanks (AWS Internal).
    [CorpusFact(CloudTrailProbeFile)]
    public void CloudTrail_TopSourceAddresses_EqualJq()
    {
        var oracle = Shell.Run($"(echo ip,count; {JqRecords(".sourceIPAddress")} | {CountAndRankSpaced} | head -n 10)");
        var actual = FastLogCli.Run("top", "ip", CloudTrailDir, "-n", "10", "--output", "csv").Ok();
        OutputAssert.Equal(oracle, actual, "top ip -n 10 on cloudtrail-invictus vs jq");
        Assert.Contains("AWS Internal,", actual, StringComparison.Ordinal);
    }

    [CorpusFact(CloudTrailProbeFile)]
    public void CloudTrail_RecordsWithAnErrorCode_EqualJq()
    {
        var oracle = Shell.Run($"{JqRecords("select(.errorCode != null) | .eventID")} | wc -l | tr -d ' '");
        var actual = FastLogCli.Run("count", CloudTrailDir, "--where", "error_code != null").Ok();
        OutputAssert.Equal(oracle, actual, "count --where 'error_code != null' vs jq select(.errorCode != null)");
        Assert.NotEqual("0\n", actual);
    }

    [CorpusFact(CloudTrailProbeFile)]
    public void CloudTrail_ErrorCodes_AndUserTypes_EqualJq()
    {
        var errors = Shell.Run($"(echo error_code,count; {JqRecords("select(.errorCode != null) | .errorCode")} | {CountAndRankSpaced})");
        OutputAssert.Equal(errors, FastLogCli.Run("count", CloudTrailDir, "--by", "error_code", "--where", "error_code != null", "--output", "csv").Ok(), "error codes vs jq");
        // A few records have no userIdentity.type: jq prints null as '-' with //, fastlog prints absent as '-'.
        var types = Shell.Run($"(echo user_type,count; {JqRecords(".userIdentity.type // \"-\"")} | {CountAndRankSpaced})");
        OutputAssert.Equal(types, FastLogCli.Run("count", CloudTrailDir, "--by", "user_type", "--output", "csv").Ok(), "user types vs jq");
    }

    // The same events as NDJSON (jq -c '.Records[]', CloudWatch-style export) give the same counts.
    [CorpusFact(CloudTrailProbeFile)]
    public void CloudTrail_Ndjson_EqualsRecordsFiles()
    {
        foreach (var by in new[] { "event_name", "ip", "error_code", "hour" })
        {
            var records = FastLogCli.Run("count", CloudTrailDir, "--by", by, "--output", "csv").Ok();
            var ndjson = FastLogCli.Run("count", _inputs.CloudTrailNdjson, "--by", by, "--output", "csv").Ok();
            OutputAssert.Equal(records, ndjson, $"count --by {by}: Records files vs the same events as NDJSON");
        }
    }

    // The same Records files pretty-printed by jq (records spread over many lines), gzipped, or
    // one of them piped on stdin, give the same counts as the compact originals.
    [CorpusFact(CloudTrailProbeFile)]
    public void RecordsFiles_PrettyPrintedGzippedOrOnStdin_GiveTheSameCounts()
    {
        foreach (var by in new[] { "event_name", "ip,error_code", "user_arn" })
        {
            string[] args = ["count", "--by", by, "--output", "csv"];
            var expected = FastLogCli.Run([.. args, CloudTrailDir]).Ok();
            OutputAssert.Equal(expected, FastLogCli.Run([.. args, _inputs.CloudTrailPretty]).Ok(), $"count --by {by}: pretty-printed Records files");
            OutputAssert.Equal(expected, FastLogCli.Run([.. args, _inputs.CloudTrailGzip]).Ok(), $"count --by {by}: gzipped Records files");
        }
        var one = RepoPaths.CorpusFile(CloudTrailProbeFile);
        foreach (var bytes in new[] { File.ReadAllBytes(one), File.ReadAllBytes(Path.Combine(_inputs.CloudTrailPretty, Path.GetFileName(one))) })
        {
            var expected = FastLogCli.Run("count", one, "--by", "event_name", "--output", "csv").Ok();
            OutputAssert.Equal(expected, FastLogCli.RunWithStdin(bytes, "count", "-", "--by", "event_name", "--output", "csv").Ok(), "a Records file on stdin");
        }
    }

    [CorpusFact(GhJson)]
    public void Github_EventsByType_EqualJq_PlainAndGzip()
    {
        var file = RepoPaths.CorpusFile(GhJson);
        var gz = RepoPaths.CorpusFile(GhGz);
        var oracle = Shell.Run($"(echo type,count; jq -r .type {Q(file)} | {CountAndRank})");
        var gzOracle = Shell.Run($"(echo type,count; gzip -dc {Q(gz)} | jq -r .type | {CountAndRank})");
        OutputAssert.Equal(oracle, FastLogCli.Run("count", file, "--by", "type", "--output", "csv").Ok(), "count --by type on the .json vs jq");
        OutputAssert.Equal(gzOracle, FastLogCli.Run("count", gz, "--by", "type", "--output", "csv").Ok(), "count --by type on the .json.gz vs jq");
    }

    [CorpusFact(GhJson)]
    public void Github_TopActors_EqualJq_PlainAndGzip()
    {
        var file = RepoPaths.CorpusFile(GhJson);
        var gz = RepoPaths.CorpusFile(GhGz);
        var oracle = Shell.Run($"(echo actor,count; jq -r .actor.login {Q(file)} | {CountAndRank} | head -n 20)");
        var gzOracle = Shell.Run($"(echo actor,count; gzip -dc {Q(gz)} | jq -r .actor.login | {CountAndRank} | head -n 20)");
        OutputAssert.Equal(oracle, FastLogCli.Run("top", "actor", file, "-n", "20", "--output", "csv").Ok(), "top actor on the .json vs jq");
        OutputAssert.Equal(gzOracle, FastLogCli.Run("top", "actor", gz, "-n", "20", "--output", "csv").Ok(), "top actor on the .json.gz vs jq");
    }

    // payload_bytes is the payload's length as written: tests/oracles/json_raw_span.py finds the
    // same span with Python's json.JSONDecoder.raw_decode.
    [CorpusFact(GhJson)]
    public void Github_PayloadBytes_EqualRawSpanLengths()
    {
        var file = RepoPaths.CorpusFile(GhJson);
        var oracle = Shell.Run($"(echo payload_bytes,count; python3 tests/oracles/json_raw_span.py payload {Q(file)} | {CountAndRank})");
        var actual = FastLogCli.Run("count", file, "--by", "payload_bytes", "--output", "csv").Ok();
        OutputAssert.Equal(oracle, actual, "count --by payload_bytes vs json_raw_span.py");
    }

    [CorpusFact(GhJson)]
    public void Detection_PicksCloudTrailGithubAndJsonl()
    {
        Assert.Equal("cloudtrail", Detect(File.ReadAllBytes(RepoPaths.CorpusFile(CloudTrailProbeFile))));
        Assert.Equal("cloudtrail", Detect(File.ReadAllBytes(_inputs.CloudTrailNdjson)));
        Assert.Equal("github", Detect(File.ReadAllBytes(RepoPaths.CorpusFile(GhJson))));
        using (var gz = new GZipStream(File.OpenRead(RepoPaths.CorpusFile(GhGz)), CompressionMode.Decompress))
        {
            var decompressed = new MemoryStream();
            gz.CopyTo(decompressed);
            Assert.Equal("github", Detect(decompressed.ToArray()));
        }
        Assert.Equal("jsonl", Detect(File.ReadAllBytes(_inputs.Jsonl)));
        // And through the CLI, which reports the format of each input.
        foreach (var (path, format) in new[] { (CloudTrailDir, "cloudtrail"), (RepoPaths.CorpusFile(GhGz), "github"), (_inputs.Jsonl, "jsonl") })
            Assert.Contains($"\"format\": \"{format}\"", FastLogCli.Run("analyze", path, "--output", "json", "--stable").Ok(), StringComparison.Ordinal);
    }

    private static string? Detect(byte[] bytes) => FormatDetector.Detect(bytes.AsSpan(0, Math.Min(bytes.Length, FormatDetector.SampleBytes)))?.Name;

    [Fact]
    public void Jsonl_DefaultMapping_AndFieldMappings_EqualJq()
    {
        var file = _inputs.Jsonl;
        var levels = Shell.Run($"(echo level,count; jq -r '.level // \"-\"' {Q(file)} | {CountAndRank})");
        OutputAssert.Equal(levels, FastLogCli.Run("count", file, "--by", "level", "--output", "csv").Ok(), "count --by level vs jq");
        var services = Shell.Run($"(echo service,count; jq -r '.ctx.svc // \"-\"' {Q(file)} | {CountAndRank})");
        OutputAssert.Equal(services, FastLogCli.Run("count", file, "--format", "jsonl", "--field", "service=ctx.svc,latency=dur:ms", "--by", "service", "--output", "csv").Ok(), "count --by service (--field service=ctx.svc) vs jq");
        var slow = Shell.Run($"jq -r 'select(.dur != null and .dur > 250) | .dur' {Q(file)} | wc -l | tr -d ' '");
        OutputAssert.Equal(slow, FastLogCli.Run("count", file, "--field", "latency=dur:ms", "--where", "latency > 0.25").Ok(), "latency > 0.25 s vs jq .dur > 250 (ms)");
    }

    // Python writes non-ASCII as \u escapes by default: a filter on the unescaped text must find
    // those records too (the raw-bytes literal prefilter is off for JSON formats).
    [Fact]
    public void Jsonl_FilterOnEscapedText_EqualsJq()
    {
        var file = _inputs.Jsonl;
        foreach (var word in new[] { "café", "naïve ☃", "quote\"d", "😀" })
        {
            var oracle = Shell.Run($"jq -r --arg w {Q(word)} 'select(.msg != null and (.msg | contains($w))) | 1' {Q(file)} | wc -l | tr -d ' '");
            var expression = "msg contains \"" + word.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
            OutputAssert.Equal(oracle, FastLogCli.Run("count", file, "--where", expression).Ok(), $"count --where '{expression}' vs jq contains");
            Assert.NotEqual("0\n", oracle);
        }
    }

    /// <summary>Byte-identical outputs whatever the threads, chunk size and I/O strategy.</summary>
    public static TheoryData<string, string> InvarianceCases()
    {
        var data = new TheoryData<string, string>();
        // The GitHub and CloudTrail inputs are made from the corpus (not committed): without it only jsonl runs.
        string[] inputs = Directory.Exists(RepoPaths.Corpus) ? ["github-with-bad-lines", "cloudtrail-ndjson", "jsonl"] : ["jsonl"];
        foreach (var input in inputs)
            foreach (var variant in s_variants.Keys)
                data.Add(input, variant);
        return data;
    }

    private static readonly Dictionary<string, string[]> s_variants = new()
    {
        ["threads=2"] = ["--threads", "2"],
        ["threads=3"] = ["--threads", "3"],
        ["threads=1,chunk=4099"] = ["--threads", "1", "--chunk-size", "4099"],
        ["threads=3,chunk=4099"] = ["--threads", "3", "--chunk-size", "4099"],
        ["threads=2,chunk=65537"] = ["--threads", "2", "--chunk-size", "65537"],
        ["io=mmap"] = ["--io", "mmap"],
        ["io=mmap,threads=3,chunk=4099"] = ["--io", "mmap", "--threads", "3", "--chunk-size", "4099"],
    };

    [Theory, MemberData(nameof(InvarianceCases))]
    public void Ndjson_Output_IsByteIdentical_ToReferenceRun(string input, string variant)
    {
        var (path, by, top) = input switch
        {
            "github-with-bad-lines" => (_inputs.GithubWithBadLines, "type,public", "actor"),
            "cloudtrail-ndjson" => (_inputs.CloudTrailNdjson, "event_source,error_code", "ip"),
            _ => (_inputs.Jsonl, "level,service", "msg"),
        };
        foreach (var args in Commands(path, by, top))
        {
            var expected = FastLogCli.Run([.. args, "--threads", "1", "--io", "read"]).Ok();
            var actual = FastLogCli.Run([.. args, .. s_variants[variant]]).Ok();
            OutputAssert.Equal(expected, actual, $"{string.Join(' ', args)} [{variant}] vs --threads 1 --io read");
        }
    }

    // NDJSON piped on stdin, gzipped, or gzipped on stdin: one stream, the same counts.
    [Theory]
    [InlineData("github-with-bad-lines")]
    [InlineData("jsonl")]
    public void Ndjson_StdinAndGzip_EqualTheFile(string input)
    {
        var (path, by) = input == "jsonl" ? (_inputs.Jsonl, "level,service") : (_inputs.GithubWithBadLines, "type,public");
        if (!File.Exists(path)) return;
        var bytes = File.ReadAllBytes(path);
        var gz = new MemoryStream();
        using (var zip = new GZipStream(gz, CompressionLevel.Fastest, leaveOpen: true)) zip.Write(bytes);
        var gzPath = path + ".gz";
        File.WriteAllBytes(gzPath, gz.ToArray());
        string[] count = ["count", "--by", by, "--output", "csv"];
        var expected = FastLogCli.Run([.. count, path]).Ok();
        OutputAssert.Equal(expected, FastLogCli.RunWithStdin(bytes, [.. count, "-"]).Ok(), $"{input} on stdin");
        OutputAssert.Equal(expected, FastLogCli.Run([.. count, gzPath]).Ok(), $"{input}.gz");
        OutputAssert.Equal(expected, FastLogCli.RunWithStdin(gz.ToArray(), [.. count, "-"]).Ok(), $"{input} gzipped on stdin");
    }

    // Reframed Records files are read as one stream each; the directory's outputs are the same
    // whatever the number of workers sharing the files out.
    [CorpusFact(CloudTrailProbeFile)]
    public void RecordsFiles_Output_IsByteIdentical_ForAnyThreadCount()
    {
        foreach (var args in Commands(CloudTrailDir, "event_name,error_code", "user_arn"))
        {
            var expected = FastLogCli.Run([.. args, "--threads", "1", "--io", "read"]).Ok();
            foreach (var flags in new[] { new[] { "--threads", "2" }, ["--threads", "3"], ["--threads", "3", "--io", "mmap"], ["--threads", "2", "--chunk-size", "4099"] })
                OutputAssert.Equal(expected, FastLogCli.Run([.. args, .. flags]).Ok(), $"{string.Join(' ', args)} [{string.Join(' ', flags)}]");
        }
    }

    private static IEnumerable<string[]> Commands(string path, string by, string top) =>
    [
        ["analyze", path, "--output", "json", "--stable"],
        ["count", path, "--by", by, "--output", "csv"],
        ["top", top, path, "-n", "100000", "--output", "csv"],
    ];

    /// <summary>Inputs made once per class: CloudTrail as NDJSON (by jq), GitHub with damaged lines, a generated jsonl log.</summary>
    public sealed class Inputs : IDisposable
    {
        private readonly TempDirectory _temp = new("json-corpus");

        /// <summary>The cloudtrail-invictus events, one per line, as jq -c writes them.</summary>
        public string CloudTrailNdjson { get; }

        /// <summary>gharchive-gar with every 97th line cut in half (bad_json), blank lines and a CRLF line.</summary>
        public string GithubWithBadLines { get; }

        /// <summary>The Records files pretty-printed by <c>jq .</c> (a directory).</summary>
        public string CloudTrailPretty { get; }

        /// <summary>The Records files gzipped (a directory).</summary>
        public string CloudTrailGzip { get; }

        /// <summary>~3,000 generated application-log lines (fixed seed).</summary>
        public string Jsonl { get; }

        public Inputs()
        {
            CloudTrailNdjson = _temp.File("cloudtrail.ndjson");
            GithubWithBadLines = _temp.File("github-bad.json");
            Jsonl = _temp.File("app.jsonl");
            var cloudTrail = RepoPaths.CorpusFile("cloudtrail-invictus/CloudTrail");
            CloudTrailPretty = _temp.File("pretty");
            CloudTrailGzip = _temp.File("gzip");
            if (Directory.Exists(cloudTrail))
            {
                Shell.Run($"jq -c '.Records[]' {Shell.Quote(cloudTrail)}/*.json > {Shell.Quote(CloudTrailNdjson)}");
                Shell.Run($"mkdir {Shell.Quote(CloudTrailPretty)} {Shell.Quote(CloudTrailGzip)} && cd {Shell.Quote(cloudTrail)} && for f in *.json; do jq . \"$f\" > {Shell.Quote(CloudTrailPretty)}/\"$f\"; gzip -c \"$f\" > {Shell.Quote(CloudTrailGzip)}/\"$f\".gz; done");
            }
            var gh = RepoPaths.CorpusFile(GhJson);
            if (File.Exists(gh))
                Shell.Run($"awk 'NR % 97 == 0 {{ print substr($0, 1, length($0) / 2); print \"\"; next }} NR == 5 {{ printf \"%s\\r\\n\", $0; next }} {{ print }}' {Shell.Quote(gh)} > {Shell.Quote(GithubWithBadLines)}");
            Shell.Run($"python3 tests/oracles/gen_jsonl.py --lines 3000 --seed 7 > {Shell.Quote(Jsonl)}");
        }

        public void Dispose() => _temp.Dispose();
    }
}
