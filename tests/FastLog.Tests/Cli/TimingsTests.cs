using System.Globalization;
using System.Text.RegularExpressions;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Cli;

/// <summary>
/// <c>--timings</c>: every command that reads logs prints its stages to stderr, one line each, in
/// order, and the stages (which follow one another) add up to no more than the wall time.
/// </summary>
public class TimingsTests
{
    private const string Sample = "data/samples/combined/access.log";

    private static readonly Regex s_line = new(@"^fastlog: timings: +(\S.*?)\s+(\d+\.\d) ms$", RegexOptions.CultureInvariant);

    [Theory]
    [InlineData("analyze")]
    [InlineData("analyze", "--detect", "--output", "html")]
    [InlineData("top", "path")]
    [InlineData("count")]
    [InlineData("stats", "--by", "status", "bytes")]
    [InlineData("detect")]
    [InlineData("filter", "--where", "status >= 400")]
    [InlineData("convert", "--to", "csv")]
    public void Timings_ListTheStagesInOrderWithinTheWallTime(params string[] command)
    {
        using var temp = new TempDirectory("timings");
        var args = command.Concat(["--threads", "2", "--chunk-size", "16384", "--timings", "-o", temp.File("out"), Path.Combine(RepoPaths.Root, Sample)]).ToArray();
        var run = FastLogCli.Run(args);
        run.Ok();
        var stages = run.StderrLines.Select(l => s_line.Match(l)).ToArray();
        Assert.All(stages, m => Assert.True(m.Success, $"not a timings line in: {run.Stderr}"));
        var names = stages.Select(m => m.Groups[1].Value).ToArray();
        var ms = stages.Select(m => double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)).ToArray();
        // Two threads took the 6 chunks of the 87 kB sample between them.
        Assert.Equal(["plan", "parse+aggregate", "thread 1", "thread 2", "merge", "report", "total (wall)"],
            names.Select(n => Regex.Replace(n, @" \(\d+ units?\)$", "")));
        var units = names.Where(n => n.StartsWith("thread ", StringComparison.Ordinal))
            .Sum(n => int.Parse(Regex.Match(n, @"\((\d+) unit").Groups[1].Value, CultureInfo.InvariantCulture));
        Assert.Equal(Chunks(), units);
        var (plan, parse, thread1, thread2, merge, report, total) = (ms[0], ms[1], ms[2], ms[3], ms[4], ms[5], ms[6]);
        // Each figure is rounded to 0.1 ms, so sums may gain up to 0.05 ms per term.
        Assert.True(plan + parse + merge + report <= total + 0.2, run.Stderr);
        Assert.True(thread1 <= parse + 0.1 && thread2 <= parse + 0.1, run.Stderr);
    }

    [Fact]
    public void WithoutTheFlag_NothingIsPrinted()
    {
        var run = FastLogCli.Run("analyze", Path.Combine(RepoPaths.Root, Sample));
        run.Ok();
        Assert.Equal("", run.Stderr);
    }

    // The chunks the sample is cut into at 16 kB: an independent count of the cuts (a cut is the
    // first line end at or past every 16 kB step from the previous cut).
    private static int Chunks()
    {
        var bytes = File.ReadAllBytes(Path.Combine(RepoPaths.Root, Sample));
        int chunks = 0, start = 0;
        while (start < bytes.Length)
        {
            var tentative = start + 16384;
            var end = tentative >= bytes.Length ? bytes.Length : Array.IndexOf(bytes, (byte)'\n', tentative - 1) + 1;
            if (end == 0) end = bytes.Length;
            chunks++;
            start = end;
        }
        return chunks;
    }
}
