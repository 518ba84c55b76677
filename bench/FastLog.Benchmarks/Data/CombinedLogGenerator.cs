using System.Text;

namespace FastLog.Benchmarks.Data;

/// <summary>
/// A small deterministic generator of combined-format access-log lines for in-memory
/// benchmarks. The same seed always gives the same bytes, so throughput columns computed in
/// the host process match the input of the benchmark process.
/// </summary>
/// <remarks>
/// Deliberately simpler than <c>data/generators/gen-combined.py</c> (which writes large files):
/// it only has to give the scanners a realistic density of spaces, quotes and line feeds
/// (about 20 structural bytes per 230-byte line), including <c>\"</c> escapes and long user agents.
/// </remarks>
internal static class CombinedLogGenerator
{
    private static readonly string[] s_methods = ["GET", "GET", "GET", "GET", "GET", "GET", "POST", "HEAD", "PUT", "DELETE"];
    private static readonly string[] s_paths =
    [
        "/", "/index.html", "/favicon.ico", "/static/css/site.css", "/static/js/app.js", "/api/v1/users/{0}",
        "/api/v1/orders/{0}/items", "/search?q=log+analyzer&page={0}", "/products?id={0}&sort=price_desc",
        "/blog/2024/03/post-{0}.html", "/api/v1/sessions/{0}", "/docs/getting-started", "/.env", "/wp-login.php",
    ];
    private static readonly int[] s_statuses = [200, 200, 200, 200, 200, 200, 200, 304, 304, 301, 404, 404, 403, 500, 201, 206];
    private static readonly string[] s_referers = ["-", "-", "-", "https://www.example.com/", "https://search.example.org/search?q=fast+logs", "https://shop.example.com/cart?step=2"];
    private static readonly string[] s_userAgents =
    [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_3) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Safari/605.1.15",
        "Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "curl/8.5.0",
        "python-requests/2.31.0",
        "Mozilla/5.0 (compatible; \\\"QuotedBot\\\"/1.0; +https://bot.example.org)",
    ];
    private static readonly string[] s_months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    /// <summary>
    /// Returns exactly <paramref name="lengthBytes"/> bytes of log lines. The last line is cut
    /// where the buffer ends (a scanner does not care; a parser benchmark would trim it).
    /// </summary>
    public static byte[] Generate(int lengthBytes, ulong seed = 42)
    {
        var rng = new SplitMix64(seed);
        var text = new StringBuilder(lengthBytes + 512);
        var time = new DateTime(2024, 3, 4, 0, 0, 0, DateTimeKind.Utc);
        while (text.Length < lengthBytes)
        {
            time = time.AddMilliseconds(rng.Below(900));
            var id = (1 + rng.Below(99_999)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (rng.Below(16) == 0)
                text.Append("2001:db8:").Append(rng.Below(0xffff).ToString("x")).Append("::").Append((1 + rng.Below(0xfffe)).ToString("x"));
            else
                text.Append(1 + rng.Below(223)).Append('.').Append(rng.Below(256)).Append('.').Append(rng.Below(256)).Append('.').Append(1 + rng.Below(254));
            text.Append(" - - [")
                .Append(time.Day.ToString("00")).Append('/').Append(s_months[time.Month - 1]).Append('/').Append(time.Year)
                .Append(':').Append(time.ToString("HH:mm:ss")).Append(" +0000] \"")
                .Append(Pick(ref rng, s_methods)).Append(' ')
                .Append(string.Format(System.Globalization.CultureInfo.InvariantCulture, Pick(ref rng, s_paths), id))
                .Append(" HTTP/1.1\" ");
            var status = s_statuses[rng.Below((uint)s_statuses.Length)];
            text.Append(status).Append(' ');
            if (status == 304) text.Append('-');
            else text.Append(100 + rng.Below(60_000));
            text.Append(" \"").Append(Pick(ref rng, s_referers)).Append("\" \"").Append(Pick(ref rng, s_userAgents)).Append("\"\n");
        }
        var bytes = Encoding.ASCII.GetBytes(text.ToString());
        return bytes.AsSpan(0, lengthBytes).ToArray();
    }

    private static string Pick(ref SplitMix64 rng, string[] items) => items[rng.Below((uint)items.Length)];

    /// <summary>SplitMix64 (Steele, Lea, Flood 2014): tiny, fast, and identical on every runtime.</summary>
    private struct SplitMix64(ulong state)
    {
        private ulong _state = state;

        public int Below(uint bound)
        {
            _state += 0x9E3779B97F4A7C15UL;
            var z = _state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (int)((z >> 32) * bound >> 32);
        }
    }
}
