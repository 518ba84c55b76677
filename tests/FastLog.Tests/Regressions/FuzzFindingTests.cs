using System.Diagnostics;
using System.IO.Compression;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Regressions;

/// <summary>
/// The defects the fuzzing campaign found (fuzz/RESULTS.md), each as a class of inputs through
/// the command line: a clear one-line error, never a stack trace or a hang.
/// </summary>
public class FuzzFindingTests
{
    private const string Log = "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" 401 5 \"-\" \"-\"\n";

    public static TheoryData<string, byte[]> InvalidUtf8RulesFiles() => new()
    {
        { "in a string value", [.. "[{\"id\": \"BF\", \"name\": \"x\", \"severity\": \""u8, 0x98, 0x97, .. "gh\", \"where\": \"status == 401\"}]"u8] },
        { "in a field name", [.. "[{\"i"u8, 0xC3, .. "d\": \"BF\"}]"u8] },
        { "a truncated sequence at the end", [.. "[]"u8, 0xE2, 0x82] },
        { "an overlong encoding in the id", [.. "[{\"id\": \""u8, 0xC0, 0xAF, .. "\", \"name\": \"x\", \"severity\": \"low\", \"where\": \"status == 1\"}]"u8] },
    };

    [Theory, MemberData(nameof(InvalidUtf8RulesFiles))]
    public void RulesFile_WithInvalidUtf8_IsRefusedWithAClearError(string where, byte[] rules)
    {
        using var dir = new TempDirectory("fuzz-rules");
        File.WriteAllBytes(dir.File("rules.json"), rules);
        File.WriteAllText(dir.File("a.log"), Log);
        var run = FastLogCli.Run("detect", "--rules", dir.File("rules.json"), dir.File("a.log"));
        Assert.True(run.ExitCode == 2, $"{where}: exit {run.ExitCode}: {run.Stderr}");
        Assert.Contains("not valid UTF-8", run.StderrLines[0]);
        Assert.DoesNotContain("   at ", run.Stderr);
    }

    /// <summary>Parquet files whose footer Parquet.Net would decode for minutes (counts its bytes cannot hold, endless varints).</summary>
    public static TheoryData<string, byte[]> CorruptFooters() => new()
    {
        { "the fuzzer's reproducer", File.ReadAllBytes(Path.Combine(RepoPaths.Root, "fuzz/regressions/parquet/footer-list-count-hang")) },
        { "the CI fuzz step's reproducer", File.ReadAllBytes(Path.Combine(RepoPaths.Root, "fuzz/regressions/parquet/footer-read-past-end-timeout")) },
        // Field 1 is a list (0x19) of 2^32-1 lists (0xF9 + varint): four billion elements in a few bytes.
        { "a list of 4 billion lists", Footer([0x19, 0xF9, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x00]) },
        // Field 1 is an i64 whose varint never ends.
        { "a varint that never ends", Footer([0x16, .. Enumerable.Repeat((byte)0xFF, 40), 0x00]) },
        // A map of 2^31 entries of structs.
        { "a map of 2 billion entries", Footer([0x1B, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0xCC, 0x00]) },
        // F5: well-formed Thrift by wire type that Parquet.Net, reading fields by their declared type, runs past the end of.
        { "F5, the fuzzer's reproducer", File.ReadAllBytes(Path.Combine(RepoPaths.Root, "fuzz/regressions/parquet/footer-declared-type-varint-hang")) },
        // A field of id -10 (long form, out of order) holding a struct Parquet.Net skips by its headers alone: it reads
        // 01 as a long-form header whose id varint (80 00) eats the struct's stop, the struct ends at the footer's stop,
        // and past the end 0xFF gives field -10+15 = 5, a list whose size varint never ends.
        { "a field id out of order, then a struct skipped by its headers", Footer([0x0C, 0x13, 0x18, 0x01, 0x80, 0x00, 0x00]) },
        // Field 1 (version, declared i32) sent as a 7-byte binary: Parquet.Net reads the length as the version and the
        // bytes as fields: row groups > column chunk > column metadata, whose field 0 eats the last byte; past the end
        // 0xFF is then its field 15, an i32 whose varint never ends.
        { "a declared i32 sent as a binary", Footer([0x18, 0x07, 0x39, 0x1C, 0x19, 0x1C, 0x3C, 0x05, 0x00, 0x00]) },
        // row groups > column chunk > column metadata, ended inside: Parquet.Net reads 0xFF as field 15, an i32 without end.
        { "a footer cut inside a column's metadata", Footer([0x49, 0x1C, 0x19, 0x1C, 0x3C]) },
        { "a varint cut at the end of the footer", Footer([0x15, 0x80, 0x80]) },
        // Field 10 (unknown) is a list of 2^31-1 bools, which Parquet.Net skips without reading a byte.
        { "a list of 2 billion bools Parquet.Net skips", Footer([0xA9, 0xF1, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0x00]) },
        // Field 6 (created_by) of length -1 and of length 2^31-1.
        { "a negative string length", Footer([0x68, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x00]) },
        { "a string length past the footer", Footer([0x68, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0x00]) },
        // Field 10 (unknown): 100,000 lists, each the only element of the one before.
        { "lists nested 100,000 deep", Footer([0xA9, .. Enumerable.Repeat((byte)0x19, 100_000), 0x00, 0x00]) },
        // A schema of 100,000 elements, each the one child of the one before (num_children = 1).
        { "a schema nested 100,000 deep", Footer([0x29, 0xFC, 0xA0, 0x8D, 0x06, .. Enumerable.Repeat<byte[]>([0x55, 0x02, 0x00], 100_000).SelectMany(e => e), 0x00]) },
    };

