using System.Text.Json;
using System.Text.RegularExpressions;
using FastLog.Input;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Input;

/// <summary>
/// Anything that is not a regular file with a size is read as a stream, whatever its name:
/// pipes given by path (<c>&lt;(…)</c>, a FIFO with a writer, <c>/dev/stdin</c> on a pipe) for
/// every command, <c>/proc</c> files that report size 0, and devices, capped so that
/// <c>/dev/zero</c> ends with an error instead of running forever.
/// </summary>
public sealed class NonSeekableInputTests : IDisposable
{
    private readonly TempDirectory _dir = new("nonseekable");
    private readonly string _log;

    public NonSeekableInputTests() => _log = CleanLog.Write(_dir).Path;

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string, string> PipeForms()
    {
        string[] forms = ["process-substitution", "fifo", "dev-stdin", "gzip-process-substitution"];
        string[] commands = ["count", "analyze --stable --output json", "filter", "convert --to jsonl", "detect --output jsonl", "count --by status --output csv"];
        var data = new TheoryData<string, string>();
        foreach (var form in forms)
            foreach (var command in commands) data.Add(form, command);
        return data;
    }

    [Theory, MemberData(nameof(PipeForms))]
    public void PipeGivenByPathIsReadAsAStreamByEveryCommand(string form, string command)
    {
        var log = Shell.Quote(_log);
        var fifo = _dir.File("pipe");
        var script = form switch
        {
            "process-substitution" => $"$FASTLOG {command} <(cat {log})",
            "gzip-process-substitution" => $"$FASTLOG {command} <(gzip -c {log})",
            // The writer is started first; opening the FIFO waits for it, as cat does.
            "fifo" => $"mkfifo {fifo} && (cat {log} > {fifo} &) && $FASTLOG {command} {fifo}",
            _ => $"cat {log} | $FASTLOG {command} /dev/stdin",
        };
        var piped = FastLogProcess.Run(script);
        var direct = FastLogProcess.Run($"$FASTLOG {command} {log}");

        Assert.True(piped.ExitCode == 0, $"{script} exited {piped.ExitCode}:\n{piped.Stderr}");
        Assert.Equal(0, direct.ExitCode);
        Assert.DoesNotContain("Unhandled", piped.Stderr, StringComparison.Ordinal);
        Assert.Equal(Normalize(direct.StdoutText, _log), Normalize(piped.StdoutText, fifo));
        if (command == "count")
            Assert.Equal(Shell.Run($"wc -l < {log}").Trim(), piped.StdoutText.Trim());
    }

    /// <summary>The output with the input's name (file, FIFO, /dev/fd/N, /dev/stdin) replaced by INPUT.</summary>
    private static string Normalize(string output, string path)
        => Regex.Replace(output.Replace(path, "INPUT", StringComparison.Ordinal), @"/dev/fd/[0-9]+|/dev/stdin", "INPUT");

    [Theory]
    [InlineData("/proc/cpuinfo", true)]
    [InlineData("/proc/version", true)]
    [InlineData("/proc/self/status", false)] // its values change between processes, its line count does not
    public void ProcFileThatReportsSizeZeroIsReadToItsEnd(string path, bool sameBytesEveryRead)
    {
        Assert.Equal(0, new FileInfo(path).Length);
        var result = FastLogCli.Run("analyze", "--stable", "--output", "json", path);

        Assert.Equal(0, result.ExitCode);
        var input = JsonDocument.Parse(result.Stdout).RootElement.GetProperty("overview").GetProperty("inputs")[0];
        Assert.Equal(long.Parse(Shell.Run($"wc -l < {path}").Trim()), input.GetProperty("lines").GetInt64());
        Assert.True(input.GetProperty("lines").GetInt64() > 0);
        if (sameBytesEveryRead) Assert.Equal(long.Parse(Shell.Run($"wc -c < {path}").Trim()), input.GetProperty("bytes").GetInt64());
    }

    [Fact]
    public void EmptyDeviceIsReadAsEmpty()
    {
        var result = FastLogCli.Run("count", "/dev/null");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("0\n", result.StdoutText);
    }

    [Fact]
    public void EndlessDeviceStopsWithOneErrorAtTheCap()
    {
        var result = FastLogCli.Run("count", "/dev/zero", _log);

        Assert.Equal(1, result.ExitCode);
        // The other input is still counted; /dev/zero has no line that parses.
        Assert.Equal(Shell.Run($"wc -l < {Shell.Quote(_log)}").Trim(), result.StdoutText.Trim());
        var error = Assert.Single(result.StderrLines, l => l.StartsWith("fastlog: error:", StringComparison.Ordinal));
        Assert.Equal("fastlog: error: /dev/zero: no end after 1 GiB: a device or a file that reports size 0 is read up to 1 GiB (pipe it in to read more)", error);
    }

    public static TheoryData<string, InputKind> KindsByWhatTheFileIs() => new()
    {
        { "regular", InputKind.File },
        { "empty", InputKind.Unsized },
        { "gzip-named-log", InputKind.Gzip },
        { "text-named-gz", InputKind.File },
        { "fifo-named-log", InputKind.Pipe },
        { "/proc/cpuinfo", InputKind.Unsized },
        { "/dev/null", InputKind.Unsized },
        { "/dev/zero", InputKind.Unsized },
    };

    [Theory, MemberData(nameof(KindsByWhatTheFileIs))]
    public void InputKindIsDecidedByWhatTheOpenFileIsNeverByItsName(string form, InputKind expected)
    {
        var path = form.StartsWith('/') ? form : _dir.File(form switch
        {
            "gzip-named-log" => "gzip.log",
            "text-named-gz" => "text.gz",
            "fifo-named-log" => "fifo.log",
            _ => form + ".log",
        });
        switch (form)
        {
            case "regular" or "text-named-gz":
                File.Copy(_log, path);
                break;
            case "empty":
                File.WriteAllBytes(path, []);
                break;
            case "gzip-named-log":
                Shell.Run($"gzip -c {Shell.Quote(_log)} > {Shell.Quote(path)}");
                break;
            case "fifo-named-log":
                Shell.Run($"mkfifo {Shell.Quote(path)} && (sh -c 'cat {_log} > {path}' > /dev/null 2>&1 &)");
                break;
        }
        var errors = new List<string>();
        var input = Assert.Single(InputResolver.Resolve([path], errors));

        Assert.Empty(errors);
        Assert.Equal(expected, input.Kind);
        if (expected == InputKind.Pipe)
        {
            // The pipe is held open from the listing: its bytes are all there, read once.
            using var stream = input.OpenStream();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            Assert.Equal(File.ReadAllBytes(_log), copy.ToArray());
        }
    }
}
