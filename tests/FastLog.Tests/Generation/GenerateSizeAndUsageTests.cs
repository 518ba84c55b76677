using System.Text.Json;
using FastLog.Cli;
using FastLog.Generation.Clf;
using FastLog.Generation.Truth;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Generation;

/// <summary><c>--size</c> stops at the first line end at or past the size; bad command lines are usage errors.</summary>
public class GenerateSizeAndUsageTests
{
    [Theory]
    [InlineData("combined", "5M", 5L << 20)]
    [InlineData("nginx", "3000000", 3_000_000L)]
    [InlineData("common", "1.5M", 3L << 19)]
    public void Size_StopsAtTheFirstLineEndAtOrPastIt(string format, string size, long bytes)
    {
        using var temp = new TempDirectory("generate-size");
        var path = temp.File("s.log");
        var truth = temp.File("s.json");
        FastLogCli.Run("generate", "--format", format, "--size", size, "--seed", "4", "-o", path, "--truth", truth).Ok();
        var data = File.ReadAllBytes(path);
        Assert.InRange(data.Length, bytes, bytes + 2 * ClfLineFormatter.MaxLineBytes);
        Assert.Equal((byte)'\n', data[^1]);
        // The line before the last ends before the size: the cut is at the first line end past it.
        var previousEnd = data.AsSpan(0, data.Length - 1).LastIndexOf((byte)'\n') + 1;
        Assert.True(previousEnd < bytes, $"{previousEnd} >= {bytes}");
        var manifest = JsonSerializer.Deserialize(File.ReadAllText(truth), TruthJsonContext.Default.TruthManifest)!;
        Assert.Equal(data.Length, manifest.Bytes);
        Assert.Equal(data.AsSpan().Count((byte)'\n'), manifest.Lines);
        Assert.Equal($"count\n{manifest.Records}\n", FastLogCli.Run("count", "--output", "csv", path).Ok());
        Assert.NotEmpty(manifest.Scenarios);
    }

    [Theory]
    [InlineData("generate")]
    [InlineData("generate", "--lines", "10", "--size", "1M")]
    [InlineData("generate", "--lines", "0")]
    [InlineData("generate", "--lines", "ten")]
    [InlineData("generate", "--size", "1X")]
    [InlineData("generate", "--size", "-5")]
    [InlineData("generate", "--lines", "10", "--format", "jsonl")]
    [InlineData("generate", "--lines", "10", "--attacks", "all")]
    [InlineData("generate", "--lines", "10", "--seed", "-1")]
    [InlineData("generate", "--lines", "10", "access.log")]
    [InlineData("generate", "--lines", "10", "--by", "ip")]
    [InlineData("generate", "--lines", "10", "--stable")]
    [InlineData("count", "--seed", "3", "x.log")]
    public void BadCommandLines_AreUsageErrors(params string[] args)
    {
        var result = FastLogCli.Run(args);
        Assert.True(result.ExitCode == 2, $"{result.CommandLine}: exit {result.ExitCode}, stderr {result.Stderr}");
        Assert.StartsWith("fastlog: error: ", result.Stderr);
        Assert.Empty(result.Stdout);
    }

    [Theory]
    [InlineData("123", 123L)]
    [InlineData("64K", 65_536L)]
    [InlineData("64kb", 65_536L)]
    [InlineData("100M", 104_857_600L)]
    [InlineData("1G", 1_073_741_824L)]
    [InlineData("1GiB", 1_073_741_824L)]
    [InlineData("0.5G", 536_870_912L)]
    public void SizeSuffixes_AreBinary(string text, long bytes) => Assert.Equal(bytes, GenerateCommand.ParseSize(text));

    [Fact]
    public void TinyLogs_Work_WithAttacksLeftOutWhenTheyCannotFit()
    {
        var one = FastLogCli.Run("generate", "--lines", "1", "--seed", "1");
        Assert.Equal(0, one.ExitCode);
        Assert.Equal(1, one.Stdout.AsSpan().Count((byte)'\n'));
        var hundred = FastLogCli.Run("generate", "--lines", "100", "--seed", "1").Stdout;
        Assert.Equal(100, hundred.AsSpan().Count((byte)'\n'));
    }

    [Fact]
    public void Help_DescribesGenerate()
    {
        var help = FastLogCli.Run("generate", "--help").Ok();
        Assert.Contains("usage: fastlog generate", help);
        Assert.Contains("--truth PATH", help);
        Assert.Contains("generate", FastLogCli.Run("--help").Ok());
    }
}
