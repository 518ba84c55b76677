using System.Text.RegularExpressions;
using FastLog.Cli;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Shipping;

/// <summary>
/// Issue 20 item 3: <c>fastlog man</c> prints fastlog(1) from the sources of --help (the flag
/// table, each command's help, the exit codes); it renders with <c>man -l</c> without a warning,
/// and its EXAMPLES run.
/// </summary>
public class ManPageTests
{
    private static readonly Lazy<string> s_roff = new(() => FastLogCli.Run("man").Ok());
    private static readonly Lazy<string> s_rendered = new(Render);

    /// <summary>The page through man -l (the man-db/groff pipeline users get), wide so nothing wraps mid-option.</summary>
    private static string Render()
    {
        using var dir = new TempDirectory("man");
        File.WriteAllText(dir.File("fastlog.1"), s_roff.Value);
        var (exitCode, stdout, stderr) = Shell.Execute("/bin/sh",
            $"LC_ALL=C.UTF-8 MANWIDTH=100 man --warnings=all -l {dir.File("fastlog.1")}", dir.Path, null, TimeSpan.FromMinutes(1));
        Assert.True(exitCode == 0, $"man -l exited {exitCode}: {stderr}");
        Assert.True(stderr.Length == 0, $"man -l warned:\n{stderr}");
        return Normalise(System.Text.Encoding.UTF8.GetString(stdout));
    }

    /// <summary>One space for any run of white space; groff's typographic quotes and minus signs as ASCII.</summary>
    private static string Normalise(string text)
    {
        var ascii = text.Replace('\u2019', '\'').Replace('\u2018', '\'').Replace('\u201C', '"').Replace('\u201D', '"')
            .Replace('\u2212', '-').Replace('\u2010', '-');
        return Regex.Replace(ascii, @"\s+", " ");
    }

    [Theory]
    [InlineData("NAME")]
    [InlineData("SYNOPSIS")]
    [InlineData("DESCRIPTION")]
    [InlineData("COMMANDS")]
    [InlineData("OPTIONS")]
    [InlineData("EXIT STATUS")]
    [InlineData("EXAMPLES")]
    public void Page_HasSection(string section)
    {
        Assert.Contains($"\n.SH {section}\n", s_roff.Value, StringComparison.Ordinal);
        Assert.Contains($" {section} ", s_rendered.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Page_RendersWithManL_WithoutWarnings() => Assert.StartsWith("FASTLOG(1)", s_rendered.Value.TrimStart(), StringComparison.Ordinal);

    public static TheoryData<string> FlagNames() => [.. Flags.All.Select(f => f.Name)];

    [Theory, MemberData(nameof(FlagNames))]
    public void EveryOption_IsDescribed_WithItsHelpText(string name)
    {
        var flag = Flags.Find(name)!;
        var entry = flag.Alias is null ? flag.Name : $"{flag.Name}, {flag.Alias}";
        // A value follows after a space; an optional one (--fail-on-findings[=SEVERITY]) is attached.
        entry += flag.TakesValue ? " " + flag.ValueName : flag.ValueName;
        Assert.Contains($" {entry} {Normalise(flag.Help)} ", s_rendered.Value, StringComparison.Ordinal);
        // The same line in --help: both come from the flag table.
        Assert.Contains(flag.Help, FastLogCli.Run("--help").Ok(), StringComparison.Ordinal);
    }

    public static TheoryData<string> Commands() => [.. Flags.Commands];

    [Theory, MemberData(nameof(Commands))]
    public void EveryCommand_HasASection_WithItsUsage(string command)
    {
        Assert.Contains($"\n.SS {command}\n", s_roff.Value, StringComparison.Ordinal);
        var usage = FastLogCli.Run(command, "--help").Ok().Split('\n')[0];
        Assert.StartsWith("usage: fastlog " + command, usage, StringComparison.Ordinal);
        Assert.Contains(Normalise(usage["usage: ".Length..]), s_rendered.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void ExitStatus_ListsTheCodesOfTheReadme()
    {
        // The README's exit-code table is written by hand: an independent list to agree with.
        var readme = Shell.Run("awk '/^### Exit codes/ {on=1; next} /^#/ {on=0} on && /^\\| [0-9]/ {split($0, c, \"|\"); gsub(/ /, \"\", c[2]); print c[2]}' README.md")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var page = s_roff.Value;
        var section = page[page.IndexOf("\n.SH EXIT STATUS\n", StringComparison.Ordinal)..page.IndexOf("\n.SH ENVIRONMENT\n", StringComparison.Ordinal)];
        var codes = Regex.Matches(section, @"^\.B (.+)$", RegexOptions.Multiline).Select(m => m.Groups[1].Value.Replace(" ", "", StringComparison.Ordinal));
        Assert.Equal(readme, codes);
    }

    [Fact]
    public void Date_AndVersion_AreTheBuilds()
    {
        var version = Regex.Match(FastLogCli.Run("--version").Ok(), @"^fastlog (\S+) \(\S+ (\S+)\)");
        Assert.StartsWith($".TH FASTLOG 1 \"{version.Groups[2].Value}\" \"fastlog {version.Groups[1].Value}\"", s_roff.Value, StringComparison.Ordinal);
    }

    public static TheoryData<string> ExampleLines() => [.. ManPage.Examples.Select(e => e.Command)];

    [Theory, MemberData(nameof(ExampleLines))]
    public void Example_Runs_OnTheSamples(string example)
    {
        using var dir = new TempDirectory("man-example");
        Shell.Run($"cp {RepoPaths.Samples}/combined/access.log {dir.Path}/access.log && mkdir -p {dir.Path}/var/log/nginx"
            + $" && cp {RepoPaths.Samples}/nginx/access.log {dir.Path}/var/log/nginx/ && gzip -c {dir.Path}/access.log > {dir.Path}/access.log.1.gz");
        Assert.StartsWith("fastlog ", example.Split(" | ")[^1], StringComparison.Ordinal);
        var script = example.Replace("fastlog ", "$FASTLOG ", StringComparison.Ordinal).Replace(" /var/log/", " ./var/log/", StringComparison.Ordinal)
            .Replace("> /etc/bash_completion.d/fastlog", "> completion.bash", StringComparison.Ordinal);
        var run = FastLogProcess.Run(script, dir.Path);
        // --fail-on-findings exits 4 when the sample has such findings; the output is complete either way.
        var allowed = example.Contains("--fail-on-findings", StringComparison.Ordinal) ? new[] { 0, 4 } : [0];
        Assert.True(allowed.Contains(run.ExitCode), $"{script} exited {run.ExitCode}: {run.Stderr}");
        Assert.True(run.Stdout.Length > 0 || example.Contains('>', StringComparison.Ordinal), $"{script} printed nothing");
    }
}
