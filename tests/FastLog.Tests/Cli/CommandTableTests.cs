using System.Text.RegularExpressions;
using FastLog.Cli;
using FastLog.Tests.TestSupport;
using Xunit;

namespace FastLog.Tests.Cli;

/// <summary>
/// Issue 14 item 4: one type per command, looked up by name in <see cref="CommandRunner.Commands"/>;
/// each command lists the flags it takes and <see cref="FlagCheck"/> alone refuses the others.
/// </summary>
public class CommandTableTests
{
    private static readonly string s_sample = Path.Combine(RepoPaths.Samples, "combined", "access.log");

    public static TheoryData<string> CommandNames() => [.. CommandRunner.Commands.Select(c => c.Name)];

    [Fact]
    public void TheTable_NamesEveryCommandOnce_AndTheGeneralHelpListsThem()
    {
        var names = CommandRunner.Commands.Select(c => c.Name).ToList();
        Assert.Equal(names.Distinct().Count(), names.Count);
        Assert.Equal(names, Flags.Commands);
        var help = HelpText.For(null);
        Assert.All(names, name => Assert.Contains($"\n  {name} ", help, StringComparison.Ordinal));
    }

    [Theory, MemberData(nameof(CommandNames))]
    public void EveryCommand_HasItsHelpAndManSection(string name)
    {
        Assert.StartsWith($"usage: fastlog {name}", HelpText.For(name), StringComparison.Ordinal);
        Assert.Contains($"\n.SS {name}\n", ManPage.Text(), StringComparison.Ordinal);
        Assert.Same(CommandRunner.Find(name), CommandRunner.Find(CliArgs.Parse([name])));
    }

    [Theory, MemberData(nameof(CommandNames))]
    public void EveryFlagACommandTakes_IsInTheFlagTable(string name)
    {
        foreach (var flag in CommandRunner.Find(name).FlagNames ?? [])
            Assert.True(Flags.Find(flag)?.Name == flag, $"{name} takes {flag}, which the flag table does not hold under that name");
    }

    public static TheoryData<string> FlagNames() => [.. Flags.All.Select(f => f.Name).Where(f => f is not ("--help" or "--version"))];

    /// <summary>
    /// Every command refuses, through the one check, exactly the flags its type does not list
    /// (with the switch a flag needs given too: --follow, analyze's --detect), naming the flag.
    /// </summary>
    [Theory, MemberData(nameof(FlagNames))]
    public void EveryFlag_IsTakenBySomeCommand_AndRefusedByTheOthers(string flag)
    {
        var takers = 0;
        foreach (var command in CommandRunner.Commands)
        {
            if (command.FlagNames is null) continue;
            var argv = new List<string> { command.Name };
            if (Flags.Find(flag)!.TakesValue) argv.AddRange([flag, "1"]);
            else argv.Add(flag);
            foreach (var needed in new[] { "--follow", "--detect" })
                if (needed != flag && command.FlagNames.Contains(needed)) argv.Add(needed);
            var args = CliArgs.Parse([.. argv]);
            var taken = command.FlagNames.Contains(flag);
            if (taken)
            {
                takers++;
                FlagCheck.Check(command, args);
            }
            else
            {
                var refused = Assert.Throws<UsageException>(() => FlagCheck.Check(command, args));
                Assert.Contains(flag, refused.Message, StringComparison.Ordinal);
            }
        }
        Assert.True(takers > 0, $"no command takes {flag}");
    }

    /// <summary>The refusals of flags that belong elsewhere, each worded as before the check was gathered in one place.</summary>
    public static TheoryData<string[], string> Refusals() => new()
    {
        { ["top", "ip", "--by", "status", s_sample], "--by is an option of count and stats" },
        { ["analyze", "--fields", "ip", s_sample], "--fields is an option of filter and convert" },
        { ["count", "--expect", "2", s_sample], "--expect is an option of merge" },
        { ["count", "--lines", "5", s_sample], "--lines is an option of generate" },
        { ["filter", "--partial", "p.flp", s_sample], "--partial is for analyze, detect, top, count, stats (and merge), not filter" },
        { ["convert", "--to", "csv", "--follow", s_sample], "--follow is for filter, detect, count, top, stats and analyze, not convert" },
        { ["count", "--interval", "2s", s_sample], "--interval is an option of --follow" },
        { ["filter", "--line-buffered", s_sample], "--line-buffered is an option of filter --follow" },
        { ["count", "--follow", "--line-buffered", s_sample], "--line-buffered is an option of filter --follow" },
        { ["analyze", "--rule-option", "W9.count=3", s_sample], "--rule-option is for detect and analyze --detect" },
        { ["count", "--fail-on-findings", s_sample], "--fail-on-findings is for detect and analyze --detect" },
        { ["convert", "--output", "csv", s_sample], "convert takes --to parquet|csv|jsonl, not --output" },
        { ["generate", "--lines", "5", "--stable"], "option '--stable' does not apply to generate" },
        { ["generate", "--samples", "out", "--seed", "3"], "option '--seed' does not apply to generate --samples" },
        { ["merge", "--by", "ip", "x.flp"], "--by is not an option of merge: the partials carry the options of their run" },
    };

    [Theory, MemberData(nameof(Refusals))]
    public void AFlagOfAnotherCommand_IsAUsageError_SayingWhereItBelongs(string[] args, string message)
    {
        var run = FastLogCli.Run(args);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"fastlog: error: {message}\nTry 'fastlog --help'.\n", run.Stderr);
        Assert.Empty(run.Stdout);
    }

    /// <summary>The runner looks the command up; it neither compares command names nor asks an aggregator its type.</summary>
    [Fact]
    public void CommandRunner_IsATableLookup_NotASwitch()
    {
        var cli = Path.Combine(RepoPaths.Root, "src", "FastLog.Aot", "Cli");
        var runner = File.ReadAllText(Path.Combine(cli, "CommandRunner.cs"));
        Assert.DoesNotMatch(new Regex(@"\bswitch\b|\bcase\b|\bis\s+\(?\s*\w*Aggregator\b|\w+Aggregator\s+\w+\s*=>"), runner);
        var app = File.ReadAllText(Path.Combine(cli, "FastLogApp.cs"));
        Assert.DoesNotMatch(new Regex(@"Command\s*==\s*"""), app);
    }

    /// <summary>Command names and output formats are spelled once, as constants.</summary>
    [Fact]
    public void CommandAndOutputNames_AreSpelledOnce()
    {
        var cli = Path.Combine(RepoPaths.Root, "src", "FastLog.Aot", "Cli");
        var words = CommandRunner.Commands.Select(c => c.Name).Concat(["table", "json", "jsonl", "csv", "html", "raw", "parquet"]);
        var pattern = new Regex($"\"({string.Join('|', words)})\"");
        foreach (var file in Directory.EnumerateFiles(cli, "*.cs"))
        {
            if (Path.GetFileName(file) == "CommandName.cs") continue;
            // --timings names its stages; "merge" there is the merge of the workers' states, not the command.
            var text = File.ReadAllText(file).Replace("Line(\"merge\", t.Merge)", "", StringComparison.Ordinal);
            var literal = pattern.Match(text);
            Assert.False(literal.Success, $"{Path.GetFileName(file)} spells {literal.Value}; use CommandName or OutputName");
        }
    }
}
