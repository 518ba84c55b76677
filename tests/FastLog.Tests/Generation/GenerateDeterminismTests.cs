using System.Security.Cryptography;
using FastLog.Formats.Clf;
using FastLog.Generation;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Generation;

/// <summary>Issue 3: two runs with the same seed are byte-identical, whatever the thread count.</summary>
public class GenerateDeterminismTests
{
    private static byte[] Generate(ClfVariant format, ulong seed, int threads, long? lines = null, long? size = null, bool attacks = true)
    {
        using var output = new MemoryStream();
        LogGenerator.Generate(new GenerationOptions { Format = (FastLog.Columns.LogFormat)format, Lines = lines, SizeBytes = size, Seed = seed, Threads = threads, Attacks = attacks }, output);
        return output.ToArray();
    }

    // 70,000 lines are five segments (16,384 background lines each), so threads really interleave.
    [Theory]
    [InlineData(ClfVariant.Common)]
    [InlineData(ClfVariant.Combined)]
    [InlineData(ClfVariant.Nginx)]
    public void SameSeed_SameBytes_ForAnyThreadCount(ClfVariant format)
    {
        var one = Generate(format, 11, threads: 1, lines: 70_000);
        foreach (var threads in new[] { 1, 2, 3, 8 })
        {
            var again = Generate(format, 11, threads, lines: 70_000);
            Assert.True(one.AsSpan().SequenceEqual(again), $"{format}, {threads} threads: {Convert.ToHexString(SHA256.HashData(again))} vs {Convert.ToHexString(SHA256.HashData(one))}");
        }
        Assert.Equal(70_000, one.AsSpan().Count((byte)'\n'));
    }

    [Fact]
    public void SameSeed_SameBytes_WithSize()
    {
        var one = Generate(ClfVariant.Combined, 3, threads: 1, size: 9_000_000);
        var two = Generate(ClfVariant.Combined, 3, threads: 3, size: 9_000_000);
        Assert.True(one.AsSpan().SequenceEqual(two));
    }

    [Fact]
    public void DifferentSeeds_DifferentLogs()
    {
        var a = Generate(ClfVariant.Combined, 1, threads: 2, lines: 5_000);
        var b = Generate(ClfVariant.Combined, 2, threads: 2, lines: 5_000);
        Assert.False(a.AsSpan().SequenceEqual(b));
        // Not just a shifted copy: most lines differ.
        var linesA = new HashSet<string>(System.Text.Encoding.UTF8.GetString(a).Split('\n'));
        var shared = System.Text.Encoding.UTF8.GetString(b).Split('\n').Count(linesA.Contains);
        Assert.True(shared < 500, $"{shared} of 5,000 lines are the same under seeds 1 and 2");
    }

    [Fact]
    public void Cli_StdoutAndOutputFile_AreTheSameBytes_AndMatchTheLibrary()
    {
        using var temp = new TempDirectory("generate-cli");
        var path = temp.File("a.log");
        var stdout = FastLogCli.Run("generate", "--format", "nginx", "--lines", "40000", "--seed", "5", "--threads", "1").Stdout;
        FastLogCli.Run("generate", "--format", "nginx", "--lines", "40000", "--seed", "5", "--threads", "2", "-o", path).Ok();
        Assert.True(stdout.AsSpan().SequenceEqual(File.ReadAllBytes(path)));
        Assert.True(stdout.AsSpan().SequenceEqual(Generate(ClfVariant.Nginx, 5, threads: 4, lines: 40_000)));
    }
}
