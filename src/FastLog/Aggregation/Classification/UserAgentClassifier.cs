using System.Buffers;
using System.Text;

namespace FastLog.Aggregation.Classification;

/// <summary>
/// Classifies user agents into a class (browser, crawler, bot, scanner, other), a browser family
/// and an operating system, by ordered substring tests over the first
/// <see cref="MaxInspectedBytes"/> bytes of the agent. Runs once per distinct agent after the
/// merge, not per record.
/// </summary>
/// <remarks>
/// Bounded work and memory whatever the agent (docs/reliability.md R4): the agent is cut to
/// <see cref="MaxInspectedBytes"/>, widened byte for byte into a stack buffer (Latin-1: every
/// token is ASCII, and no Latin-1 letter case-folds to ASCII, so a token matches exactly where
/// it matches the UTF-8 bytes), and searched with one <see cref="SearchValues{T}"/> per case-
/// insensitive group (Aho-Corasick/Teddy: linear in the length) and ordinal
/// <c>ReadOnlySpan&lt;char&gt;.Contains(token, Ordinal)</c> for the short
/// case-sensitive tokens. Nothing is allocated and nothing is cached. The previous per-token
/// <c>string.Contains(…, OrdinalIgnoreCase)</c> over the whole decoded agent is a scalar
/// O(length × token) loop under invariant globalization: ~20 ms per distinct 64 KiB agent.
/// </remarks>
public static class UserAgentClassifier
{
    /// <summary>
    /// Bytes of an agent that are looked at: 1 KiB, past the longest agents real clients send
    /// (in-app browsers with many product tokens stay under ~600 bytes); a token placed after
    /// it (padding to hide "sqlmap") does not change the class. The web rules' recon-agent
    /// detection (W-rules) reads the whole agent.
    /// </summary>
    public const int MaxInspectedBytes = 1024;

    // Order matters: scanners announce themselves but often also say "Mozilla"; crawlers say "bot".
    private static readonly SearchValues<string> s_scanners = SearchValues.Create(
    [
        "sqlmap", "nikto", "nmap", "masscan", "zgrab", "nuclei", "dirbuster", "gobuster", "wpscan", "acunetix",
        "nessus", "openvas", "w3af", "havij", "ffuf", "feroxbuster", "wfuzz", "netsparker", "jaeles", "zmeu",
    ], StringComparison.OrdinalIgnoreCase);
    private static readonly SearchValues<string> s_crawlers = SearchValues.Create(
    [
        "googlebot", "bingbot", "baiduspider", "yandexbot", "duckduckbot", "slurp", "ahrefsbot", "semrushbot",
        "facebookexternalhit", "applebot", "petalbot", "mj12bot", "dotbot", "seznambot", "twitterbot", "linkedinbot",
    ], StringComparison.OrdinalIgnoreCase);
    private static readonly SearchValues<string> s_bots = SearchValues.Create(
    [
        "bot", "spider", "crawl", "curl/", "wget/", "python-requests", "python-urllib", "go-http-client", "java/",
        "libwww", "httpclient", "okhttp", "scrapy", "axios/", "node-fetch", "php/", "ruby", "perl",
    ], StringComparison.OrdinalIgnoreCase);

    /// <summary>Class, browser family and operating system of <paramref name="agent"/> (UTF-8 bytes, any length).</summary>
    public static UserAgentKind Classify(ReadOnlySpan<byte> agent)
    {
        var inspected = agent[..Math.Min(agent.Length, MaxInspectedBytes)];
        Span<char> buffer = stackalloc char[MaxInspectedBytes];
        var ua = buffer[..Encoding.Latin1.GetChars(inspected, buffer)];
        return new UserAgentKind(Class(ua), Browser(ua), OperatingSystem(ua));
    }

    private static string Class(ReadOnlySpan<char> ua)
    {
        if (ua.ContainsAny(s_scanners)) return "scanner";
        if (ua.ContainsAny(s_crawlers)) return "crawler";
        if (ua.ContainsAny(s_bots)) return "bot";
        if (ua.StartsWith("Mozilla/", StringComparison.Ordinal) || ua.StartsWith("Opera/", StringComparison.Ordinal)) return "browser";
        return "other";
    }

    // Edge before Chrome before Safari: each embeds the next one's token.
    private static string Browser(ReadOnlySpan<char> ua)
    {
        if (ua.Contains("Edg/", StringComparison.Ordinal) || ua.Contains("Edge/", StringComparison.Ordinal)) return "Edge";
        if (ua.Contains("OPR/", StringComparison.Ordinal) || ua.Contains("Opera", StringComparison.Ordinal)) return "Opera";
        if (ua.Contains("Firefox/", StringComparison.Ordinal)) return "Firefox";
        if (ua.Contains("Chrome/", StringComparison.Ordinal) || ua.Contains("CriOS/", StringComparison.Ordinal)) return "Chrome";
        if (ua.Contains("Safari/", StringComparison.Ordinal)) return "Safari";
        if (ua.Contains("MSIE ", StringComparison.Ordinal) || ua.Contains("Trident/", StringComparison.Ordinal)) return "Internet Explorer";
        return "Other";
    }

    // Android before Linux, iOS before macOS: each embeds the next one's token.
    private static string OperatingSystem(ReadOnlySpan<char> ua)
    {
        if (ua.Contains("Windows", StringComparison.Ordinal)) return "Windows";
        if (ua.Contains("Android", StringComparison.Ordinal)) return "Android";
        if (ua.Contains("iPhone", StringComparison.Ordinal) || ua.Contains("iPad", StringComparison.Ordinal) || ua.Contains("iPod", StringComparison.Ordinal)) return "iOS";
        if (ua.Contains("Mac OS X", StringComparison.Ordinal) || ua.Contains("Macintosh", StringComparison.Ordinal)) return "macOS";
        if (ua.Contains("CrOS", StringComparison.Ordinal)) return "ChromeOS";
        if (ua.Contains("Linux", StringComparison.Ordinal) || ua.Contains("X11", StringComparison.Ordinal)) return "Linux";
        return "Other";
    }
}
