using System.Diagnostics;
using System.Text;
using FastLog.Query;
using FastLog.Query.Syntax;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Query;

/// <summary>
/// Deep and long expressions: nesting of '(' and 'not' is limited to
/// <see cref="ExpressionCompiler.MaxDepth"/> levels (a usage error past it, never a stack
/// overflow), and long 'and'/'or' chains of any length compile and evaluate without recursing
/// per operand or allocating per node.
/// </summary>
public class ExpressionDepthTests
{
    // (prefix, suffix, levels one prefix opens): every recursive construct of the grammar.
    public static TheoryData<string, string, int> Nestings() => new()
    {
        { "(", ")", 1 },
        { "not ", "", 1 },
        { "(not ", ")", 2 },
        { "not (", ")", 2 },
    };

    [Theory, MemberData(nameof(Nestings))]
    public void NestingUpToTheLimit_Evaluates(string prefix, string suffix, int levels)
    {
        var units = ExpressionCompiler.MaxDepth / levels;
        var negations = prefix.Contains("not", StringComparison.Ordinal) ? units : 0;
        // status == 401 is line 1; an odd number of 'not's selects the other four.
        int[] expected = negations % 2 == 0 ? [1] : [0, 2, 3, 4];
        Assert.Equal(expected, ExpressionCompilerTests.Select(Nest(prefix, suffix, units)));
    }

    [Theory, MemberData(nameof(Nestings))]
    public void NestingPastTheLimit_IsRefusedAtTheFirstLevelTooDeep(string prefix, string suffix, int levels)
    {
        foreach (var units in new[] { ExpressionCompiler.MaxDepth / levels + 1, 40_000 })
        {
            var expression = Nest(prefix, suffix, units);
            var e = Assert.Throws<ExpressionException>(() => RecordFilter.Compile(expression, 0));
            Assert.Equal($"expression nested too deeply: more than {ExpressionCompiler.MaxDepth} levels of '(' and 'not'", e.Message);
            // The caret is on the token that opens level MaxDepth + 1.
            var tokens = ExpressionLexer.Tokenize(expression);
            var opening = tokens.Where(t => t.Is("not") || t.Kind == TokenKind.OpenParen).ElementAt(ExpressionCompiler.MaxDepth);
            Assert.Equal(opening.Start, e.Start);
        }
    }

    // 100,000 operands in one chain: built and evaluated in loops; every 'not' shares one scratch buffer.
    [Theory]
    [InlineData("or")]
    [InlineData("and")]
    public void ChainsOf100kTests_CompileAndEvaluate(string connective)
    {
        const int Terms = 100_000;
        var builder = new StringBuilder();
        for (var i = 0; i < Terms; i++)
        {
            if (i > 0) builder.Append(' ').Append(connective).Append(' ');
            // 'or': one of them is status 401 (line 1); 'and': none of them excludes anything but 401.
            var status = i == Terms / 2 ? 401 : 1000 + i;
            builder.Append(connective == "or" ? $"status == {status}" : $"not status == {status}");
        }
        var before = GC.GetAllocatedBytesForCurrentThread();
        var selected = ExpressionCompilerTests.Select(builder.ToString());
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(connective == "or" ? [1] : new[] { 0, 2, 3, 4 }, selected);
        // A scratch buffer per 'not' (16 KiB for a 4,096-record batch) would be 1.6 GB here.
        Assert.True(allocated < 400L << 20, $"allocated {allocated:N0} bytes for {Terms:N0} tests");
    }

    [Fact]
    public void TooDeepWhere_IsAUsageError()
    {
        using var dir = new TempDirectory("depth");
        var log = dir.File("a.log");
        File.WriteAllText(log, "10.1.2.3 - - [01/Mar/2024:10:00:00 +0000] \"GET / HTTP/1.1\" 401 5 \"-\" \"x\"\n");
        var run = FastLogCli.Run("count", log, "--where", Nest("(", ")", 1_000));
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("fastlog: error: --where: expression nested too deeply: more than 256 levels", run.Stderr, StringComparison.Ordinal);
        // The caret detail shows a window around the 257th '(', not 2,000 characters.
        var lines = run.StderrLines;
        Assert.Equal("  ..." + new string('(', 121) + "...", lines[1]);
        Assert.Equal(new string(' ', 2 + 3 + 60) + "^", lines[2]);
    }

    [Fact]
    public void TooDeepRuleCondition_NamesTheRule()
    {
        using var dir = new TempDirectory("depth");
        var log = dir.File("a.log");
        var rules = dir.File("rules.json");
        File.WriteAllText(log, "10.1.2.3 - - [01/Mar/2024:10:00:00 +0000] \"GET / HTTP/1.1\" 401 5 \"-\" \"x\"\n");
        File.WriteAllText(rules, $$"""[ { "id": "DEEP", "name": "n", "severity": "low", "where": "{{Nest("not ", "", 300)}}" } ]""");
        var run = FastLogCli.Run("detect", log, "--rules", rules);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("rule 'DEEP': where: expression nested too deeply", run.StderrLines[0], StringComparison.Ordinal);
    }

    // The real binary, on its real stack: 40,000 levels was a SIGSEGV (30,000 'not's: one argument holds at most 128 KiB).
    [Theory]
    [InlineData("(", ")", 40_000)]
    [InlineData("not ", "", 30_000)]
    public async Task TensOfThousandsOfLevels_ExitWithAUsageErrorInTheProcess(string prefix, string suffix, int units)
    {
        using var dir = new TempDirectory("depth");
        var log = dir.File("a.log");
        File.WriteAllText(log, "10.1.2.3 - - [01/Mar/2024:10:00:00 +0000] \"GET / HTTP/1.1\" 401 5 \"-\" \"x\"\n");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "fastlog.dll"), "count", log, "--where", Nest(prefix, suffix, units) })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2)); // a guard against a hang, not a timing assertion
        await process.WaitForExitAsync(timeout.Token);
        Assert.Equal(2, process.ExitCode);
        Assert.StartsWith("fastlog: error: --where: expression nested too deeply", await stderr, StringComparison.Ordinal);
        Assert.Equal("", await stdout);
    }

    private static string Nest(string prefix, string suffix, int units)
        => string.Concat(Enumerable.Repeat(prefix, units)) + "status == 401" + string.Concat(Enumerable.Repeat(suffix, units));
}
