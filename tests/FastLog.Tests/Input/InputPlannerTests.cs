using System.IO.Compression;
using System.Text;
using FastLog.Formats;
using FastLog.Input;
using FastLog.Tests.TestSupport;
using Xunit;

namespace FastLog.Tests.Input;

/// <summary>
/// The input planner decides, before any record is parsed, how each input is read: its format or
/// why it is skipped, whether its records are reframed, and a regular file's line-aligned chunks.
/// </summary>
public sealed class InputPlannerTests : IDisposable
{
    private const string Digest = """{"awsAccountId":"111122223333","digestStartTime":"2026-12-07T11:00:00Z","digestEndTime":"2026-12-07T12:00:00Z","digestPublicKeyFingerprint":"0123456789abcdef","logFiles":[]}""";
    private const string CombinedLine = "192.0.2.1 - - [07/Dec/2026:11:00:00 +0000] \"GET /a HTTP/1.1\" 200 12 \"-\" \"curl/8.0\"\n";

    private readonly TempDirectory _temp = new("input-planner");

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string, string?, byte[], string?, bool, bool, bool> Samples() => new()
    {
        // case, forced format, first bytes → format read as, guessed, skipped digest, skipped as not text
        { "a digest is skipped", null, Encoding.UTF8.GetBytes(Digest), null, false, true, false },
        { "a digest is skipped when cloudtrail is forced", "cloudtrail", Encoding.UTF8.GetBytes(Digest), null, false, true, false },
        { "a digest is read when another format is forced", "jsonl", Encoding.UTF8.GetBytes(Digest), "jsonl", false, false, false },
        { "an executable is skipped", null, [0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0], null, false, false, true },
        { "an executable is skipped whatever text format is forced", "combined", [0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0], null, false, false, true },
        { "binary is read when parquet is forced", "parquet", [0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0], "parquet", false, false, false },
        { "an access log is detected", null, Encoding.UTF8.GetBytes(CombinedLine + CombinedLine), "combined", false, false, false },
        { "text no format reads is guessed combined", null, "hello\nworld\n"u8.ToArray(), "combined", true, false, false },
        { "an empty input is combined, not guessed", null, [], "combined", false, false, false },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void Sniff_DecidesTheFormatOrWhyTheInputIsSkipped(string shape, string? forced, byte[] sample, string? format, bool guessed, bool digest, bool notText)
    {
        var sniff = InputPlanner.Sniff(forced is null ? null : FormatRegistry.Find(forced), sample, FormatSettings.Default, sample.Length == 0);
        Assert.True(format == sniff.Format?.Name, $"{shape}: format {sniff.Format?.Name ?? "none"}");
        Assert.True(guessed == sniff.FormatGuessed, $"{shape}: guessed {sniff.FormatGuessed}");
        Assert.True(digest == sniff.SkippedDigest, $"{shape}: digest {sniff.SkippedDigest}");
        Assert.True(notText == sniff.NotText is not null, $"{shape}: not text {sniff.NotText}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4096)]
    [InlineData(100_000)]
    public void Plan_CutsAFileIntoChunksThatStartAfterALineFeedAndCoverIt(int chunkBytes)
    {
        var path = _temp.File("access.log");
        var text = new StringBuilder();
        for (var i = 0; i < 2_000; i++) text.Append(CombinedLine.Replace("/a ", "/" + new string('p', i % 97) + " "));
        File.WriteAllText(path, text.ToString());
        var bytes = File.ReadAllBytes(path);

        var plan = InputPlanner.Plan(new InputSource(3, path, InputKind.File, bytes.Length), null, FormatSettings.Default, chunkBytes);

        Assert.Null(plan.Error);
        Assert.Equal("combined", plan.Sniff.Format?.Name);
        Assert.True(plan.IsChunkedFile);
        long next = 0;
        for (var c = 0; c < plan.Chunks.Count; c++)
        {
            var chunk = plan.Chunks[c];
            Assert.Equal((3, c, next), (chunk.InputIndex, chunk.ChunkIndex, chunk.Start));
            Assert.True(chunk.Start == 0 || bytes[chunk.Start - 1] == (byte)'\n', $"chunk {c} starts mid-line");
            next = chunk.Start + chunk.Length;
        }
        Assert.Equal(bytes.Length, next);
        // Chunks are at least the size asked for (but for the last), so their count is bounded by it.
        Assert.InRange(plan.Chunks.Count, 1, Math.Max(1, (bytes.Length + chunkBytes - 1) / chunkBytes));
    }

    [Fact]
    public void Plan_ReadsARecordsFileAsOneReframedStream()
    {
        var path = _temp.File("trail.json");
        File.WriteAllText(path, """{"Records":[{"eventVersion":"1.08","eventTime":"2026-12-07T11:00:00Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"us-east-1","sourceIPAddress":"192.0.2.1"}]}""");

        var plan = InputPlanner.Plan(new InputSource(0, path, InputKind.File, new FileInfo(path).Length), null, FormatSettings.Default, null);

        Assert.Equal("cloudtrail", plan.Sniff.Format?.Name);
        Assert.Equal(InputKind.Reframed, plan.Input.Kind);
        Assert.False(plan.IsChunkedFile);
        Assert.Equal(new[] { new LogChunk(0, 0, 0, -1) }, plan.Chunks);
    }

    [Fact]
    public void Plan_OfAFileThatCannotBeOpened_SaysWhyAndHasNoChunk()
    {
        var plan = InputPlanner.Plan(new InputSource(0, _temp.File("gone.log"), InputKind.File, 10), null, FormatSettings.Default, null);

        Assert.Equal("no such file or directory", plan.Error);
        Assert.Empty(plan.Chunks);
        Assert.Null(plan.Sniff.Format);
    }

    [Theory]
    [InlineData(InputKind.Stdin)]
    [InlineData(InputKind.Pipe)]
    [InlineData(InputKind.Unsized)]
    public void OpenStream_DecompressesPipedGzipAndSniffsWhatItHolds(InputKind kind)
    {
        var text = Encoding.UTF8.GetBytes(CombinedLine + CombinedLine + CombinedLine);
        var packed = new MemoryStream();
        using (var gzip = new GZipStream(packed, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(text);
        packed.Position = 0;

        var opened = InputPlanner.OpenStream(packed, kind, null, FormatSettings.Default);

        Assert.NotNull(opened.Gzip);
        Assert.Equal("combined", opened.Sniff.Format?.Name);
        var read = new MemoryStream();
        opened.Stream.CopyTo(read);
        Assert.Equal(text, read.ToArray());
    }

    [Fact]
    public void OpenStream_OfAGzipFileKind_LeavesTheBytesAsTheInputGaveThem()
    {
        // A Gzip input is decompressed by InputSource.OpenStream; the planner must not unpack what
        // it is handed a second time (a .gz of a .gz holds gzip bytes as its data).
        var packed = new MemoryStream();
        using (var gzip = new GZipStream(packed, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(Encoding.UTF8.GetBytes(CombinedLine));
        var bytes = packed.ToArray();

        var opened = InputPlanner.OpenStream(new MemoryStream(bytes), InputKind.Gzip, null, FormatSettings.Default);

        Assert.Null(opened.Gzip);
        var read = new MemoryStream();
        opened.Stream.CopyTo(read);
        Assert.Equal(bytes, read.ToArray());
    }
}
