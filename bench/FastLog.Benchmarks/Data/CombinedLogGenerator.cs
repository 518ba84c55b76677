using System.Globalization;
using System.Text;

namespace FastLog.Benchmarks.Data;

/// <summary>
/// A deterministic generator of combined-format access-log lines for in-memory benchmarks. The
/// same seed always gives the same bytes, so throughput columns computed in the host process
/// match the input of the benchmark process.
/// </summary>
/// <remarks>
/// A smaller cousin of <c>data/generators/gen-combined.py</c> (which writes the large files of
/// bench/scripts/compare.sh), with the same shape where it matters to the code under test:
/// Zipf-skewed clients (s = 1.05, q = 4, a pool of 0.055 addresses per line, about 6 % IPv6) and
/// paths (about 20,000, s = 0.95, with query strings), a few dozen user agents (some with
/// <c>\"</c>), <c>-</c> bytes on 304s, and about 0.05 % truncated lines, which the parser counts
/// as malformed. About 20 structural bytes per 230-byte line.
/// </remarks>
internal static class CombinedLogGenerator
{
    private static readonly string[] s_methods = ["GET", "GET", "GET", "GET", "GET", "GET", "GET", "POST", "POST", "HEAD", "PUT", "DELETE"];
    private static readonly string[] s_pathTemplates =
    [
        "/", "/index.html", "/favicon.ico", "/static/css/site-{0:x}.css", "/static/js/app-{0:x}.js", "/images/p/{0}.jpg",
        "/api/v1/users/{0}", "/api/v1/orders/{0}/items", "/search?q=log+analyzer&page={0}", "/products?id={0}&sort=price_desc",
        "/blog/2024/03/post-{0}.html", "/api/v1/sessions/{0}", "/docs/getting-started/{0}", "/.env", "/wp-login.php",
        "/api/v2/items/{0}?fields=name,price", "/cart/{0}", "/account/settings", "/robots.txt", "/sitemap.xml",
    ];
    private static readonly int[] s_statuses = [200, 200, 200, 200, 200, 200, 200, 200, 200, 304, 304, 301, 302, 404, 404, 403, 401, 500, 201, 206];
    private static readonly string[] s_referers = ["-", "-", "-", "https://www.example.com/", "https://search.example.org/search?q=fast+logs", "https://shop.example.com/cart?step=2"];
    private static readonly string[] s_userAgentTemplates =
    [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{0}.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_3) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.{1} Safari/605.1.15",
        "Mozilla/5.0 (X11; Linux x86_64; rv:{0}.0) Gecko/20100101 Firefox/{0}.0",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_{1} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{0}.0.0.0 Mobile Safari/537.36",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "curl/8.{1}.0",
        "python-requests/2.3{1}.0",
        "sqlmap/1.{1}#stable (https://sqlmap.org)",
        "Mozilla/5.0 (compatible; \\\"QuotedBot\\\"/1.{1}; +https://bot.example.org)",
    ];
    private static readonly string[] s_months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    /// <summary>Average line length of the mix, used only to size the pools.</summary>
    private const int AverageLineBytes = 230;

    /// <summary>
    /// Returns exactly <paramref name="lengthBytes"/> bytes of log lines. The last line is cut
    /// where the buffer ends (a scanner does not care; parser benchmarks use <see cref="GenerateLines"/>).
    /// </summary>
    public static byte[] Generate(int lengthBytes, ulong seed = 42)
        => Encoding.ASCII.GetBytes(Build(lengthBytes, seed)).AsSpan(0, lengthBytes).ToArray();

    /// <summary>At most <paramref name="maxBytes"/> bytes of whole lines (the last byte is <c>\n</c>).</summary>
    public static byte[] GenerateLines(int maxBytes, ulong seed = 42)
    {
        var bytes = Generate(maxBytes, seed);
        return bytes.AsSpan(0, bytes.AsSpan().LastIndexOf((byte)'\n') + 1).ToArray();
    }

    /// <summary>Distinct client addresses, most popular first: the generator's client pool.</summary>
    public static string[] ClientPool(int size, ulong seed)
    {
        var rng = new SplitMix64(seed);
        var seen = new HashSet<string>(size);
        var pool = new List<string>(size);
        while (pool.Count < size)
        {
            var ip = rng.Below(100) < 6
                ? string.Create(CultureInfo.InvariantCulture, $"2001:db8:{rng.Below(0x10000):x}:{rng.Below(0x10000):x}::{1 + rng.Below(0xfffe):x}")
                : string.Create(CultureInfo.InvariantCulture, $"{1 + rng.Below(223)}.{rng.Below(256)}.{rng.Below(256)}.{1 + rng.Below(254)}");
            if (seen.Add(ip)) pool.Add(ip);
        }
        return [.. pool];
    }

    /// <summary>Distinct request targets (path and query), most popular first.</summary>
    public static string[] PathPool(int size, ulong seed)
    {
        var rng = new SplitMix64(seed);
        var seen = new HashSet<string>(size);
        var pool = new List<string>(size);
        while (pool.Count < size)
        {
            var path = string.Format(CultureInfo.InvariantCulture, s_pathTemplates[rng.Below((uint)s_pathTemplates.Length)], 1 + rng.Below(99_999));
            if (seen.Add(path)) pool.Add(path);
        }
        return [.. pool];
    }

    /// <summary>Distinct user agents (browsers in several versions, crawlers, tools), most popular first.</summary>
    public static string[] UserAgentPool()
    {
        var pool = new List<string>();
        for (var version = 0; version < 6; version++)
        {
            foreach (var template in s_userAgentTemplates)
            {
                var ua = string.Format(CultureInfo.InvariantCulture, template, 118 + version, version);
                if (!pool.Contains(ua)) pool.Add(ua);
            }
        }
        return [.. pool];
    }

    private static string Build(int lengthBytes, ulong seed)
    {
        var rng = new SplitMix64(seed);
        var expectedLines = Math.Max(1, lengthBytes / AverageLineBytes);
        var clients = ClientPool(Math.Max(1000, (int)(expectedLines * 0.055)), seed + 1);
        var clientRanks = new ZipfSampler(clients.Length, 1.05, 4.0);
        var paths = PathPool(20_000, seed + 2);
        var pathRanks = new ZipfSampler(paths.Length, 0.95);
        var agents = UserAgentPool();
        var agentRanks = new ZipfSampler(agents.Length, 0.8);
        var text = new StringBuilder(lengthBytes + 1024);
        var time = new DateTime(2024, 3, 4, 0, 0, 0, DateTimeKind.Utc);
        var line = new StringBuilder(512);
        while (text.Length < lengthBytes)
        {
            time = time.AddMilliseconds(rng.Below(900));
            line.Clear();
            line.Append(clients[clientRanks.Next(ref rng)]).Append(" - - [")
                .Append(time.Day.ToString("00", CultureInfo.InvariantCulture)).Append('/').Append(s_months[time.Month - 1]).Append('/')
                .Append(time.Year.ToString(CultureInfo.InvariantCulture)).Append(':')
                .Append(time.ToString("HH:mm:ss", CultureInfo.InvariantCulture)).Append(" +0000] \"")
                .Append(s_methods[rng.Below((uint)s_methods.Length)]).Append(' ')
                .Append(paths[pathRanks.Next(ref rng)])
                .Append(" HTTP/1.1\" ");
            var status = s_statuses[rng.Below((uint)s_statuses.Length)];
            line.Append(status.ToString(CultureInfo.InvariantCulture)).Append(' ');
            if (status == 304) line.Append('-');
            else line.Append((100 + rng.Below(60_000)).ToString(CultureInfo.InvariantCulture));
            line.Append(" \"").Append(s_referers[rng.Below((uint)s_referers.Length)]).Append("\" \"")
                .Append(agents[agentRanks.Next(ref rng)]).Append('"');
            // About 1 line in 2,000 is truncated, as gen-combined.py's default malformed ratio.
            if (rng.Below(2000) == 0) line.Length = 1 + rng.Below((uint)line.Length - 1);
            text.Append(line).Append('\n');
        }
        return text.ToString();
    }
}
