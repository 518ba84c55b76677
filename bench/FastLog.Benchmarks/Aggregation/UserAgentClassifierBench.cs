using System.Text;
using BenchmarkDotNet.Attributes;
using FastLog.Aggregation.Classification;
using FastLog.Benchmarks.Data;

namespace FastLog.Benchmarks.Aggregation;

/// <summary>
/// <see cref="UserAgentClassifier.Classify"/> per distinct agent, as the report does after the
/// merge, against the previous agent-class test (kept here as the reference: the agent decoded
/// to a string, then <c>string.Contains(token, OrdinalIgnoreCase)</c> per token over all of it;
/// its browser and system tests, ordinal searches of the same tokens, are left out, so the
/// baseline does less work than the classifier did).
/// </summary>
/// <remarks>
/// <para>Agents:</para>
/// <list type="bullet">
/// <item><c>Real</c>: the generator's distinct agents (<see cref="GeneratedLog.UserAgentPool"/>,
/// browsers, crawlers and tools, 20–150 bytes), repeated to <see cref="AgentCount"/>.</item>
/// <item><c>Long</c>: <see cref="AgentCount"/> distinct 64 KiB agents of browser-like tokens
/// (<c>Mozilla/5.0 (compatible; Xxxxxxxxx/2.1) </c> repeated, a distinct number at the end): the
/// shape of issue 11.15, which took ~11–20 ms per agent in <c>analyze</c>.</item>
/// </list>
/// <para>
/// The benchmark process runs with invariant globalization (Directory.Build.props), as the
/// published binary does: that is where the case-insensitive string search is a scalar loop.
/// ns/line here means nanoseconds per agent.
/// </para>
/// </remarks>
[MemoryDiagnoser]
public class UserAgentClassifierBench
{
    private const int AgentCount = 300;

    /// <summary>Agents per operation (used by the ns/line column: ns per agent).</summary>
    public static long LinesPerOperation => AgentCount;

    /// <summary>Which agents are classified.</summary>
    public enum AgentKind
    {
        /// <summary>Ordinary agents from the generator.</summary>
        Real,
        /// <summary>Distinct 64 KiB agents.</summary>
        Long,
    }

    /// <summary>The agents.</summary>
    [Params(AgentKind.Real, AgentKind.Long)]
    public AgentKind Agents { get; set; }

    private byte[][] _agents = [];

    /// <summary>Builds the agents and checks both classifiers agree on them.</summary>
    [GlobalSetup]
    public void Setup()
    {
        if (Agents == AgentKind.Real)
        {
            var pool = GeneratedLog.UserAgentPool();
            _agents = Enumerable.Range(0, AgentCount).Select(i => Encoding.UTF8.GetBytes(pool[i % pool.Length])).ToArray();
        }
        else
        {
            var body = string.Concat(Enumerable.Repeat("Mozilla/5.0 (compatible; Xxxxxxxxx/2.1) ", 1640))[..(65536 - 8)];
            _agents = Enumerable.Range(0, AgentCount).Select(i => Encoding.UTF8.GetBytes(body + i.ToString("D8"))).ToArray();
        }
        foreach (var agent in _agents)
        {
            var text = Encoding.UTF8.GetString(agent);
            if (UserAgentClassifier.Classify(agent).Class != PreviousClassifier.Class(text))
                throw new InvalidOperationException($"the classifiers disagree on {text[..Math.Min(text.Length, 200)]}");
        }
    }

    /// <summary>The previous class test: decode, then a case-insensitive string search per token.</summary>
    [Benchmark(Baseline = true)]
    public int Previous()
    {
        var browsers = 0;
        foreach (var agent in _agents)
        {
            var text = Encoding.UTF8.GetString(agent);
            if (PreviousClassifier.Class(text) == "browser") browsers++;
        }
        return browsers;
    }

    /// <summary>The classifier: the first 1 KiB, widened on the stack, one SearchValues per group.</summary>
    [Benchmark]
    public int Bounded()
    {
        var browsers = 0;
        foreach (var agent in _agents)
            if (UserAgentClassifier.Classify(agent).Class == "browser") browsers++;
        return browsers;
    }

    /// <summary>The class test before issue 11.15, unchanged (the reference of this benchmark only).</summary>
    private static class PreviousClassifier
    {
        private static readonly string[] s_scanners =
        [
            "sqlmap", "nikto", "nmap", "masscan", "zgrab", "nuclei", "dirbuster", "gobuster", "wpscan", "acunetix",
            "nessus", "openvas", "w3af", "havij", "ffuf", "feroxbuster", "wfuzz", "netsparker", "jaeles", "zmeu",
        ];
        private static readonly string[] s_crawlers =
        [
            "googlebot", "bingbot", "baiduspider", "yandexbot", "duckduckbot", "slurp", "ahrefsbot", "semrushbot",
            "facebookexternalhit", "applebot", "petalbot", "mj12bot", "dotbot", "seznambot", "twitterbot", "linkedinbot",
        ];
        private static readonly string[] s_bots =
        [
            "bot", "spider", "crawl", "curl/", "wget/", "python-requests", "python-urllib", "go-http-client", "java/",
            "libwww", "httpclient", "okhttp", "scrapy", "axios/", "node-fetch", "php/", "ruby", "perl",
        ];

        public static string Class(string ua)
        {
            if (ContainsAny(ua, s_scanners)) return "scanner";
            if (ContainsAny(ua, s_crawlers)) return "crawler";
            if (ContainsAny(ua, s_bots)) return "bot";
            if (ua.StartsWith("Mozilla/", StringComparison.Ordinal) || ua.StartsWith("Opera/", StringComparison.Ordinal)) return "browser";
            return "other";
        }

        private static bool ContainsAny(string s, string[] tokens)
        {
            foreach (var token in tokens)
                if (s.Contains(token, StringComparison.OrdinalIgnoreCase)) return true;
            return false;
        }
    }
}
