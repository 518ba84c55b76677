namespace FastLog.Generation.Traffic;

/// <summary>
/// The user agents of background traffic with their popularity and client class: current
/// browsers in several versions, search and SEO crawlers, HTTP libraries, monitors and
/// internet-wide research scanners. Recon and attack tools (sqlmap, Nikto, Nmap, …) are not
/// here: they appear only in injected attack scenarios, so detections on a log made with
/// <c>--attacks none</c> have nothing to find.
/// </summary>
internal sealed class UserAgentCatalog
{
    /// <summary>The agents, UTF-8.</summary>
    public FrozenUtf8Strings Agents { get; }
    /// <summary>Class of each agent.</summary>
    public ClientClass[] Classes { get; }
    /// <summary>Popularity of each agent (relative).</summary>
    public double[] Weights { get; }

    /// <summary>Index of the agent exactly equal to <paramref name="text"/>.</summary>
    public int IndexOf(string text) => _texts.IndexOf(text);

    private readonly List<string> _texts = [];

    /// <summary>Agents of the catalog without generated ones: the fewest <c>--agents</c> takes.</summary>
    public static int OwnCount => new UserAgentCatalog().Agents.Count;

    /// <summary>
    /// The catalog; with <paramref name="count"/> (at least <see cref="OwnCount"/>), generated
    /// Chrome versions fill it up to that many agents, together as popular as all the named
    /// browsers, each equally (so the tail of a 10,000-agent log is long and flat).
    /// </summary>
    public UserAgentCatalog(int? count = null)
    {
        var pool = new Utf8StringPool();
        var classes = new List<ClientClass>();
        var weights = new List<double>();
        void Add(ClientClass c, double weight, string text)
        {
            pool.Add(text);
            _texts.Add(text);
            classes.Add(c);
            weights.Add(weight);
        }
        // Browsers in several versions each; newer versions more common.
        void Versions(double weight, int from, int to, Func<int, string> make)
        {
            var total = 0.0;
            for (var v = from; v <= to; v++) total += v - from + 1;
            for (var v = from; v <= to; v++) Add(ClientClass.Browser, weight * (v - from + 1) / total, make(v));
        }
        Versions(28, 118, 126, v => $"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36");
        Versions(9, 118, 126, v => $"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36");
        Versions(2.5, 120, 126, v => $"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36");
        Versions(12, 118, 126, v => $"Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Mobile Safari/537.36");
        Versions(6, 1, 5, v => $"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.{v} Safari/605.1.15");
        Versions(14, 1, 6, v => $"Mozilla/5.0 (iPhone; CPU iPhone OS 17_{v} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.{v} Mobile/15E148 Safari/604.1");
        Versions(2, 1, 5, v => $"Mozilla/5.0 (iPad; CPU OS 17_{v} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.{v} Mobile/15E148 Safari/604.1");
        Versions(5, 115, 127, v => $"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:{v}.0) Gecko/20100101 Firefox/{v}.0");
        Versions(2, 115, 127, v => $"Mozilla/5.0 (X11; Linux x86_64; rv:{v}.0) Gecko/20100101 Firefox/{v}.0");
        Versions(1.5, 120, 127, v => $"Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:{v}.0) Gecko/20100101 Firefox/{v}.0");
        Versions(5, 119, 126, v => $"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36 Edg/{v}.0.{2100 + v * 3}.{40 + v % 50}");
        Versions(1.5, 22, 25, v => $"Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/{v}.0 Chrome/117.0.0.0 Mobile Safari/537.36");
        Versions(1, 105, 110, v => $"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v + 15}.0.0.0 Safari/537.36 OPR/{v}.0.0.0");

        Add(ClientClass.Crawler, 2, "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)");
        Add(ClientClass.Crawler, 2, "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.6422.175 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)");
        Add(ClientClass.Crawler, 1.5, "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)");
        Add(ClientClass.Crawler, 0.7, "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)");
        Add(ClientClass.Crawler, 0.5, "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)");
        Add(ClientClass.Crawler, 0.3, "DuckDuckBot/1.1; (+http://duckduckgo.com/duckduckbot.html)");
        Add(ClientClass.Crawler, 0.4, "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.1.1 Safari/605.1.15 (Applebot/0.1; +http://www.apple.com/go/applebot)");
        Add(ClientClass.Crawler, 1, "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)");
        Add(ClientClass.Crawler, 0.8, "Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)");
        Add(ClientClass.Crawler, 0.4, "Mozilla/5.0 (compatible; MJ12bot/v1.4.8; http://mj12bot.com/)");
        Add(ClientClass.Crawler, 0.4, "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)");
        Add(ClientClass.Crawler, 0.2, "Twitterbot/1.0");
        Add(ClientClass.Crawler, 0.4, "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)");
        Add(ClientClass.Crawler, 0.3, "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; ClaudeBot/1.0; +claudebot@anthropic.com)");
        Add(ClientClass.Crawler, 0.3, "Mozilla/5.0 (compatible; PetalBot;+https://webmaster.petalsearch.com/site/petalbot)");
        // A quote inside a quoted field is logged escaped (httpd writes \"): the parser's slow path.
        Add(ClientClass.Crawler, 0.05, "Mozilla/5.0 (compatible; \\\"QuotedBot\\\"/1.2; +https://bot.example.org)");

        for (var v = 1; v <= 8; v++) Add(ClientClass.Tool, 0.2, $"curl/8.{v}.0");
        Add(ClientClass.Tool, 0.8, "python-requests/2.31.0");
        Add(ClientClass.Tool, 0.7, "python-requests/2.32.3");
        Add(ClientClass.Tool, 1, "Go-http-client/1.1");
        Add(ClientClass.Tool, 0.3, "Go-http-client/2.0");
        Add(ClientClass.Tool, 0.4, "Wget/1.21.4");
        Add(ClientClass.Tool, 0.8, "okhttp/4.12.0");
        Add(ClientClass.Tool, 0.5, "axios/1.6.8");
        Add(ClientClass.Tool, 0.4, "Apache-HttpClient/4.5.14 (Java/17.0.9)");
        Add(ClientClass.Tool, 0.2, "Java/17.0.9");
        Add(ClientClass.Tool, 0.3, "node-fetch/1.0 (+https://github.com/bitinn/node-fetch)");
        Add(ClientClass.Tool, 0.3, "PostmanRuntime/7.37.3");
        Add(ClientClass.Tool, 0.3, "Dart/3.3 (dart:io)");
        Add(ClientClass.Tool, 0.5, "-");

        Add(ClientClass.Monitor, 0.2, "Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)");
        Add(ClientClass.Monitor, 0.1, "Pingdom.com_bot_version_1.4_(http://www.pingdom.com/)");
        Add(ClientClass.Monitor, 0, "kube-probe/1.29");
        Add(ClientClass.Monitor, 0, "ELB-HealthChecker/2.0");

        Add(ClientClass.Scanner, 0.3, "Mozilla/5.0 (compatible; CensysInspect/1.1; +https://about.censys.io/)");
        Add(ClientClass.Scanner, 0.2, "Expanse, a Palo Alto Networks company, searches across the global IPv4 space multiple times per day to identify customers&#39; presences on the Internet. If you would like to be excluded from our scans, please send IP addresses/domains to: scaninfo@paloaltonetworks.com");
        Add(ClientClass.Scanner, 0.2, "Mozilla/5.0 (compatible; InternetMeasurement/1.0; +https://internet-measurement.com/)");

        if (count is { } n && n > _texts.Count)
        {
            var browserWeight = 0.0;
            for (var i = 0; i < classes.Count; i++)
                if (classes[i] == ClientClass.Browser) browserWeight += weights[i];
            var extra = n - _texts.Count;
            // major in 100..126, build from 4000: distinct for every i, and never a named version.
            for (var i = 0; i < extra; i++)
                Add(ClientClass.Browser, browserWeight / extra, $"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{100 + i % 27}.0.{4000 + i / 27}.0 Safari/537.36");
        }

        Agents = pool.Freeze();
        Classes = [.. classes];
        Weights = [.. weights];
    }

    /// <summary>Weights of the agents of one class (others zero), for sampling within the class.</summary>
    public double[] WeightsOf(ClientClass c)
    {
        var w = new double[Weights.Length];
        for (var i = 0; i < w.Length; i++) w[i] = Classes[i] == c ? Weights[i] : 0;
        return w;
    }
}
