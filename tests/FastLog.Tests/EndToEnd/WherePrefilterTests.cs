using FastLog.Query;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.EndToEnd;

/// <summary>
/// Issue 5: literal-only tests let lines be skipped unparsed (LiteralPrefilterParser). The
/// answer must not change: each expression is run as is (prefiltered) and wrapped in an
/// <c>or</c> that can never be true (no required literal, so every line is parsed), over the
/// 2 %-damaged log, for several thread counts and chunk sizes.
/// </summary>
[Collection(WhereLogCollection.Name)]
public class WherePrefilterTests(WhereLogFixture logs)
{
    public static TheoryData<string, string?> RequiredLiterals() => new()
    {
        { "ua contains 'sqlmap'", "sqlmap" },
        { "status == 404", "\" 404 " },
        { "status == 404 and path startswith '/api/'", "/api/" },
        { "status == 404 and ua contains 'bot'", "\" 404 " },
        { "method == POST and not ua contains 'x'", "POST" },
        { "(path endswith '.php')", ".php" },
        { "ua icontains 'bot'", null },
        { "status == 4xx", null },
        { "ua contains 'bot' or status == 404", null },
        { "not ua contains 'bot'", null },
        { "ua != 'curl'", null },
        { "ua contains '\\n'", null },
    };

    [Theory, MemberData(nameof(RequiredLiterals))]
    public void RequiredLiteral_ComesFromTheTopLevelConjunction(string expression, string? literal)
    {
        var required = RecordFilter.Compile(expression, 0).RequiredLiteral;
        Assert.Equal(literal, required is null ? null : System.Text.Encoding.UTF8.GetString(required));
    }

    public static TheoryData<string> Expressions() => new()
    {
        "status == 404",
        "path startswith '/api/' and status >= 400",
        "ua contains 'curl' and bytes > 100",
        "method == DELETE",
        "query contains 'page=2'",
        "ip == 207.21.119.89",
    };

    [Theory, MemberData(nameof(Expressions))]
    public void SkippingLines_DoesNotChangeTheAnswer(string expression)
    {
        var parsedEverywhere = $"({expression}) or status == 0";
        var expected = FastLogCli.Run("filter", logs.Dirty, "--where", parsedEverywhere, "--threads", "1").Stdout;
        Assert.NotEmpty(expected);
        var expectedCount = expected.Count(b => b == (byte)'\n');
        foreach (var (threads, chunk) in new[] { ("1", "200000000"), ("2", "65536"), ("3", "1000000") })
        {
            var filtered = FastLogCli.Run("filter", logs.Dirty, "--where", expression, "--threads", threads, "--chunk-size", chunk);
            Assert.True(expected.AsSpan().SequenceEqual(filtered.Stdout), $"filter --where \"{expression}\" --threads {threads} --chunk-size {chunk} differs from the fully parsed run");
            Assert.Equal($"count\n{expectedCount}\n", FastLogCli.Run("count", logs.Dirty, "--where", expression, "--threads", threads, "--chunk-size", chunk, "--output", "csv").Ok());
        }
        var top = FastLogCli.Run("top", "path", logs.Dirty, "--where", expression, "--output", "csv", "-n", "5").Ok();
        Assert.Equal(FastLogCli.Run("top", "path", logs.Dirty, "--where", parsedEverywhere, "--output", "csv", "-n", "5").Ok(), top);
    }
}
