using System.Globalization;
using System.Text;
using System.Text.Json;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Detection;

/// <summary>
/// The <c>line</c> and <c>offset</c> of every evidence line <c>detect --output jsonl</c> reports
/// are those awk counts in the file (offset: the bytes of all earlier lines with their LF), for
/// one and two threads, several chunk sizes and both I/O modes; the JSON formats included, whose
/// parsers copy each line into a buffer of their own (the copy's offsets once leaked into the
/// evidence: one byte short per earlier line of the block, and different for every split).
/// </summary>
public class EvidenceOffsetTests
{
    /// <summary>Splits that move the chunk and block edges to different lines.</summary>
    private static readonly string[][] s_splits =
    [
        ["--threads", "1"],
        ["--threads", "2"],
        ["--threads", "1", "--chunk-size", "4099"],
        ["--threads", "2", "--chunk-size", "65537", "--io", "mmap"],
        ["--threads", "2", "--chunk-size", "333", "--io", "read"],
    ];

    /// <summary>
    /// The oracle: 1-based line number → byte offset of the line's first byte, from awk over
    /// the bytes <paramref name="catCommand"/> prints (<c>LC_ALL=C</c>: length counts bytes; a
    /// CR before the LF is part of <c>$0</c>, so it is counted too).
    /// </summary>
    private static Dictionary<long, long> LineOffsets(string catCommand)
        => Shell.Run($$"""{{catCommand}} | LC_ALL=C awk '{ printf "%d %.0f\n", NR, offset; offset += length($0) + 1 }'""")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(row => row.Split(' '))
            .ToDictionary(p => long.Parse(p[0], CultureInfo.InvariantCulture), p => long.Parse(p[1], CultureInfo.InvariantCulture));

    /// <summary>Every evidence line of every finding: (file, line, offset).</summary>
    private static List<(string File, long Line, long Offset)> Evidence(string jsonl)
    {
        var evidence = new List<(string, long, long)>();
        foreach (var row in jsonl.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var finding = JsonDocument.Parse(row);
            foreach (var e in finding.RootElement.GetProperty("fastlog").GetProperty("evidence").EnumerateArray())
                evidence.Add((e.GetProperty("file").GetString()!, e.GetProperty("line").GetInt64(), e.GetProperty("offset").GetInt64()));
        }
        return evidence;
    }

    /// <summary>
    /// Runs <c>detect</c> on <paramref name="input"/> with every split and asserts each evidence
    /// offset equals the oracle's for its line; at least <paramref name="atLeast"/> evidence lines
    /// each time, so the check cannot pass by finding nothing.
    /// </summary>
    private static void AssertEvidenceAtTrueOffsets(string input, Dictionary<long, long> oracle, int atLeast, params string[] options)
    {
        foreach (var split in s_splits)
        {
            var evidence = Evidence(FastLogCli.Run([.. new[] { "detect", "--output", "jsonl", input }, .. split, .. options]).Ok());
            var what = $"{Path.GetFileName(input)} {string.Join(' ', split)}";
            Assert.True(evidence.Count >= atLeast, $"{what}: {evidence.Count} evidence lines, expected at least {atLeast}");
            foreach (var (file, line, offset) in evidence)
            {
                Assert.Equal(input, file);
                Assert.True(oracle.TryGetValue(line, out var expected), $"{what}: line {line} is not in the file");
                Assert.True(expected == offset, $"{what}: line {line} reported at offset {offset}, awk says {expected}");
            }
        }
    }

    private static string Generate(TempDirectory dir, string format, int lines, string name)
    {
        var path = dir.File(name);
        FastLogCli.Run("generate", "--format", format, "--lines", lines.ToString(CultureInfo.InvariantCulture), "--seed", "2", "-o", path).Ok();
        return path;
    }

    [Fact]
    public void CloudTrailOneEventPerLine()
    {
        using var dir = new TempDirectory("evidence-ct");
        var trail = Generate(dir, "cloudtrail", 3000, "trail.jsonl");
        AssertEvidenceAtTrueOffsets(trail, LineOffsets($"cat {trail}"), 20);
    }

    [Fact]
    public void CloudTrailWithBlankMalformedAndCrlfLinesAndNoFinalNewline()
    {
        using var dir = new TempDirectory("evidence-ctmix");
        var events = File.ReadAllLines(Generate(dir, "cloudtrail", 3000, "plain.jsonl"));
        // Every 17th event after a blank line, every 29th after a line that is not JSON, every
        // other one ending in CRLF: lines the parser skips, and bytes it does not copy, before
        // the evidence lines.
        var mixed = new StringBuilder();
        for (var i = 0; i < events.Length; i++)
        {
            if (i > 0) mixed.Append('\n');
            if (i % 17 == 5) mixed.Append('\n');
            if (i % 29 == 7) mixed.Append("not json\n");
            mixed.Append(events[i]).Append(i % 2 == 0 ? "\r" : "");
        }
        var trail = dir.File("mixed.jsonl");
        File.WriteAllText(trail, mixed.ToString());
        AssertEvidenceAtTrueOffsets(trail, LineOffsets($"cat {trail}"), 20);
    }

    [Fact]
    public void CloudTrailGzipOffsetsCountDecompressedBytes()
    {
        using var dir = new TempDirectory("evidence-ctgz");
        var trail = Generate(dir, "cloudtrail", 3000, "trail.jsonl");
        Shell.Run($"gzip {trail}");
        var gz = trail + ".gz";
        AssertEvidenceAtTrueOffsets(gz, LineOffsets($"gzip -dc {gz}"), 20);
    }

    [Fact]
    public void GithubEventsThroughACustomRule()
    {
        using var dir = new TempDirectory("evidence-gh");
        var events = Generate(dir, "github", 3000, "events.json");
        var rules = dir.File("rules.json");
        File.WriteAllText(rules, """[{"id":"X1","name":"public events per type","severity":"low","where":"public == true","group_by":"type","format":"github"}]""");
        AssertEvidenceAtTrueOffsets(events, LineOffsets($"cat {events}"), 20, "--rules", rules);
    }

    [Fact]
    public void AuthLog()
    {
        using var dir = new TempDirectory("evidence-auth");
        var auth = Generate(dir, "auth", 4000, "auth.log");
        AssertEvidenceAtTrueOffsets(auth, LineOffsets($"cat {auth}"), 20);
    }

    [Fact]
    public void W3cLog()
    {
        using var dir = new TempDirectory("evidence-w3c");
        var w3c = Generate(dir, "w3c", 4000, "u_ex240301.log");
        AssertEvidenceAtTrueOffsets(w3c, LineOffsets($"cat {w3c}"), 20);
    }
}
