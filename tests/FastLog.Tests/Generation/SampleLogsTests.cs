using FastLog.Columns;
using FastLog.Formats;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Generation;

/// <summary>
/// <c>fastlog generate --samples DIR</c> writes the committed samples byte for byte (the CI's
/// "samples match generator" step runs the same comparison through build.ps1 check-samples), and
/// the malformed share of the access-log generator is what the library was asked for.
/// </summary>
public class SampleLogsTests
{
    [Theory]
    [InlineData("combined/access.log")]
    [InlineData("common/access.log")]
    [InlineData("nginx/access.log")]
    public void GenerateSamples_WritesTheCommittedSampleByteForByte(string relativePath)
    {
        using var temp = new TempDirectory("samples");
        FastLogCli.Run("generate", "--samples", temp.Path).Ok();
        Assert.Equal(File.ReadAllBytes(Path.Combine(RepoPaths.Samples, relativePath)), File.ReadAllBytes(temp.File(relativePath)));
    }

    [Theory]
    [InlineData("--lines", "10")]
    [InlineData("--seed", "2")]
    [InlineData("--format", "nginx")]
    [InlineData("-o", "x.log")]
    public void GenerateSamples_WithAnotherOption_IsAUsageError(string option, string value)
    {
        using var temp = new TempDirectory("samples-usage");
        var result = FastLogCli.Run("generate", "--samples", temp.Path, option, value);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("does not apply to generate --samples", result.Stderr, StringComparison.Ordinal);
    }

    // The oracle is the strict-grammar script: 0 per million leaves no rejected line; 20,000 per
    // million rejects about 2 % (blank damaged lines are counted apart by the script).
    [Theory]
    [InlineData(0, 0.0, 0.0)]
    [InlineData(20_000, 0.015, 0.025)]
    public void MalformedPerMillion_SetsTheShareOfDamagedLines(int perMillion, double low, double high)
    {
        using var temp = new TempDirectory("malformed-share");
        var path = temp.File("a.log");
        GeneratedInputs.Write(path, LogFormat.Combined, 50_000, seed: 9, malformedPerMillion: perMillion);
        var summary = Shell.Run($"{OracleCommands.ClfStrict} --format combined --summary {path}");
        long Field(string name) => long.Parse(summary.Split('\n').Single(l => l.StartsWith(name + " ", StringComparison.Ordinal))[(name.Length + 1)..]);
        var damaged = (Field("rejected") + Field("blank")) / 50_000.0;
        Assert.InRange(damaged, low, high);
    }
}
