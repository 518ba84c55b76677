using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Input;

/// <summary>
/// Inputs are opened when their first chunk runs and closed when their last one is done, so a
/// run over more files than the descriptor limit (<c>ulimit -n</c>) reads every one of them.
/// </summary>
public sealed class ManyInputsTests : IDisposable
{
    /// <summary>
    /// 300 files under a limit of 128 descriptors (the JIT-run binary itself needs about 70):
    /// before, the run opened every file first and aborted.
    /// </summary>
    private const int Files = 300;
    private const int DescriptorLimit = 128;

    private readonly TempDirectory _dir = new("many");
    private readonly string _logs;
    private readonly long _records;

    public ManyInputsTests()
    {
        var (clean, _) = CleanLog.Write(_dir);
        var lines = File.ReadAllLines(clean);
        _logs = _dir.File("logs");
        for (var i = 0; i < Files; i++)
        {
            // 1 to 20 lines each, in 10 subdirectories.
            var path = Path.Combine(_logs, $"d{i % 10}", $"f{i:D3}.log");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllLines(path, lines.Take(i % 20 + 1));
        }
        _records = long.Parse(Shell.Run($"find {_logs} -type f -exec cat {{}} + | wc -l").Trim());
    }

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("count", "")]
    [InlineData("count", "--io mmap")]
    [InlineData("count", "--chunk-size 300 --threads 2")] // several chunks per file: closed after the last
    [InlineData("count", "--chunk-size 300 --threads 2 --io mmap")]
    [InlineData("filter", "")]
    [InlineData("convert --to jsonl", "")]
    [InlineData("analyze --stable --output json", "")]
    public void MoreFilesThanTheDescriptorLimitAreAllRead(string command, string options)
    {
        var run = FastLogProcess.Run($"ulimit -n {DescriptorLimit} && $FASTLOG {command} {options} {_logs}");

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}:\n{run.Stderr}");
        Assert.Equal("", run.Stderr);
        var records = command switch
        {
            "count" => long.Parse(run.StdoutText.Trim()),
            "analyze --stable --output json" => System.Text.Json.JsonDocument.Parse(run.Stdout).RootElement.GetProperty("overview").GetProperty("records").GetInt64(),
            _ => run.StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries).LongLength,
        };
        Assert.Equal(_records, records);
    }
}
