using FastLog.Cli;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Shipping;

/// <summary>
/// Issue 20 item 3: <c>fastlog completion bash|zsh|fish</c> prints a script that the shell
/// accepts (<c>bash -n</c>, <c>zsh -n</c>, <c>fish -n</c>) and that completes commands, options,
/// field names (top, stats, --by, --fields, after a comma too) and format names (--format).
/// bash and fish are asked for real completions; zsh runs its function with compadd recorded.
/// The expected sets come from --help and 'fastlog formats' through awk, not from the tables.
/// </summary>
public class CompletionTests
{
    private static readonly Lazy<string[]> s_commands = new(() => Lines(Shell.Run(
        $"{Quoted} --help | awk '/^commands:/ {{on=1; next}} /^$/ {{on=0}} on {{print $1}}' | sort")));
    private static readonly Lazy<string[]> s_fields = new(() => Lines(Shell.Run(
        $"{Quoted} --help | sed -n 's/^FIELD: //p' | tr ',' '\\n' | tr -d ' ' | sort")));
    private static readonly Lazy<string[]> s_formats = new(() => Lines(Shell.Run(
        $"{Quoted} formats | awk '/^[a-z0-9]+ / {{print $1}}' | sort")));
    private static readonly Lazy<string[]> s_options = new(() => Lines(Shell.Run(
        $"{Quoted} --help | awk '/^options:/ {{on=1; next}} /^$/ {{on=0}} on' | cut -c3-26 | grep -oE -- '-[-a-zA-Z]+' | sort")));

    private static string Quoted => Shell.Quote(FastLogProcess.Executable);

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static string[] Sorted(IEnumerable<string> items) => [.. items.Order(StringComparer.Ordinal)];

    private static string Script(string shell, TempDirectory dir)
    {
        var path = dir.File("fastlog." + shell);
        File.WriteAllBytes(path, FastLogCli.Run("completion", shell).Stdout);
        return path;
    }

    [Theory]
    [InlineData("bash", "bash -n")]
    [InlineData("zsh", "zsh -n")]
    [InlineData("fish", "fish --no-execute")]
    public void Script_PassesTheShellsSyntaxCheck(string shell, string check)
    {
        using var dir = new TempDirectory("completion-syntax");
        var script = Script(shell, dir);
        Assert.True(Shell.Execute("/bin/sh", $"command -v {shell}", dir.Path, null, TimeSpan.FromMinutes(1)).ExitCode == 0,
            $"{shell} is not installed (.ci/run installs it)");
        Shell.Run($"{check} {script}");
    }

    /// <summary>Words typed (the last one is being completed), and what must be offered.</summary>
    public static TheoryData<string, string> Contexts() => new()
    {
        { "fastlog |", "commands+files" },
        { "fastlog --stable |", "commands+files" },
        { "fastlog --threads 2 |", "commands+files" },
        { "fastlog |a", "commands+files" },
        { "fastlog |-", "options" },
        { "fastlog count |--", "options" },
        { "fastlog top |", "fields" },
        { "fastlog stats |", "fields" },
        { "fastlog --output csv top |", "fields" },
        { "fastlog count --by |", "fields" },
        { "fastlog filter --fields |", "fields" },
        { "fastlog --format |", "formats" },
        { "fastlog count --format |", "formats" },
        { "fastlog top ip |", "files" },
        { "fastlog count |", "files" },
        { "fastlog count -o |", "files" },
        { "fastlog count --threads |", "nothing" },
        { "fastlog count --where |", "nothing" },
        { "fastlog completion |", "shells" },
    };

    private string[] Expected(string kind) => kind switch
    {
        "commands+files" => [.. s_commands.Value, LogFile],
        "files" => [LogFile],
        "options" => s_options.Value,
        "fields" => s_fields.Value,
        "formats" => s_formats.Value,
        "shells" => ["bash", "fish", "zsh"],
        _ => [],
    };

    private static (string[] Words, string Current) Split(string typed)
    {
        var at = typed.IndexOf('|');
        return (typed[..at].Split(' ', StringSplitOptions.RemoveEmptyEntries), typed[(at + 1)..]);
    }

    /// <summary>The one file in the directory where completions run: offered wherever inputs or paths are.</summary>
    private const string LogFile = "access.log";

