using System.Globalization;
using System.Text;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Aggregation;

/// <summary>
/// The pipeline abandons its per-worker pass when a worker's state, extrapolated to the whole
/// input, foresees a table past its budget. A forecast may be wrong; it must never change a result.
/// </summary>
public sealed class BudgetForecastTests : IDisposable
{
    private readonly TempDirectory _dir = new("budget-forecast");

    public void Dispose() => _dir.Dispose();

    /// <summary>
    /// <paramref name="newPaths"/> distinct paths in the first lines, then only repeats of them:
    /// a forecast from the first chunks sees every line bring a new path.
    /// </summary>
    private string Log(int newPaths, int lines)
    {
        var path = _dir.File("paths-then-repeats.log");
        var text = new StringBuilder();
        for (var i = 0; i < lines; i++)
        {
            var p = i < newPaths ? i : i * 7919 % newPaths;
            text.Append(CultureInfo.InvariantCulture, $"10.0.{i % 5}.{i % 3} - - [10/Oct/2023:{i / 3600 % 24:00}:{i / 60 % 60:00}:{i % 60:00} +0000] ");
            text.Append(CultureInfo.InvariantCulture, $"\"GET /item/p{p}/x HTTP/1.1\" {(i % 13 == 0 ? 404 : 200)} {i % 900} \"-\" \"agent-{i % 3}\"\n");
        }
        File.WriteAllText(path, text.ToString());
        return path;
    }

    private static CliResult Analyze(string log, int maxKeys, int threads, params string[] more)
        => FastLogCli.Run(["analyze", "--output", "json", "--stable", "--timings", "--chunk-size", "100000", "--threads", threads.ToString(CultureInfo.InvariantCulture),
            "--max-keys", maxKeys.ToString(CultureInfo.InvariantCulture), .. more, log]);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void AWrongForecast_GivesTheExactResultOfTheRunItDidNotMake(int threads)
    {
        // 3,000 distinct paths in 40,000 lines (~3.5 MB, ~35 chunks) within a budget of 4,000:
        // the first chunk of each worker is all new paths, which extrapolates far past the budget.
        var log = Log(3000, 40_000);
        var foreseen = Analyze(log, 4000, threads);
        var plain = Analyze(log, 1 << 22, threads);
        Assert.Contains(foreseen.StderrLines, l => l.Contains("first pass (discarded", StringComparison.Ordinal));
        Assert.DoesNotContain(plain.StderrLines, l => l.Contains("first pass (discarded", StringComparison.Ordinal));
        Assert.DoesNotContain("approximate results", foreseen.Stderr, StringComparison.Ordinal);
        Assert.Equal(plain.Ok(), foreseen.Ok());
        // An independent count of the table the forecast was about.
        var distinct = Shell.Run($"awk '{{print $7}}' {log} | sort -u | wc -l").Trim();
        Assert.Equal("3000", distinct);
    }

    [Fact]
    public void AForecastRun_PastTheBudget_IsTheSameForEveryThreadCount()
    {
        // Every line a new path: the merged table passes a budget of 20,000 that each worker's stays within.
        var log = Log(40_000, 40_000);
        var single = Analyze(log, 20_000, 1).Ok();
        Assert.Contains("approximate", single, StringComparison.Ordinal);
        for (var threads = 2; threads <= 4; threads++) Assert.Equal(single, Analyze(log, 20_000, threads).Ok());
    }
}
