using FastLog.Generation.Sampling;

namespace FastLog.Generation.Traffic;

/// <summary>
/// About 20,000 request targets (path and query) of a site with pages, static files, an API with
/// numeric ids and UUIDs, searches and stale links, in popularity order (Zipf-skewed), with one
/// sampling table per client class: crawlers favour pages and robots.txt, tools the API.
/// </summary>
internal sealed class RequestPool
{
    /// <summary>Targets in the default pool.</summary>
    public const int DefaultSize = 20_000;

    /// <summary>Targets in this pool.</summary>
    public int Size { get; }

    private static readonly string[] Words =
        ("account admin alpha api archive assets auth beta billing blog calendar cart catalog checkout comments config "
        + "contact dashboard data docs download events export faq feed files forum gallery help home images import inbox "
        + "index invoices items jobs labels library media messages metrics news notes orders pages partners payments photos "
        + "plans posts pricing products profile projects reports reviews search settings shop signup sitemap status store "
        + "support tags teams tickets tools travel users videos wiki careers about press legal privacy terms community").Split(' ');

    private static readonly string[] Nouns =
        ("apple river stone cloud garden summer winter forest ocean desert silver golden harbor meadow canyon island "
        + "valley bridge castle market orchard prairie glacier lagoon village tower lantern compass anchor feather").Split(' ');

    /// <summary>The targets, UTF-8 (path and optional <c>?query</c>).</summary>
    public FrozenUtf8Strings Targets { get; }
    /// <summary>Kind of each target.</summary>
    public RequestKind[] Kinds { get; }
    /// <summary>Method mix of each target.</summary>
    public MethodMix[] Mixes { get; }
    /// <summary>Typical 200-response size of each target, in bytes.</summary>
    public int[] BaseSizes { get; }
    /// <summary>Index of the health endpoint monitors poll.</summary>
    public int HealthTarget { get; }
    /// <summary>Indices of HTML pages, most popular first (referers and rate bots pick from them).</summary>
    public int[] Pages { get; }

    private readonly AliasTable[] _byClass;

