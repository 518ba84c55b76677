using FastLog.Generation.Sampling;

namespace FastLog.Generation.Traffic;

/// <summary>
/// Referers of browser requests: mostly the site's own pages (popular pages more often), the
/// rest search engines, social sites and apps. Whether a request has a referer at all is the
/// caller's choice (crawlers and tools send none).
/// </summary>
internal sealed class RefererPool
{
    /// <summary>The site's own origin, as it appears in internal referers.</summary>
    public const string Origin = "https://www.example.com";

    /// <summary>The referers, UTF-8.</summary>
    public FrozenUtf8Strings Referers { get; }

    private readonly AliasTable _table;

    public RefererPool(RequestPool requests, ulong seed)
    {
        var rng = new Xoshiro256PlusPlus(SplitMix64.Derive(seed, GenerationStreams.Vocabulary, 2));
        var pool = new Utf8StringPool();
        var weights = new List<double>();
        // Internal: the 2,000 most popular pages, Zipf-weighted, 75 % of referers.
        var internalCount = Math.Min(2_000, requests.Pages.Length);
        var zipf = AliasTable.ZipfWeights(internalCount, 1.0, 1.0);
        var zipfSum = zipf.Sum();
        for (var i = 0; i < internalCount; i++)
        {
            pool.Add(Origin + System.Text.Encoding.UTF8.GetString(requests.Targets[requests.Pages[i]]));
            weights.Add(0.75 * zipf[i] / zipfSum);
        }
        var external = new (string Text, double Weight)[]
        {
            ("https://www.google.com/", 12), ("https://www.bing.com/", 2.5), ("https://duckduckgo.com/", 1.5),
            ("https://www.google.co.uk/", 1), ("https://www.google.de/", 1), ("https://search.yahoo.com/", 0.5),
            ("https://www.facebook.com/", 1), ("https://l.facebook.com/", 1), ("https://www.linkedin.com/", 0.5),
            ("https://news.ycombinator.com/", 0.4), ("https://www.youtube.com/", 0.5), ("android-app://com.google.android.gm/", 0.3),
            ("https://www.instagram.com/", 0.4), ("https://github.com/", 0.5), ("https://www.baidu.com/", 0.2),
        };
        var externalTotal = external.Sum(e => e.Weight) + 2.0;
        foreach (var (text, weight) in external)
        {
            pool.Add(text);
            weights.Add(0.25 * weight / externalTotal);
        }
        // Short links and forum threads: many distinct values, each rare.
        for (var i = 0; i < 200; i++)
        {
            pool.Add(i % 2 == 0
                ? $"https://t.co/{Base62(ref rng, 10)}"
                : $"https://www.reddit.com/r/{(i % 3 == 0 ? "webdev" : i % 3 == 1 ? "programming" : "sysadmin")}/comments/{Base62(ref rng, 6).ToLowerInvariant()}/");
            weights.Add(0.25 * 2.0 / externalTotal / 200);
        }
        Referers = pool.Freeze();
        _table = new AliasTable([.. weights]);
    }

    /// <summary>A referer.</summary>
    public ReadOnlySpan<byte> Sample(scoped ref Xoshiro256PlusPlus rng) => Referers[_table.Sample(ref rng)];

    private static string Base62(ref Xoshiro256PlusPlus rng, int length)
    {
        const string alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        var chars = new char[length];
        for (var i = 0; i < length; i++) chars[i] = alphabet[(int)rng.NextBelow(62)];
        return new string(chars);
    }
}