    /// <summary>Runs <paramref name="driver"/> (lines of <paramref name="shell"/>) in a directory holding only <see cref="LogFile"/>.</summary>
    private static string[] Drive(string shell, string driver)
    {
        using var dir = new TempDirectory("completion-" + shell);
        var script = Script(shell, dir);
        File.WriteAllText(dir.File("driver"), driver.Replace("SCRIPT", script, StringComparison.Ordinal));
        var work = Directory.CreateDirectory(dir.File("work")).FullName;
        File.WriteAllText(Path.Combine(work, LogFile), "");
        var flags = shell switch { "fish" => "--no-config", "zsh" => "-f", _ => "--norc" };
        return Lines(Shell.Run($"cd {work} && {shell} {flags} ../driver"));
    }

    private static string[] BashOffers(string[] words, string current) => Drive("bash",
        $"source SCRIPT\nCOMP_WORDS=({string.Join(' ', words.Append(current).Select(Shell.Quote))})\nCOMP_CWORD={words.Length}\n_fastlog\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"\n");

    // fish matches anywhere in a word (and fuzzily); the script's candidates are those with the
    // typed prefix. An option with an optional value is offered twice, as --name and --name=.
    private static string[] FishOffers(string[] words, string current) => [.. Drive("fish",
        $"source SCRIPT\ncomplete -C {Shell.Quote(string.Join(' ', words) + " " + current)} | cut -f1\n")
        .Select(o => o.TrimEnd('=')).Distinct().Where(o => o.StartsWith(current, StringComparison.Ordinal))];

    // compadd records what it is given (zsh's own matcher filters by the typed prefix); _files stands for file names.
    private static string[] ZshOffers(string[] words, string current) => [.. Drive("zsh",
        "compadd() { local a; while (( $# )); do case $1 in -a) shift; for a in ${(P)1}; print -r -- $a;; -S) shift;; -*) ;; *) print -r -- $1;; esac; shift; done }\n"
        + $"_files() {{ print -r -- {LogFile}; }}\n" + "compset() { return 1; }\ncompdef() { :; }\nsource SCRIPT\n"
        + $"words=({string.Join(' ', words.Append(current).Select(Shell.Quote))})\nCURRENT={words.Length + 1}\n_fastlog || true\n")
        .Where(o => o.StartsWith(current, StringComparison.Ordinal))];

    [Theory, MemberData(nameof(Contexts))]
    public void Bash_Completes(string typed, string kind)
    {
        var (words, current) = Split(typed);
        Assert.Equal(Sorted(Expected(kind).Where(e => e.StartsWith(current, StringComparison.Ordinal))), Sorted(BashOffers(words, current)));
    }

    [Theory, MemberData(nameof(Contexts))]
    public void Fish_Completes(string typed, string kind)
    {
        var (words, current) = Split(typed);
        Assert.Equal(Sorted(Expected(kind).Where(e => e.StartsWith(current, StringComparison.Ordinal))), Sorted(FishOffers(words, current)));
    }

    [Theory, MemberData(nameof(Contexts))]
    public void Zsh_Completes(string typed, string kind)
    {
        var (words, current) = Split(typed);
        Assert.Equal(Sorted(Expected(kind).Where(e => e.StartsWith(current, StringComparison.Ordinal))), Sorted(ZshOffers(words, current)));
    }

    [Theory]
    [InlineData("count --by status,me", "status,method")]
    [InlineData("filter --fields ts,ip,st", "ts,ip,status")]
    public void FieldList_CompletesAfterTheLastComma(string typed, string expected)
    {
        var words = ("fastlog " + typed).Split(' ');
        Assert.Equal([expected], BashOffers(words[..^1], words[^1]));
        Assert.Contains(expected, FishOffers(words[..^1], words[^1]));
    }

    [Theory]
    [InlineData()]
    [InlineData("powershell")]
    [InlineData("bash", "zsh")]
    public void WithoutOneKnownShell_IsAUsageError(params string[] shells)
    {
        var run = FastLogCli.Run(["completion", .. shells]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("completion needs one shell: bash, zsh, fish", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public void EveryFlagOfTheTable_IsCompleted()
        => Assert.Equal(Sorted(Flags.All.SelectMany(f => f.Alias is null ? [f.Name] : new[] { f.Name, f.Alias })), Sorted(s_options.Value));
}
