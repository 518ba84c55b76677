using System.Text.Json;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Shipping;

/// <summary>
/// Issue 20 item 4: <c>fastlog FILE…</c> (the first argument an existing file or directory, or -)
/// runs analyze; a name that is both a command and a file is the command; any other first word
/// is a usage error naming both readings.
/// </summary>
public class ImplicitAnalyzeTests
{
    private const string Combined = "data/samples/combined/access.log";
    private const string Common = "data/samples/common/access.log";

    /// <summary>Arguments without a command, and the same run with analyze written out.</summary>
    public static TheoryData<string, string[], string[]> Forms() => new()
    {
        { "one file", [Combined, "--output", "json", "--stable"], ["analyze", Combined, "--output", "json", "--stable"] },
        { "options first", ["--output", "json", "--stable", Combined], ["analyze", "--output", "json", "--stable", Combined] },
        { "two files", [Combined, Common, "--output", "json", "--stable"], ["analyze", Combined, Common, "--output", "json", "--stable"] },
        { "directory", ["data/samples", "--output", "json", "--stable"], ["analyze", "data/samples", "--output", "json", "--stable"] },
        { "table output", [Combined, "--stable"], ["analyze", Combined, "--stable"] },
        { "after --", ["--output", "json", "--stable", "--", Combined], ["analyze", "--output", "json", "--stable", Combined] },
    };

    [Theory, MemberData(nameof(Forms))]
    public void FirstArgumentAnInput_RunsAnalyze(string form, string[] implicitArgs, string[] explicitArgs)
    {
        _ = form;
        var expected = FastLogProcess.Shell("$FASTLOG " + string.Join(' ', explicitArgs.Select(Shell.Quote)));
        var actual = FastLogProcess.Shell("$FASTLOG " + string.Join(' ', implicitArgs.Select(Shell.Quote)));
        Assert.Equal(0, expected.ExitCode);
        Assert.Equal(0, actual.ExitCode);
        Assert.NotEmpty(actual.Stdout);
        Assert.Equal(expected.Stdout, actual.Stdout);
    }

    [Fact]
    public void OneFile_CountsEveryLine_AsAwkDoes()
    {
        var lines = long.Parse(Shell.Run($"awk 'END {{ print NR }}' {Combined}").Trim());
        var json = FastLogProcess.Shell($"$FASTLOG {Combined} --output json --stable");
        Assert.Equal(0, json.ExitCode);
        using var report = JsonDocument.Parse(json.Stdout);
        Assert.Equal(lines, report.RootElement.GetProperty("overview").GetProperty("lines").GetInt64());
    }

    [Fact]
    public void Stdin_AsDash_RunsAnalyze()
    {
        var expected = FastLogProcess.Shell($"$FASTLOG analyze --output json --stable < {Combined}");
        var actual = FastLogProcess.Shell($"$FASTLOG - --output json --stable < {Combined}");
        Assert.Equal(0, actual.ExitCode);
        Assert.Equal(expected.Stdout, actual.Stdout);
    }

    [Fact]
    public void NameThatIsACommandAndAFile_IsTheCommand_AndDotSlashIsTheFile()
    {
        using var dir = new TempDirectory("implicit-analyze");
        File.Copy(Path.Combine(RepoPaths.Root, Combined), dir.File("count"));
        var lines = long.Parse(Shell.Run($"awk 'END {{ print NR }}' {Combined}").Trim());
        // The command: count reads stdin (empty here) and finds no record.
        var command = FastLogProcess.Run("$FASTLOG count --output csv < /dev/null", dir.Path);
        Assert.Equal(0, command.ExitCode);
        Assert.Equal("count\n0\n", command.StdoutText);
        // The file: ./count and -- count are analyzed like analyze ./count and analyze count.
        foreach (var (implicitForm, path) in new[] { ("./count", "./count"), ("-- count", "count") })
        {
            var explicitRun = FastLogProcess.Run($"$FASTLOG analyze {path} --output json --stable", dir.Path);
            Assert.Equal(0, explicitRun.ExitCode);
            using (var report = JsonDocument.Parse(explicitRun.Stdout))
                Assert.Equal(lines, report.RootElement.GetProperty("overview").GetProperty("lines").GetInt64());
            var implicitRun = FastLogProcess.Run($"$FASTLOG --output json --stable {implicitForm}", dir.Path);
            Assert.Equal(0, implicitRun.ExitCode);
            Assert.Equal(explicitRun.StdoutText, implicitRun.StdoutText);
        }
    }

    [Theory]
    [InlineData("no-such-file.log")]
    [InlineData("frobnicate")]
    public void FirstArgumentNeitherCommandNorInput_IsAUsageError(string word)
    {
        var run = FastLogCli.Run(word, Combined);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"unknown command '{word}'", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("or an existing file or directory to analyze", run.Stderr, StringComparison.Ordinal);
    }
}
