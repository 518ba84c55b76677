using System.Diagnostics;
using System.Text;
using FastLog.Aggregation.Classification;

namespace FastLog.Tests.Aggregation;

/// <summary>
/// User agent classification: the classes of known agents, and work bounded by
/// <see cref="UserAgentClassifier.MaxInspectedBytes"/> whatever the agent's length (issue 11.15).
/// </summary>
public class UserAgentClassifierTests
{
    private static UserAgentKind Classify(string agent) => UserAgentClassifier.Classify(Encoding.UTF8.GetBytes(agent));

    [Theory]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0", "browser", "Edge", "Windows")]
    [InlineData("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15", "browser", "Safari", "macOS")]
    [InlineData("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36", "browser", "Chrome", "Android")]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/120.0 Mobile/15E148 Safari/604.1", "browser", "Chrome", "iOS")]
    [InlineData("Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0", "browser", "Firefox", "Linux")]
    [InlineData("Opera/9.80 (Windows NT 6.1) Presto/2.12.388 Version/12.18", "browser", "Opera", "Windows")]
    [InlineData("Mozilla/5.0 (compatible; MSIE 10.0; Windows NT 6.1; Trident/6.0)", "browser", "Internet Explorer", "Windows")]
    [InlineData("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "crawler", "Other", "Other")]
    [InlineData("Mozilla/5.0 (compatible; SemrushBot/7~bl)", "crawler", "Other", "Other")]
    [InlineData("sqlmap/1.7.2#stable (https://sqlmap.org)", "scanner", "Other", "Other")]
    [InlineData("Mozilla/5.00 (Nikto/2.1.6) (Evasions:None) (Test:000003)", "scanner", "Other", "Other")]
    [InlineData("curl/8.4.0", "bot", "Other", "Other")]
    [InlineData("PYTHON-REQUESTS/2.31", "bot", "Other", "Other")]
    [InlineData("Wget/1.21", "bot", "Other", "Other")]
    [InlineData("Mozilla/5.0 (compatible; MyCrawler)", "bot", "Other", "Other")]
    [InlineData("Mozilla", "other", "Other", "Other")]
    [InlineData("", "other", "Other", "Other")]
    [InlineData("caf\u00e9 \u2060Mozilla/5.0", "other", "Other", "Other")]
    public void KnownAgents_AreClassified(string agent, string cls, string browser, string os)
        => Assert.Equal(new UserAgentKind(cls, browser, os), Classify(agent));

    // Latin-1 widening must not make a non-ASCII letter match an ASCII token: 'ſ' (U+017F)
    // and 'K' (Kelvin, U+212A) fold to ASCII under OrdinalIgnoreCase in UTF-16, not as bytes.
    [Theory]
    [InlineData("Mozilla/5.0 \u017Fqlmap", "browser")]
    [InlineData("Mozilla/5.0 ni\u212Ato", "browser")]
    [InlineData("Mozilla/5.0 \u00DFqlmap", "browser")]
    public void NonAsciiLookalikes_DoNotMatchTokens(string agent, string cls) => Assert.Equal(cls, Classify(agent).Class);

    // A token that ends at the last inspected byte counts; one that crosses the cap does not.
    [Fact]
    public void OnlyTheFirstInspectedBytes_AreLookedAt()
    {
        const string prefix = "Mozilla/5.0 (";
        var token = "sqlmap";
        var inside = prefix + new string('x', UserAgentClassifier.MaxInspectedBytes - prefix.Length - token.Length) + token;
        Assert.Equal(UserAgentClassifier.MaxInspectedBytes, inside.Length);
        Assert.Equal("scanner", Classify(inside).Class);
        var crossing = prefix + new string('x', UserAgentClassifier.MaxInspectedBytes - prefix.Length - token.Length + 1) + token;
        Assert.Equal("browser", Classify(crossing).Class);
        Assert.Equal("browser", Classify(prefix + new string('x', 65536) + token + " Googlebot curl/").Class);
    }

    // Whatever follows the inspected bytes, the verdict is that of the inspected bytes.
    [Fact]
    public void LongAgents_ClassifyAsTheirInspectedPrefix()
    {
        var random = new Random(11);
        string[] words = ["Mozilla/5.0", "(compatible;", "Chrome/1", "Safari/2", "bot", "Windows", "Android", "sqlmap", "curl/", "x", "é", "\u2060"];
        for (var i = 0; i < 500; i++)
        {
            var sb = new StringBuilder(i % 2 == 0 ? "Mozilla/5.0 " : "");
            while (sb.Length < 3000) sb.Append(words[random.Next(words.Length)]).Append(' ');
            var bytes = Encoding.UTF8.GetBytes(sb.ToString());
            Assert.Equal(UserAgentClassifier.Classify(bytes.AsSpan(0, UserAgentClassifier.MaxInspectedBytes)), UserAgentClassifier.Classify(bytes));
        }
    }

    // The input: 300 distinct 64 KiB agents cost ~6 s before (a scalar case-insensitive
    // search of the whole agent per token); bounded, they take milliseconds. 1 s leaves a wide
    // margin for a loaded machine.
    [Fact]
    public void ManyDistinctLongAgents_ClassifyInBoundedTime()
    {
        var agents = new byte[300][];
        var body = string.Concat(Enumerable.Repeat("Mozilla/5.0 (compatible; Xxxxxxxxx/2.1) ", 1640));
        for (var i = 0; i < agents.Length; i++) agents[i] = Encoding.UTF8.GetBytes(body[..(65536 - 8)] + i.ToString("D8"));
        UserAgentClassifier.Classify(agents[0]);
        var watch = Stopwatch.StartNew();
        var browsers = 0;
        foreach (var agent in agents)
            if (UserAgentClassifier.Classify(agent).Class == "browser") browsers++;
        watch.Stop();
        Assert.Equal(agents.Length, browsers);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"300 agents of 64 KiB took {watch.Elapsed.TotalMilliseconds:F0} ms");
    }
}