    private static byte[] Footer(byte[] metadata)
        => [.. "PAR1"u8, .. metadata, .. BitConverter.GetBytes(metadata.Length), .. "PAR1"u8];

    [Theory, MemberData(nameof(CorruptFooters))]
    public void ParquetFile_WithACorruptFooter_IsRefusedQuickly(string what, byte[] file)
    {
        using var dir = new TempDirectory("fuzz-parquet");
        File.WriteAllBytes(dir.File("a.parquet"), file);
        var clock = Stopwatch.StartNew();
        var run = FastLogCli.Run("analyze", "--format", "parquet", dir.File("a.parquet"));
        // The walk takes milliseconds; the bound leaves room for a loaded machine.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"{what}: took {clock.Elapsed}");
        Assert.True(run.ExitCode == 1, $"{what}: exit {run.ExitCode}: {run.Stderr}");
        Assert.Contains("not a readable Parquet file", run.Stderr);
        Assert.DoesNotContain("   at ", run.Stderr);
    }

    private static readonly byte[] s_header = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3];

    private static byte[] Member(string text)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(System.Text.Encoding.UTF8.GetBytes(text));
        return output.ToArray();
    }

    /// <summary>Members cut right after their header or inside the shortest deflate stream (a copy interrupted, a file still being written).</summary>
    public static TheoryData<string, byte[]> GzipCutAfterHeader() => new()
    {
        { "a lone header", s_header },
        { "a header and one deflate byte", [.. s_header, 0x03] },
        { "a header with a file name", [0x1F, 0x8B, 8, 0x08, 0, 0, 0, 0, 0, 3, .. "a.log\0"u8] },
        { "a whole member, then a cut header", [.. Member(Log), .. s_header] },
    };

    [Theory, MemberData(nameof(GzipCutAfterHeader))]
    public void GzipInput_CutAfterAMemberHeader_IsAClearError(string what, byte[] gz)
    {
        using var dir = new TempDirectory("fuzz-gzip");
        File.WriteAllBytes(dir.File("a.log.gz"), gz);
        var run = FastLogCli.Run("count", "--by", "status", dir.File("a.log.gz"));
        Assert.True(run.ExitCode == 1, $"{what}: exit {run.ExitCode}: {run.Stderr}");
        Assert.Matches("(truncated|corrupt) gzip input", run.Stderr);
        Assert.DoesNotContain("   at ", run.Stderr);
    }
    /// <summary>An empty member (deflate <c>03 00</c>) whose trailer is <paramref name="crc"/>, <paramref name="length"/>.</summary>
    private static byte[] EmptyMember(uint crc, uint length, params byte[] deflate)
        => [.. s_header, .. (deflate.Length == 0 ? [0x03, 0x00] : deflate), .. BitConverter.GetBytes(crc), .. BitConverter.GetBytes(length)];

    /// <summary>
    /// Empty members whose trailer is damaged, followed by zero bytes: the eight zeros an empty
    /// member's trailer should hold are found one byte further on, so the damage went unseen.
    /// </summary>
    public static TheoryData<string, byte[], string> GzipDamagedEmptyMembers() => new()
    {
        { "the fuzzer's reproducer", File.ReadAllBytes(Path.Combine(RepoPaths.Root, "fuzz/regressions/gzip/damaged-empty-member-then-zero")), "CRC mismatch" },
        { "a CRC byte flipped, then zero padding", [.. EmptyMember(0x0000_0100, 0), 0, 0, 0, 0], "CRC mismatch" },
        { "a length byte flipped, then zero padding", [.. EmptyMember(0, 5), 0, 0, 0, 0, 0, 0, 0, 0], "length mismatch" },
        { "a stored empty block, CRC damaged", [.. EmptyMember(0xFF00_0000, 0, 0x01, 0x00, 0x00, 0xFF, 0xFF), 0, 0, 0, 0, 0, 0, 0, 0], "CRC mismatch" },
        { "after a good member", [.. Member(Log), .. EmptyMember(0x0000_0100, 0), 0, 0, 0, 0, 0, 0, 0, 0], "CRC mismatch" },
    };

    [Theory, MemberData(nameof(GzipDamagedEmptyMembers))]
    public void GzipInput_AnEmptyMemberWithADamagedTrailer_IsAClearError(string what, byte[] gz, string mismatch)
    {
        using var dir = new TempDirectory("fuzz-gzip");
        File.WriteAllBytes(dir.File("a.log.gz"), gz);
        // gzip itself (the oracle) refuses every form: the input is damaged.
        Assert.NotEqual(0, Shell.Execute("/bin/sh", $"gzip -t {Shell.Quote(dir.File("a.log.gz"))} 2>/dev/null", dir.Path, null, TimeSpan.FromSeconds(30)).ExitCode);
        var run = FastLogCli.Run("count", "--by", "status", dir.File("a.log.gz"));
        Assert.True(run.ExitCode == 1, $"{what}: exit {run.ExitCode}: {run.Stderr}");
        Assert.Contains("corrupt gzip input", run.Stderr);
        Assert.Contains(mismatch, run.Stderr);
        Assert.DoesNotContain("   at ", run.Stderr);
    }

    /// <summary>Empty members whose trailer is intact stay accepted, whatever follows them.</summary>
    public static TheoryData<string, byte[], int> GzipIntactEmptyMembers() => new()
    {
        { "alone", Member(""), 0 },
        { "then zero padding", [.. Member(""), 0, 0, 0, 0, 0, 0, 0, 0, 0], 0 },
        { "a stored empty block", EmptyMember(0, 0, 0x01, 0x00, 0x00, 0xFF, 0xFF), 0 },
        { "between two members", [.. Member(Log), .. Member(""), .. Member(Log)], 2 },
    };

    [Theory, MemberData(nameof(GzipIntactEmptyMembers))]
    public void GzipInput_AnEmptyMemberWithAnIntactTrailer_IsAccepted(string what, byte[] gz, int records)
    {
        using var dir = new TempDirectory("fuzz-gzip");
        File.WriteAllBytes(dir.File("a.log.gz"), gz);
        var run = FastLogCli.Run("count", "--format", "combined", dir.File("a.log.gz"));
        Assert.True(run.ExitCode == 0, $"{what}: exit {run.ExitCode}: {run.Stderr}");
        Assert.Equal($"{records}\n", run.StdoutText);
    }
    /// <summary><paramref name="member"/> with <paramref name="stray"/> bytes put between its deflate data and its 8-byte trailer.</summary>
    private static byte[] StrayBeforeTrailer(byte[] member, int stray)
        => [.. member[..^8], .. Enumerable.Range(0, stray).Select(i => (byte)(0x5A + i)), .. member[^8..]];

    /// <summary>
    /// Bytes around a member's trailer, each with gzip's own verdict (<c>gzip -t</c>: exit 1 is an
    /// error, 2 a warning such as "trailing garbage ignored"). Stray bytes before a trailer are
    /// damage wherever the member is; bytes after the last member are ignored.
    /// </summary>
    public static TheoryData<string, byte[], int> GzipBytesAroundTrailers() => new()
    {
        { "F11, the fuzzer's reproducer", File.ReadAllBytes(Path.Combine(RepoPaths.Root, "fuzz/regressions/gzip/trailer-after-stray-bytes")), -1 },
        { "1 stray byte before the last member's trailer", StrayBeforeTrailer(Member(Log + Log), 1), -1 },
        { "3 stray bytes before the last member's trailer", StrayBeforeTrailer(Member(Log + Log), 3), -1 },
        { "7 stray bytes before the last member's trailer", StrayBeforeTrailer(Member(Log + Log), 7), -1 },
        { "1 stray byte before a middle member's trailer", [.. StrayBeforeTrailer(Member(Log), 1), .. Member(Log)], -1 },
        { "3 stray bytes before a middle member's trailer", [.. StrayBeforeTrailer(Member(Log), 3), .. Member(Log)], -1 },
        { "7 stray bytes before a middle member's trailer", [.. StrayBeforeTrailer(Member(Log), 7), .. Member(Log)], -1 },
        { "3 stray bytes before an empty last member's trailer", [.. Member(Log), .. StrayBeforeTrailer(EmptyMember(0, 0), 3)], -1 },
        { "7 stray bytes before an empty middle member's trailer", [.. StrayBeforeTrailer(EmptyMember(0, 0), 7), .. Member(Log)], -1 },
        { "2 garbage bytes after the last member", [.. Member(Log + Log), 0x5A, 0x5B], 2 },
        { "7 garbage bytes after the last member", [.. Member(Log), .. Member(Log + Log), 0x5A, 0x5B, 0x5C, 0x5D, 0x5E, 0x5F, 0x60], 3 },
        { "an intact member, then an empty one", [.. Member(Log + Log), .. EmptyMember(0, 0)], 2 },
    };

    [Theory, MemberData(nameof(GzipBytesAroundTrailers))]
    public void GzipInput_BytesAroundAMemberTrailer_GetGzipsVerdict(string what, byte[] gz, int records)
    {
        using var dir = new TempDirectory("fuzz-gzip");
        File.WriteAllBytes(dir.File("a.log.gz"), gz);
        var gzip = Shell.Execute("/bin/sh", $"gzip -t {Shell.Quote(dir.File("a.log.gz"))}", dir.Path, null, TimeSpan.FromSeconds(30));
        var run = FastLogCli.Run("count", "--format", "combined", dir.File("a.log.gz"));
        if (records < 0)
        {
            Assert.True(gzip.ExitCode == 1, $"{what}: the oracle, gzip -t, exit {gzip.ExitCode}: {gzip.Stderr}");
            Assert.True(run.ExitCode == 1, $"{what}: exit {run.ExitCode}: {run.Stderr}");
            Assert.Contains("corrupt gzip input", run.Stderr);
            Assert.Matches("CRC mismatch|length mismatch", run.Stderr);
            Assert.DoesNotContain("   at ", run.Stderr);
        }
        else
        {
            // gzip -t exits 0, or 2 with "trailing garbage ignored"; zcat writes the data either way.
            Assert.True(gzip.ExitCode is 0 or 2, $"{what}: the oracle, gzip -t, exit {gzip.ExitCode}: {gzip.Stderr}");
            Assert.True(run.ExitCode == 0, $"{what}: exit {run.ExitCode}: {run.Stderr}");
            Assert.Equal($"{records}\n", run.StdoutText);
            Assert.Equal(gzip.ExitCode == 2, run.Stderr.Contains("trailing garbage ignored"));
        }
    }

    /// <summary>
    /// A Parquet file written from auth and access logs together: its web rows have a null
    /// <c>repeat</c> cell. Read back, that null reached the counters as a weight of -2^63.
    /// </summary>
    private static string MixedParquet(TempDirectory dir)
    {
        File.WriteAllText(dir.File("auth.log"),
            "Mar  3 10:00:01 bastion sshd[10]: Failed password for root from 203.0.113.9 port 22 ssh2\n" +
            "Mar  3 10:00:02 bastion sshd[10]: message repeated 3 times: [ Failed password for root from 203.0.113.9 port 22 ssh2]\n");
        File.WriteAllText(dir.File("access.log"), Log + Log.Replace("401", "200"));
        var run = FastLogCli.Run("convert", dir.File("auth.log"), dir.File("access.log"), "--to", "parquet", "-o", dir.File("mixed.parquet"));
        Assert.True(run.ExitCode == 0, $"convert: exit {run.ExitCode}: {run.Stderr}");
        return dir.File("mixed.parquet");
    }

    public static TheoryData<string[]> CountCommands() => new()
    {
        { new[] { "count" } },
        { new[] { "count", "--by", "status" } },
        { new[] { "count", "--by", "ip" } },
        { new[] { "count", "--by", "ip,status" } },
        { new[] { "count", "--by", "app" } },
    };

    [Theory, MemberData(nameof(CountCommands))]
    public void ParquetInput_WithNullRepeatCells_CountsLikeTheLogsItWasWrittenFrom(string[] command)
    {
        using var dir = new TempDirectory("fuzz-parquet-repeat");
        var parquet = MixedParquet(dir);
        var fromParquet = FastLogCli.Run([.. command, parquet]);
        var fromLogs = FastLogCli.Run([.. command, dir.File("auth.log"), dir.File("access.log")]);
        Assert.True(fromParquet.ExitCode == 0, $"exit {fromParquet.ExitCode}: {fromParquet.Stderr}");
        Assert.Equal(fromLogs.StdoutText, fromParquet.StdoutText);
        // By hand: 1 failure + 3 repeated + 2 requests.
        if (command.Length == 1) Assert.Equal("6\n", fromParquet.StdoutText);
    }
}
