using FastLog.Tests.TestSupport;

namespace FastLog.Tests.EndToEnd;

/// <summary>
/// Issue 5, "What it must show" item 3: regular expressions run in linear time
/// (RegexOptions.NonBacktracking), so a pattern that backtracks exponentially elsewhere finishes
/// on a hostile field. No clock is asserted: the test finishing, with the right answer, is the
/// proof (a backtracking engine would take longer than the age of the universe here).
/// </summary>
public class WhereRegexTests
{
    [Fact]
    public void CatastrophicPattern_OnFiftyThousandAs_FinishesWithTheRightAnswer()
    {
        using var temp = new TempDirectory("redos");
        var file = temp.File("redos.log");
        var hostile = new string('a', 50_000) + "!";
        File.WriteAllText(file,
            $"1.2.3.4 - - [01/Mar/2024:10:00:00 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"{hostile}\"\n" +
            "1.2.3.5 - - [01/Mar/2024:10:00:01 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"aaaa\"\n" +
            $"1.2.3.6 - - [01/Mar/2024:10:00:02 +0000] \"GET /{hostile} HTTP/1.1\" 200 1 \"-\" \"b\"\n");
        Assert.Equal("count\n1\n", FastLogCli.Run("count", file, "--where", "ua ~ '(a+)+$'", "--output", "csv").Ok());
        Assert.Equal("count\n1\n", FastLogCli.Run("count", file, "--where", "path ~ '^/(a|aa)+$' or path ~ '(a*)*!'", "--output", "csv").Ok());
        Assert.Equal("count\n2\n", FastLogCli.Run("count", file, "--where", "ua !~ '^(a|a)+$'", "--output", "csv").Ok());
    }

    // Regular expressions see the field decoded from UTF-8 (invalid bytes as U+FFFD) and are
    // case-sensitive unless the pattern says (?i); backslashes reach the engine unchanged.
    [Fact]
    public void Patterns_SeeDecodedText_AndRawBackslashes()
    {
        using var temp = new TempDirectory("regex-text");
        var file = temp.File("a.log");
        File.WriteAllBytes(file, System.Text.Encoding.Latin1.GetBytes(
            "1.2.3.4 - - [01/Mar/2024:10:00:00 +0000] \"GET /caf\u00c3\u00a9/v2.1 HTTP/1.1\" 200 1 \"-\" \"Bot\u00ff\"\n"));
        Assert.Equal("count\n1\n", FastLogCli.Run("count", file, "--where", "path ~ '^/café/v\\d\\.\\d$'", "--output", "csv").Ok());
        Assert.Equal("count\n0\n", FastLogCli.Run("count", file, "--where", "ua ~ 'bot'", "--output", "csv").Ok());
        Assert.Equal("count\n1\n", FastLogCli.Run("count", file, "--where", "ua ~ '(?i)^bot\uFFFD$'", "--output", "csv").Ok());
    }
}
