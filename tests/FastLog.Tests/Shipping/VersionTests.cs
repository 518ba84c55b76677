using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using FastLog.Scanning;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Shipping;

/// <summary>
/// Issue 20 item 5: <c>--version</c> names the version, the commit and build date, the runtime
/// identifier, and the scanner in use and available, checked against git and Directory.Build.props.
/// </summary>
public class VersionTests
{
    private static readonly Regex s_line = new(
        @"^fastlog (?<version>\d+\.\d+\.\d+) \((?<commit>[0-9a-f]{7,40}(?:-dirty)?|unknown) (?<date>\d{4}-\d{2}-\d{2})\) (?<rid>[a-z0-9.-]+) scanner=(?<scanner>\w+) available=(?<available>[\w,]+)\n$");

    private static Match Parse()
    {
        var text = FastLogCli.Run("--version").Ok();
        var match = s_line.Match(text);
        Assert.True(match.Success, $"--version printed: {text}");
        return match;
    }

    [Fact]
    public void Version_IsTheProjectVersion()
    {
        var expected = Shell.Run("sed -n 's:.*<Version>\\(.*\\)</Version>.*:\\1:p' Directory.Build.props").Trim();
        Assert.Equal(expected, Parse().Groups["version"].Value);
    }

    [Fact]
    public void Commit_IsAnAncestorOfHead_AndDate_IsBetweenItsCommitDateAndToday()
    {
        var match = Parse();
        var commit = match.Groups["commit"].Value;
        Assert.NotEqual("unknown", commit); // the tests always run from a git checkout
        var hash = commit.Replace("-dirty", "", StringComparison.Ordinal);
        // The tests may run a build made before the last commit, so HEAD itself or an ancestor.
        Shell.Run($"git merge-base --is-ancestor {hash} HEAD");
        var commitDate = DateOnly.Parse(Shell.Run($"TZ=UTC git show -s --date=format-local:%Y-%m-%d --format=%cd {hash}").Trim(), CultureInfo.InvariantCulture);
        var buildDate = DateOnly.ParseExact(match.Groups["date"].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        Assert.InRange(buildDate, commitDate, DateOnly.FromDateTime(DateTime.UtcNow));
    }

    [Fact]
    public void RuntimeIdentifier_IsTheOneRunning()
        => Assert.Equal(RuntimeInformation.RuntimeIdentifier, Parse().Groups["rid"].Value);

    [Fact]
    public void Scanners_AreTheChosenAndTheAvailableOnes()
    {
        var match = Parse();
        var forced = Environment.GetEnvironmentVariable(ScannerFactory.OverrideVariable);
        Assert.Equal(ScannerFactory.NameOf(ScannerFactory.Choose(forced)), match.Groups["scanner"].Value);
        Assert.Equal(string.Join(',', ScannerFactory.Available.Select(ScannerFactory.NameOf)), match.Groups["available"].Value);
    }
}
