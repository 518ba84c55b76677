using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Cli;

/// <summary>
/// An optional value may follow its switch as the next argument when it is one of the switch's
/// values (<c>--fail-on-findings high</c>), exactly as after <c>=</c>; and <c>generate --size</c>
/// larger than the free space of the output's file system is refused before writing.
/// </summary>
public class OptionValueTests
{
    private static readonly string s_sample = Path.Combine(RepoPaths.Samples, "combined", "access.log");

    [Theory]
    [InlineData("low")]
    [InlineData("medium")]
    [InlineData("high")]
    [InlineData("critical")]
    public void FailOnFindings_ValueAfterASpace_IsTheSeverity_NotAnInput(string severity)
    {
        var equals = FastLogCli.Run("detect", s_sample, $"--fail-on-findings={severity}");
        var spaced = FastLogCli.Run("detect", "--fail-on-findings", severity, s_sample);
        Assert.Equal("", spaced.Stderr);
        Assert.Equal(equals.ExitCode, spaced.ExitCode);
        Assert.Equal(equals.StdoutText, spaced.StdoutText);
    }

    // The value list decides: anything else after the switch is still an input.
    [Fact]
    public void FailOnFindings_FollowedByAnInput_KeepsTheDefaultAndReadsTheInput()
    {
        var spaced = FastLogCli.Run("detect", "--fail-on-findings", s_sample);
        var equals = FastLogCli.Run("detect", s_sample, "--fail-on-findings=low");
        Assert.Equal(equals.ExitCode, spaced.ExitCode);
        Assert.Equal(equals.StdoutText, spaced.StdoutText);
    }

    [Fact]
    public void GenerateSize_LargerThanTheFreeSpace_IsRefusedBeforeWriting()
    {
        using var temp = new TempDirectory("gen-size");
        var tooBig = new DriveInfo(temp.Path).AvailableFreeSpace + (1L << 30);
        var run = FastLogCli.Run("generate", "--size", tooBig.ToString(), "-o", temp.File("big.log"));
        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith($"fastlog: error: --size {tooBig}: needs {tooBig} bytes, but the file system of -o {temp.File("big.log")} has ", run.Stderr);
        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
    }

    [Fact]
    public void GenerateSize_ThatFits_IsWritten()
    {
        using var temp = new TempDirectory("gen-size-ok");
        var run = FastLogCli.Run("generate", "--size", "64K", "-o", temp.File("small.log"));
        Assert.Equal(0, run.ExitCode);
        Assert.InRange(new FileInfo(temp.File("small.log")).Length, 64 * 1024, 64 * 1024 + 4096);
    }
}
