using System.Globalization;
using static FastLog.Generation.Samples.SampleCatalog;

namespace FastLog.Generation.Samples;

/// <summary>One request of a sample log: method, target, status and body size (null: written as <c>-</c>).</summary>
internal readonly record struct SampleRequest(string Method, string Target, int Status, long? Size);

/// <summary>
/// The traffic model of the sample logs: a clock that walks through several days, requests with
/// plausible statuses and sizes, user agents and referers. Every draw happens in a fixed order
/// (short-circuit conditions included): the order is part of the samples' bytes.
/// </summary>
internal sealed class SampleTraffic(SampleRandom rng, DateTimeOffset startUtc, int[] offsetHours)
{
    private static readonly string[] s_months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    private DateTimeOffset _time = startUtc;

    /// <summary>The random source (the writers draw clients and users from it too).</summary>
    public SampleRandom Random => rng;

    /// <summary>The next timestamp in CLF form; busier by day than by night (diurnal), offset picked per line.</summary>
    public string NextTime()
    {
        var busy = _time.Hour is >= 9 and <= 22;
        var step = 20 + rng.Below(busy ? 400 : 2400);
        _time = _time.AddSeconds(step);
        var local = _time.ToOffset(TimeSpan.FromHours(rng.Pick(offsetHours)));
        var minutes = (int)local.Offset.TotalMinutes;
        var sign = minutes >= 0 ? '+' : '-';
        minutes = Math.Abs(minutes);
        return string.Create(CultureInfo.InvariantCulture,
            $"{local.Day:00}/{s_months[local.Month - 1]}/{local.Year:0000}:{local.Hour:00}:{local.Minute:00}:{local.Second:00} {sign}{minutes / 60:00}{minutes % 60:00}");
    }

    /// <summary>A request with its status and size, the method drawn from <paramref name="methods"/>.</summary>
    public SampleRequest NextRequest((string, int)[] methods)
    {
        var roll = rng.Unit();
        var target = roll < 0.50 ? rng.Pick(Static)
            : roll < 0.62 ? rng.Pick(Searches)
            : roll < 0.90 ? ApiPath()
            : roll < 0.96 ? rng.Pick(AttackTargets)
            : string.Create(CultureInfo.InvariantCulture, $"/old-page-{rng.Below(20)}.html");
        var method = rng.Weighted(methods);
        if (target.StartsWith("/api/", StringComparison.Ordinal) && rng.Chance(0.35))
            method = rng.Weighted([("POST", 5), ("PUT", 3), ("DELETE", 2)]);
        int status;
        if (AttackTargets.Contains(target)) status = rng.Weighted([(404, 6), (403, 3), (400, 1), (500, 1)]);
        else if (target.StartsWith("/old-page-", StringComparison.Ordinal)) status = rng.Weighted([(301, 3), (404, 2)]);
        else if (target.StartsWith("/downloads/", StringComparison.Ordinal)) status = rng.Weighted([(200, 3), (206, 2)]);
        else if (target.StartsWith("/api/", StringComparison.Ordinal))
            status = rng.Weighted([(200, 20), (401, 2), (403, 1), (404, 2), (400, 1), (500, 1), (503, 1)]);
        else status = rng.Weighted([(200, 20), (304, 5), (404, 1), (301, 1)]);
        if (method == "POST" && status == 200 && rng.Chance(0.3)) status = 201;
        long? size;
        if (status is 304 or 204 || (method == "HEAD" && rng.Chance(0.7))) size = null;
        else if (status == 206) size = 65536;
        else if (status >= 300) size = 150 + rng.Below(400);
        else if (target.StartsWith("/static/", StringComparison.Ordinal) || target.StartsWith("/downloads/", StringComparison.Ordinal))
            size = 2000 + rng.Below(120000);
        else size = 300 + rng.Below(25000);
        return new SampleRequest(method, target, status, size);
    }

    /// <summary>Scanners and tools for attack targets; otherwise mostly browsers, then bots, then escaped-quote agents.</summary>
    public string UserAgent(string target)
    {
        if (AttackTargets.Contains(target)) return rng.Pick(AttackAgents);
        var roll = rng.Unit();
        if (roll < 0.68) return rng.Pick(Browsers);
        if (roll < 0.94) return rng.Pick(Bots);
        return rng.Pick(EscapedAgents);
    }

    /// <summary><c>-</c> or one of <see cref="SampleCatalog.Referers"/>.</summary>
    public string Referer() => rng.Chance(0.45) ? "-" : rng.Pick(SampleCatalog.Referers);

    /// <summary>HTTP/1.1 mostly, some HTTP/2.0 and HTTP/1.0.</summary>
    public string Protocol() => rng.Weighted(Protocols);

    private string ApiPath() => rng.Below(6) switch
    {
        0 => string.Create(CultureInfo.InvariantCulture, $"/api/users/{100 + rng.Below(900)}"),
        1 => string.Create(CultureInfo.InvariantCulture, $"/api/users/{100 + rng.Below(900)}/orders"),
        2 => "/api/orders/" + rng.Pick(Uuids),
        3 => ItemsPath(),
        4 => SessionPath(),
        _ => "/api/health",
    };

    // Separate methods: the two draws of each must happen in this order.
    private string ItemsPath()
    {
        var limit = rng.Pick([10, 25, 50]);
        var offset = 25 * rng.Below(8);
        return string.Create(CultureInfo.InvariantCulture, $"/api/v1/items?limit={limit}&offset={offset}");
    }

    private string SessionPath()
    {
        var high = rng.Below(1L << 32);
        var low = rng.Below(1L << 32);
        return string.Create(CultureInfo.InvariantCulture, $"/api/sessions/{high:x8}{low:x8}");
    }
}