    /// <summary>The pool of <paramref name="size"/> targets (the first 20 are the fixed head).</summary>
    public RequestPool(ulong seed, int size = DefaultSize)
    {
        Size = size;
        var rng = new Xoshiro256PlusPlus(SplitMix64.Derive(seed, GenerationStreams.Vocabulary, 1));
        var pool = new Utf8StringPool();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var kinds = new List<RequestKind>();
        var mixes = new List<MethodMix>();
        var sizes = new List<int>();
        var health = -1;
        void Add(string target, RequestKind kind, MethodMix mix, int size)
        {
            if (!seen.Add(target)) return;
            if (kind == RequestKind.Health && health < 0) health = kinds.Count;
            pool.Add(target);
            kinds.Add(kind);
            mixes.Add(mix);
            sizes.Add(size);
        }
        int LogNormal(double mu, double sigma, int min) => Math.Max(min, (int)Math.Exp(mu + sigma * Gaussian(ref rng)));

        // The head of the distribution: what every site serves most.
        Add("/", RequestKind.Page, MethodMix.Page, 48_213);
        Add("/favicon.ico", RequestKind.Static, MethodMix.Static, 15_086);
        Add("/static/css/site.css", RequestKind.Static, MethodMix.Static, 61_440);
        Add("/static/js/app.js", RequestKind.Static, MethodMix.Static, 241_872);
        Add("/robots.txt", RequestKind.Feed, MethodMix.Get, 412);
        Add("/api/v1/session", RequestKind.Api, MethodMix.ApiCollection, 388);
        Add("/static/js/vendor.js", RequestKind.Static, MethodMix.Static, 498_117);
        Add("/products", RequestKind.Page, MethodMix.Page, 73_904);
        Add("/login", RequestKind.Form, MethodMix.Form, 6_120);
        Add("/static/img/logo.svg", RequestKind.Static, MethodMix.Static, 4_731);
        Add("/api/v1/cart", RequestKind.Api, MethodMix.ApiCollection, 1_204);
        Add("/sitemap.xml", RequestKind.Feed, MethodMix.Get, 88_315);
        Add("/blog/", RequestKind.Page, MethodMix.Page, 39_551);
        Add("/api/health", RequestKind.Health, MethodMix.Get, 15);
        Add("/checkout", RequestKind.Form, MethodMix.Form, 21_760);
        Add("/feed.xml", RequestKind.Feed, MethodMix.Get, 35_200);
        Add("/apple-touch-icon.png", RequestKind.Missing, MethodMix.Static, 0);
        Add("/.well-known/security.txt", RequestKind.Missing, MethodMix.Get, 0);
        Add("/contact", RequestKind.Form, MethodMix.Form, 12_004);
        Add("/api/v1/auth/token", RequestKind.Form, MethodMix.Form, 690);

        string W() => Words[rng.NextBelow((uint)Words.Length)];
        string N() => Nouns[rng.NextBelow((uint)Nouns.Length)];
        while (kinds.Count < Size)
        {
            var r = rng.NextDouble();
            if (r < 0.27)
            {
                var p = $"/{W()}/{W()}";
                if (rng.NextDouble() < 0.3) p += $"/{N()}-{W()}";
                if (rng.NextDouble() < 0.06) p += $"?utm_source={W()}&utm_medium={(rng.NextDouble() < 0.5 ? "email" : "social")}&utm_campaign={N()}";
                Add(p, RequestKind.Page, MethodMix.Page, LogNormal(10.2, 0.6, 2_000));
            }
            else if (r < 0.47)
            {
                var dir = rng.NextBelow(4) switch { 0 => "css", 1 => "js", 2 => "img", _ => "fonts" };
                var ext = dir switch
                {
                    "css" => ".css",
                    "js" => rng.NextDouble() < 0.8 ? ".js" : ".js.map",
                    "fonts" => ".woff2",
                    _ => rng.NextBelow(4) switch { 0 => ".png", 1 => ".jpg", 2 => ".webp", _ => ".svg" },
                };
                var p = $"/static/{dir}/{W()}-{rng.NextUInt64() & 0xFFFFFF:x6}{ext}";
                if (rng.NextDouble() < 0.1) p += $"?v={rng.NextBelow(900) + 100}";
                Add(p, RequestKind.Static, MethodMix.Static, LogNormal(9.3, 1.3, 200));
            }
            else if (r < 0.72)
            {
                var resource = W();
                var form = rng.NextDouble();
                if (form < 0.45)
                    Add($"/api/v1/{resource}/{rng.NextBelow(250_000) + 1}", RequestKind.Api, MethodMix.ApiItem, LogNormal(6.6, 1.0, 40));
                else if (form < 0.65)
                    Add($"/api/v1/{resource}/{Uuid(ref rng)}", RequestKind.Api, MethodMix.ApiItem, LogNormal(6.8, 1.0, 40));
                else if (form < 0.82)
                    Add($"/api/v{(rng.NextDouble() < 0.8 ? 1 : 2)}/{resource}/{rng.NextBelow(60_000) + 1}/{W()}", RequestKind.Api, MethodMix.ApiCollection, LogNormal(7.4, 1.1, 40));
                else
                    Add($"/api/v1/{resource}?limit={(rng.NextBelow(4) switch { 0 => 10, 1 => 20, 2 => 50, _ => 100 })}&offset={rng.NextBelow(50) * 20}",
                        RequestKind.Api, MethodMix.ApiCollection, LogNormal(8.6, 0.9, 40));
            }
            else if (r < 0.93)
            {
                var page = rng.NextBelow(8) + 1;
                var p = rng.NextBelow(4) switch
                {
                    0 => $"/search?q={N()}+{W()}&page={page}",
                    1 => $"/products?category={W()}&page={page}",
                    2 => $"/shop/search?q={N()}&sort={(rng.NextBelow(4) switch { 0 => "price_asc", 1 => "price_desc", 2 => "newest", _ => "relevance" })}",
                    _ => $"/docs/search?q={W()}+{W()}",
                };
                Add(p, RequestKind.Search, MethodMix.Get, LogNormal(10.4, 0.4, 2_000));
            }
            else if (r < 0.97)
            {
                Add($"/{W()}/{N()}-{rng.NextBelow(5000) + 1}.html", RequestKind.Missing, MethodMix.Page, 0);
            }
            else
            {
                Add($"/{W()}/{N()}/{W()}-{rng.NextBelow(90) + 10}", RequestKind.Page, MethodMix.Page, LogNormal(10.0, 0.5, 2_000));
            }
        }

        Targets = pool.Freeze();
        Kinds = [.. kinds];
        Mixes = [.. mixes];
        BaseSizes = [.. sizes];
        HealthTarget = health;
        var pages = new List<int>();
        for (var i = 0; i < Kinds.Length; i++)
            if (Kinds[i] == RequestKind.Page) pages.Add(i);
        Pages = [.. pages];

        var zipf = AliasTable.ZipfWeights(Size, 0.95, 2.0);
        _byClass = new AliasTable[5];
        _byClass[(int)ClientClass.Browser] = Weighted(zipf, k => k switch { RequestKind.Health => 0, RequestKind.Feed => 0.02, _ => 1 });
        _byClass[(int)ClientClass.Crawler] = Weighted(zipf, k => k switch
        {
            RequestKind.Page => 1, RequestKind.Static => 0.25, RequestKind.Api => 0.01, RequestKind.Search => 0.3,
            RequestKind.Missing => 1.5, RequestKind.Form => 0.02, RequestKind.Health => 0, _ => 40,
        });
        _byClass[(int)ClientClass.Tool] = Weighted(zipf, k => k switch
        {
            RequestKind.Api => 8, RequestKind.Form => 1, RequestKind.Health => 0.5, RequestKind.Search => 0.2, _ => 0.08,
        });
        var scanner = Weighted(zipf, k => k switch { RequestKind.Feed => 5, RequestKind.Missing => 1, RequestKind.Static => 0.05, _ => 0 }, rootBoost: 400);
        _byClass[(int)ClientClass.Scanner] = scanner;
        var healthOnly = new double[Size];
        healthOnly[health] = 1;
        _byClass[(int)ClientClass.Monitor] = new AliasTable(healthOnly);
    }

    private AliasTable Weighted(double[] zipf, Func<RequestKind, double> factor, double rootBoost = 1)
    {
        var w = new double[zipf.Length];
        for (var i = 0; i < w.Length; i++) w[i] = zipf[i] * factor(Kinds[i]);
        w[0] = zipf[0] * rootBoost;
        return new AliasTable(w);
    }

    /// <summary>A target for a client of class <paramref name="c"/>.</summary>
    public int Sample(ClientClass c, ref Xoshiro256PlusPlus rng) => _byClass[(int)c].Sample(ref rng);

    private static string Uuid(ref Xoshiro256PlusPlus rng)
    {
        var a = rng.NextUInt64();
        var b = rng.NextUInt64();
        return $"{a >> 32:x8}-{(a >> 16) & 0xFFFF:x4}-4{a & 0xFFF:x3}-{0x8000 | ((b >> 48) & 0x3FFF):x4}-{b & 0xFFFFFFFFFFFFUL:x12}";
    }

    /// <summary>A standard normal deviate (Box–Muller); for building vocabularies, never per line.</summary>
    internal static double Gaussian(ref Xoshiro256PlusPlus rng)
    {
        var u1 = 1.0 - rng.NextDouble();
        var u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
