namespace FastLog.Aggregation.Classification;

/// <summary>
/// Classifies user agents into a class (browser, crawler, bot, scanner, other), a browser family
/// and an operating system, by ordered substring tests: linear in the agent's length, no
/// backtracking regex. Runs once per distinct agent after the merge, not per record.
/// </summary>
public static class UserAgentClassifier
{
    // Order matters: scanners announce themselves but often also say "Mozilla"; crawlers say "bot".
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

    /// <summary>Agent class of <paramref name="ua"/>.</summary>
    public static string Class(string ua)
    {
        if (ContainsAny(ua, s_scanners)) return "scanner";
        if (ContainsAny(ua, s_crawlers)) return "crawler";
        if (ContainsAny(ua, s_bots)) return "bot";
        if (ua.StartsWith("Mozilla/", StringComparison.Ordinal) || ua.StartsWith("Opera/", StringComparison.Ordinal)) return "browser";
        return "other";
    }

    /// <summary>Browser family (Edge before Chrome before Safari: each embeds the next one's token).</summary>
    public static string Browser(string ua)
    {
        if (Contains(ua, "Edg/") || Contains(ua, "Edge/")) return "Edge";
        if (Contains(ua, "OPR/") || Contains(ua, "Opera")) return "Opera";
        if (Contains(ua, "Firefox/")) return "Firefox";
        if (Contains(ua, "Chrome/") || Contains(ua, "CriOS/")) return "Chrome";
        if (Contains(ua, "Safari/")) return "Safari";
        if (Contains(ua, "MSIE ") || Contains(ua, "Trident/")) return "Internet Explorer";
        return "Other";
    }

    /// <summary>Operating system (Android before Linux, iOS before macOS: each embeds the next one's token).</summary>
    public static string OperatingSystem(string ua)
    {
        if (Contains(ua, "Windows")) return "Windows";
        if (Contains(ua, "Android")) return "Android";
        if (Contains(ua, "iPhone") || Contains(ua, "iPad") || Contains(ua, "iPod")) return "iOS";
        if (Contains(ua, "Mac OS X") || Contains(ua, "Macintosh")) return "macOS";
        if (Contains(ua, "CrOS")) return "ChromeOS";
        if (Contains(ua, "Linux") || Contains(ua, "X11")) return "Linux";
        return "Other";
    }

    private static bool Contains(string s, string token) => s.Contains(token, StringComparison.Ordinal);

    private static bool ContainsAny(string s, string[] tokens)
    {
        foreach (var token in tokens)
            if (s.Contains(token, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }
}
