using System.Security.Cryptography;
using FastLog.Columns;
using FastLog.Formats;
using FastLog.Generation;

namespace FastLog.Tests.Generation;

/// <summary>Issues 4 and 6: auth, CloudTrail and GitHub logs are byte-identical per seed whatever the thread count, and --size cuts at a line end.</summary>
public class NewFormatDeterminismTests
{
    private static byte[] Generate(LogFormat format, ulong seed, int threads, long? lines = null, long? size = null, bool attacks = true)
    {
        using var output = new MemoryStream();
        LogGenerator.Generate(new GenerationOptions { Format = format, Lines = lines, SizeBytes = size, Seed = seed, Threads = threads, Attacks = attacks }, output);
        return output.ToArray();
    }

    // 34,000 lines are three segments (16,384 background lines each), so threads really interleave.
    [Theory]
    [InlineData(LogFormat.Auth)]
    [InlineData(LogFormat.CloudTrail)]
    [InlineData(LogFormat.Github)]
    public void SameSeed_SameBytes_ForAnyThreadCount(LogFormat format)
    {
        var one = Generate(format, 11, threads: 1, lines: 34_000);
        foreach (var threads in new[] { 2, 3 })
        {
            var again = Generate(format, 11, threads, lines: 34_000);
            Assert.True(one.AsSpan().SequenceEqual(again), $"{format}, {threads} threads: {Convert.ToHexString(SHA256.HashData(again))} vs {Convert.ToHexString(SHA256.HashData(one))}");
        }
        Assert.Equal(34_000, one.AsSpan().Count((byte)'\n'));
    }

    [Theory]
    [InlineData(LogFormat.Auth)]
    [InlineData(LogFormat.CloudTrail)]
    [InlineData(LogFormat.Github)]
    public void DifferentSeeds_DifferentLogs(LogFormat format)
    {
        var a = System.Text.Encoding.UTF8.GetString(Generate(format, 1, threads: 2, lines: 3_000)).Split('\n');
        var b = System.Text.Encoding.UTF8.GetString(Generate(format, 2, threads: 2, lines: 3_000)).Split('\n');
        var shared = b.Intersect(a).Count();
        Assert.True(shared < 300, $"{format}: {shared} of 3,000 lines are the same under seeds 1 and 2");
    }

    [Theory]
    [InlineData(LogFormat.Auth, 1_000_000)]
    [InlineData(LogFormat.CloudTrail, 3_000_001)]
    [InlineData(LogFormat.Github, 2_500_000)]
    public void Size_StopsAtTheFirstLineEndAtOrPastIt_ForAnyThreadCount(LogFormat format, long size)
    {
        var data = Generate(format, 5, threads: 1, size: size);
        Assert.True(data.AsSpan().SequenceEqual(Generate(format, 5, threads: 3, size: size)));
        Assert.True(data.Length >= size, $"{data.Length} bytes < {size}");
        Assert.Equal((byte)'\n', data[^1]);
        // The line before the last ended before the size was reached.
        Assert.True(data.AsSpan(0, data.Length - 1).LastIndexOf((byte)'\n') < size - 1);
    }
}
