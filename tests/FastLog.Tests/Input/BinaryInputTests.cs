using System.Text.Json;
using FastLog.Tests.TestSupport;
using Xunit;

namespace FastLog.Tests.Input;

/// <summary>
/// Inputs that are not UTF-8 text (UTF-16, executables, images, archives, compressions FastLog
/// does not decode, random bytes) are skipped with one message each and exit 1, while the other
/// inputs of the run are read: given as files, found in a directory, or piped to stdin.
/// </summary>
public sealed class BinaryInputTests : IDisposable
{
    private readonly TempDirectory _temp = new("binary-inputs");
    private readonly string _good;

    public BinaryInputTests()
    {
        _good = _temp.File("good.log");
        Shell.Run($"cp data/samples/combined/access.log {_good}");
    }

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string, string, string> Kinds => new()
    {
        { "utf16le-bom", "iconv -f UTF-8 -t UTF-16 data/samples/combined/access.log", "looks like UTF-16LE text: convert with iconv -f UTF-16LE -t UTF-8" },
        { "utf16le", "iconv -f UTF-8 -t UTF-16LE data/samples/combined/access.log", "looks like UTF-16LE text" },
        { "utf16be-bom", "printf '\\376\\377'; iconv -f UTF-8 -t UTF-16BE data/samples/combined/access.log", "looks like UTF-16BE text" },
        { "utf16be", "iconv -f UTF-8 -t UTF-16BE data/samples/combined/access.log", "looks like UTF-16BE text" },
        { "elf", "cat /bin/sh", "an ELF executable" },
        { "zip", "python3 -c \"import io,zipfile,sys; b=io.BytesIO(); z=zipfile.ZipFile(b,'w',zipfile.ZIP_DEFLATED); z.write('data/samples/combined/access.log'); z.close(); sys.stdout.buffer.write(b.getvalue())\"", "a ZIP archive" },
        { "png", "python3 -c \"import sys,zlib,struct; c=lambda t,d: struct.pack('>I',len(d))+t+d+struct.pack('>I',zlib.crc32(t+d)); sys.stdout.buffer.write(b'\\x89PNG\\r\\n\\x1a\\n'+c(b'IHDR',struct.pack('>IIBBBBB',1,1,8,0,0,0,0))+c(b'IDAT',zlib.compress(b'\\x00\\x00'))+c(b'IEND',b''))\"", "a PNG image" },
        { "zstd", "zstd -q -c data/samples/combined/access.log", "compressed with zstd: decompress first" },
        { "bzip2", "bzip2 -c data/samples/combined/access.log", "compressed with bzip2: decompress first" },
        { "xz", "xz -c data/samples/combined/access.log", "compressed with xz: decompress first" },
        { "random", "python3 -c \"import random,sys; r=random.Random(5); sys.stdout.buffer.write(bytes(r.randrange(256) for _ in range(65536)))\"", "binary data, not a text log" },
        { "gzipped-utf16", "iconv -f UTF-8 -t UTF-16 data/samples/combined/access.log | gzip -c", "looks like UTF-16LE text" },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void ANonTextInputIsSkippedWithOneMessageAndTheOthersAreRead(string name, string make, string message)
    {
        var bad = _temp.File(name + ".log");
        Shell.Run($"({make}) > {bad}");
        var alone = Records(FastLogCli.Run("analyze", "--output", "json", "--stable", _good), out _);

        var run = FastLogCli.Run("analyze", "--output", "json", "--stable", bad, _good);
        Assert.Equal(1, run.ExitCode);
        Assert.Single(run.StderrLines);
        Assert.StartsWith($"fastlog: error: {bad}: {message}", run.StderrLines[0]);
        Assert.EndsWith("; input skipped", run.StderrLines[0]);
        Assert.Equal(alone, Records(run, out var badLines));
        Assert.Equal(0, badLines);

        // Found in a directory walk: the same message for that file, the log beside it read.
        var dir = Path.Combine(_temp.Path, name + "-dir");
        Directory.CreateDirectory(dir);
        File.Copy(bad, Path.Combine(dir, "a-" + name + ".log"));
        File.Copy(_good, Path.Combine(dir, "b-good.log"));
        var walk = FastLogCli.Run("analyze", "--output", "json", "--stable", dir);
        Assert.Equal(1, walk.ExitCode);
        Assert.Single(walk.StderrLines);
        Assert.Contains(message, walk.Stderr);
        Assert.Equal(alone, Records(walk, out _));

        // Piped to stdin.
        var piped = FastLogCli.RunWithStdin(File.ReadAllBytes(bad), "count", "-");
        Assert.Equal(1, piped.ExitCode);
        Assert.Single(piped.StderrLines);
        Assert.Contains(message, piped.Stderr);
    }

    [Fact]
    public void TextWithNulRegionsAndEscapedControlBytesIsStillRead()
    {
        // A crash-damaged log: 64 KiB of NULs first, then lines; one line carries raw control bytes.
        var path = _temp.File("damaged-text.log");
        Shell.Run($"(head -c 65536 /dev/zero; cat data/samples/combined/access.log; printf '1.2.3.4 - - [10/Oct/2023:13:55:36 +0000] \"\\026\\003\\001\" 400 0 \"-\" \"-\"\\n') > {path}");
        var run = FastLogCli.Run("analyze", "--output", "json", "--stable", path);
        Assert.Equal("", run.Stderr);
        Assert.True(Records(run, out _) > 400);
    }

    private static long Records(CliResult run, out long firstInputLines)
    {
        var overview = JsonDocument.Parse(run.Stdout).RootElement.GetProperty("overview");
        firstInputLines = overview.GetProperty("inputs")[0].GetProperty("lines").GetInt64();
        return overview.GetProperty("records").GetInt64();
    }
}
