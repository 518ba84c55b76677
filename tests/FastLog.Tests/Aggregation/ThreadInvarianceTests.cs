using FastLog.Tests.TestSupport;
using Xunit;

namespace FastLog.Tests.Aggregation;

/// <summary>
/// Issue 12.16: past the key budget the results are approximate, but they must still be the same
/// for every thread count: chunk boundaries do not depend on it, and the per-chunk states are
/// merged in chunk order. (The chunk size may change an approximate result; threads may not.)
/// </summary>
public sealed class ThreadInvarianceTests(ManyClientsLog log) : IClassFixture<ManyClientsLog>
{
    public static TheoryData<string, string[], string> Forms()
    {
        var forms = new TheoryData<string, string[], string>();
        foreach (var chunk in new[] { "150000", "700000" })
        {
            forms.Add("analyze", ["analyze", "--output", "json", "--stable"], chunk);
            forms.Add("analyze --detect", ["analyze", "--detect", "--output", "table", "--stable"], chunk);
            forms.Add("top", ["top", "ip", "--output", "json"], chunk);
            forms.Add("count --by", ["count", "--by", "ip,status", "--output", "csv"], chunk);
            forms.Add("stats --by", ["stats", "bytes", "--by", "ip", "--output", "json"], chunk);
            forms.Add("detect", ["detect", "--output", "jsonl"], chunk);
        }
        return forms;
    }

    [Theory, MemberData(nameof(Forms))]
    public void PastTheBudget_OutputIsTheSameForEveryThreadCount(string form, string[] args, string chunkBytes)
    {
        string Run(int threads)
            => FastLogCli.Run([.. args, "--max-keys", "500", "--threads", threads.ToString(), "--chunk-size", chunkBytes, log.Path]).Ok();
        var single = Run(1);
        Assert.Contains("approximate", single);
        for (var threads = 2; threads <= 4; threads++)
        {
            var output = Run(threads);
            Assert.True(single == output, $"{form}, --chunk-size {chunkBytes}: --threads {threads} differs from --threads 1:\n{FirstDifference(single, output)}");
        }
    }

    /// <summary>Standard input cannot be read twice, so with it the run is per chunk from the start: the same invariance.</summary>
    [Theory]
    [InlineData("analyze", "--output", "json", "--stable")]
    [InlineData("count", "--by", "ip,status", "--output", "csv")]
    public void PastTheBudget_WithStandardInputAmongTheInputs_OutputIsTheSameForEveryThreadCount(params string[] args)
    {
        var stdin = File.ReadAllBytes(log.Path);
        string Run(int threads)
            => FastLogCli.RunWithStdin(stdin, [.. args, "--max-keys", "500", "--threads", threads.ToString(), "--chunk-size", "300000", log.Path, "-"]).Ok();
        var single = Run(1);
        Assert.Contains("approximate", single);
        for (var threads = 2; threads <= 4; threads++)
        {
            var output = Run(threads);
            Assert.True(single == output, $"{args[0]} with stdin: --threads {threads} differs from --threads 1:\n{FirstDifference(single, output)}");
        }
    }

    private static string FirstDifference(string expected, string actual)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
            if (a[i] != b[i]) return $"line {i + 1}:\n  1 thread: {a[i]}\n  N threads: {b[i]}";
        return $"lengths {a.Length} and {b.Length} lines";
    }
}
