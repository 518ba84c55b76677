using FastLog.Tests.TestSupport;

namespace FastLog.Tests.EndToEnd;

/// <summary>
/// Issue 5: a bad expression is a usage error (exit 2) that prints the expression and a caret
/// under the offending token, and says what was expected; bad --since/--until/--fields/--output
/// values of the new commands are usage errors too.
/// </summary>
public class WhereErrorTests
{
    private static readonly string s_sample = Path.Combine(RepoPaths.Samples, "combined", "access.log");

    // expression, index of the offending token's first character, caret width, words of the message
    public static TheoryData<string, int, int, string> BadExpressions() => new()
    {
        { "staus == 404", 0, 5, "unknown field 'staus'" },
        { "status ==", 9, 1, "expected a value after '=='" },
        { "status = 404", 7, 1, "use '=='" },
        { "status == 404 status == 500", 14, 6, "expected 'and', 'or'" },
        { "(status == 404", 14, 1, "expected ')'" },
        { "status == 404)", 13, 1, "unexpected ')'" },
        { "status == abc", 10, 3, "status code" },
        { "bytes > 1.5", 8, 3, "whole number" },
        { "status contains '4'", 7, 8, "applies to text fields" },
        { "status > null", 7, 1, "null can only be compared" },
        { "ts > yesterday", 5, 9, "RFC 3339" },
        { "ts > 2024-02-30", 5, 10, "RFC 3339" },
        { "request_time > fast", 15, 4, "duration" },
        { "ua contains 'bot", 12, 1, "unterminated string" },
        { "ua contains 'a\\x4'", 14, 4, "hex digits" },
        { "ip in 10.0.0.0/33", 6, 11, "not a CIDR" },
        { "ip in [1.2.3.4, 5.6.7.8", 23, 1, "expected ',' or ']'" },
        { "ua ~ '(a'", 7, 1, "invalid regular expression" },
        { "ua ~ '(a)\\1'", 5, 7, "linear-time" },
        { "ua in @/no/such/file.txt", 6, 18, "cannot read the value file" },
        { "hour == 10", 0, 4, "compare ts" },
        { "status == 200 and", 17, 1, "expected a field name" },
        { "not", 3, 1, "expected a field name" },
        { "status ! 200", 7, 1, "'!='" },
        { "ts in [1, 2]", 3, 2, "'in' applies to" },
        { "", 0, 1, "empty expression" },
        { "ua contains null", 12, 4, "absent value" },
    };

    [Theory, MemberData(nameof(BadExpressions))]
    public void BadExpression_ExitsTwo_WithCaretUnderTheToken(string expression, int column, int width, string message)
    {
        var run = FastLogCli.Run("count", s_sample, "--where", expression);
        Assert.True(run.ExitCode == 2, $"--where \"{expression}\" exited {run.ExitCode}; stderr:\n{run.Stderr}");
        Assert.Empty(run.Stdout);
        var lines = run.Stderr.Split('\n');
        Assert.True(lines.Length >= 4, run.Stderr);
        Assert.StartsWith("fastlog: error: --where: ", lines[0]);
        Assert.Contains(message, lines[0], StringComparison.Ordinal);
        Assert.Equal("  " + expression, lines[1]);
        Assert.Equal("  " + new string(' ', column) + new string('^', width), lines[2]);
        Assert.Equal("Try 'fastlog --help'.", lines[3]);
    }

    // The caret counts the expression as shown, escaped: a control character before the
    // offending token widens the line and the caret moves with it.
    [Fact]
    public void Caret_FollowsTheEscapedExpression()
    {
        var run = FastLogCli.Run("count", s_sample, "--where", "ua == '\u001b' and nope == 1");
        Assert.Equal(2, run.ExitCode);
        var lines = run.Stderr.Split('\n');
        Assert.Equal("  ua == '\\x1b' and nope == 1", lines[1]);
        Assert.Equal("  " + new string(' ', "ua == '\\x1b' and ".Length) + "^^^^", lines[2]);
        Assert.DoesNotContain('\u001b', run.Stderr);
    }

    public static TheoryData<string, string[]> BadOptions() => new()
    {
        { "--since garbage", ["count", s_sample, "--since", "last tuesday"] },
        { "--until bad date", ["count", s_sample, "--until", "2024-13-01"] },
        { "filter --output xml", ["filter", s_sample, "--output", "xml"] },
        { "filter --output table", ["filter", s_sample, "--output", "table"] },
        { "filter --fields unknown", ["filter", s_sample, "--fields", "ip,nope"] },
        { "filter --fields with raw", ["filter", s_sample, "--fields", "ip", "--output", "raw"] },
        { "--fields on count", ["count", s_sample, "--fields", "ip"] },
        { "stats without a field", ["stats"] },
        { "stats of a text field", ["stats", "path", s_sample] },
        { "stats --by unknown", ["stats", "bytes", s_sample, "--by", "nope"] },
        { "stats --output jsonl", ["stats", "bytes", s_sample, "--output", "jsonl"] },
    };

    [Theory, MemberData(nameof(BadOptions))]
    public void BadOption_ExitsTwo_WithOneErrorLine(string what, string[] args)
    {
        var run = FastLogCli.Run(args);
        Assert.True(run.ExitCode == 2, $"{what}: {run.CommandLine} exited {run.ExitCode}; stderr:\n{run.Stderr}");
        Assert.Empty(run.Stdout);
        Assert.StartsWith("fastlog: error: ", run.Stderr);
        Assert.Equal(2, run.StderrLines.Length);
    }

    [Fact]
    public void ParquetOutput_ToAPipe_IsAParquetFile()
    {
        var run = FastLogCli.Run("filter", s_sample, "--output", "parquet");
        Assert.Equal(0, run.ExitCode);
        Assert.True(run.Stdout.AsSpan().StartsWith("PAR1"u8) && run.Stdout.AsSpan().EndsWith("PAR1"u8), "magic at both ends");
    }
}
