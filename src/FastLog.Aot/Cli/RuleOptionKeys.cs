using System.Globalization;
using FastLog.Detection.Auth;
using FastLog.Detection.CloudTrail;
using FastLog.Detection.Web;

namespace FastLog.Cli;

/// <summary>The thresholds and windows of the built-in rules, as <c>--rule-option</c> set them (the public defaults otherwise).</summary>
/// <param name="Web">W9–W12.</param>
/// <param name="Auth">L2–L4 (the internal networks are added from <c>--internal</c>).</param>
/// <param name="CloudTrail">C1b.</param>
public sealed record RuleThresholds(WebRuleOptions Web, AuthRuleOptions Auth, CloudTrailRuleOptions CloudTrail)
{
    /// <summary>The public defaults of every rule.</summary>
    public static RuleThresholds Default { get; } = new(WebRuleOptions.Default, AuthRuleOptions.Default, CloudTrailRuleOptions.Default);
}

/// <summary>What a <c>--rule-option</c> value is.</summary>
public enum RuleOptionKind
{
    /// <summary>A whole number of events, users or paths.</summary>
    Count,
    /// <summary>A bucket length: <c>30s</c>, <c>5m</c>, <c>1h</c> or plain seconds.</summary>
    Window,
    /// <summary>Requests per second, decimals allowed.</summary>
    Rate,
    /// <summary>A whole number of bytes.</summary>
    Bytes,
}

/// <summary>One <c>--rule-option</c> key: <c>RULE.param</c>, its kind, largest value, meaning, and how it reads and sets the options (README names each default's public source).</summary>
/// <param name="Name">The key, e.g. <c>W9.count</c>.</param>
/// <param name="Kind">What its value is.</param>
/// <param name="Max">Largest accepted value (the smallest is 1, or just above 0 for a rate).</param>
/// <param name="Meaning">What it sets, in words.</param>
/// <param name="Get">Its value in a set of options.</param>
/// <param name="Set">The options with it changed.</param>
public sealed record RuleOptionKey(string Name, RuleOptionKind Kind, long Max, string Meaning,
    Func<RuleThresholds, double> Get, Func<RuleThresholds, double, RuleThresholds> Set)
{
    /// <summary>The W9/W10/W10b bucket is one per client for the three rules: its keys name the same value.</summary>
    public bool SetsSharedErrorBucket => Name is "W9.window" or "W10.window" or "W10b.window";

    /// <summary>The default, as a user would write it (<c>5m</c>, <c>10</c>, <c>2</c>).</summary>
    public string DefaultText => RuleOptionKeys.Format(Kind, Get(RuleThresholds.Default));
}

/// <summary>
/// The table of <c>--rule-option</c> keys (no reflection: each key reads and writes its option
/// record field through a lambda) and the parser of <c>KEY=VALUE[,KEY=VALUE…]</c>.
/// </summary>
public static class RuleOptionKeys
{
    /// <summary>The longest window, 366 days: the one limit rules files share (a longer one is certainly a typo, and 1-second buckets of it already cover any log).</summary>
    public const long MaxWindowSeconds = Detection.Custom.CustomRuleSet.MaxWindowSeconds;

    /// <summary>
    /// L3 and L3b keep up to N failures per bucket and scan them for each new failure
    /// (<c>OrderedLoginTable</c>): N is capped so that memory and time stay bounded by the input (R4).
    /// </summary>
    public const long MaxOrderedFailures = 1000;

    /// <summary>Every key, in rule order.</summary>
    public static IReadOnlyList<RuleOptionKey> All { get; } =
    [
        Count("W9.count", "responses 401/403 per client and bucket, at least",
            t => t.Web.AuthFailures, (t, v) => t with { Web = t.Web with { AuthFailures = (int)v } }),
        Window("W9.window", "the bucket of W9, W10 and W10b (shared)",
            t => t.Web.ErrorWindowSeconds, (t, v) => t with { Web = t.Web with { ErrorWindowSeconds = (long)v } }),
        Count("W10.count", "responses 4xx/5xx per client and bucket, at least",
            t => t.Web.Errors, (t, v) => t with { Web = t.Web with { Errors = (int)v } }),
        Window("W10.window", "the same shared bucket as W9.window",
            t => t.Web.ErrorWindowSeconds, (t, v) => t with { Web = t.Web with { ErrorWindowSeconds = (long)v } }),
        Count("W10b.paths", "distinct paths answered 404 per client and bucket, at least",
            t => t.Web.NotFoundPaths, (t, v) => t with { Web = t.Web with { NotFoundPaths = (int)v } }),
        Window("W10b.window", "the same shared bucket as W9.window",
            t => t.Web.ErrorWindowSeconds, (t, v) => t with { Web = t.Web with { ErrorWindowSeconds = (long)v } }),
        Count("W11.count", "requests per client and bucket, more than",
            t => t.Web.RateRequests, (t, v) => t with { Web = t.Web with { RateRequests = (int)v } }),
        Window("W11.window", "the bucket of W11",
            t => t.Web.RateWindowSeconds, (t, v) => t with { Web = t.Web with { RateWindowSeconds = (long)v } }),
        Count("W11b.requests", "requests per (client, user agent), at least",
            t => t.Web.BotRequests, (t, v) => t with { Web = t.Web with { BotRequests = (int)v } }),
        new("W11b.rate", RuleOptionKind.Rate, int.MaxValue, "their average requests per second, more than (decimals allowed)",
            t => t.Web.BotRate, (t, v) => t with { Web = t.Web with { BotRate = v } }),
        new("W12.target_bytes", RuleOptionKind.Bytes, int.MaxValue, "longest request target (path and query) in bytes",
            t => t.Web.MaxTargetBytes, (t, v) => t with { Web = t.Web with { MaxTargetBytes = (int)v } }),
        Count("L2.count", "failed logins per (host, non-private source) and bucket, at least",
            t => t.Auth.BruteForceFailures, (t, v) => t with { Auth = t.Auth with { BruteForceFailures = (int)v } }),
        Window("L2.window", "the bucket of L2",
            t => t.Auth.BruteForceWindowSeconds, (t, v) => t with { Auth = t.Auth with { BruteForceWindowSeconds = (long)v } }),
        Count("L2b.count", "failed logins per (host, source) and bucket, more than",
            t => t.Auth.LegacyBruteForceFailures, (t, v) => t with { Auth = t.Auth with { LegacyBruteForceFailures = (int)v } }),
        Window("L2b.window", "the bucket of L2b",
            t => t.Auth.LegacyBruteForceWindowSeconds, (t, v) => t with { Auth = t.Auth with { LegacyBruteForceWindowSeconds = (long)v } }),
        new("L3.count", RuleOptionKind.Count, MaxOrderedFailures, "failed logins before the accepted one, per (host, source, user) and bucket, at least; up to 1000",
            t => t.Auth.SuccessfulBruteForceFailures, (t, v) => t with { Auth = t.Auth with { SuccessfulBruteForceFailures = (int)v } }),
        Window("L3.window", "the bucket of L3",
            t => t.Auth.SuccessfulBruteForceWindowSeconds, (t, v) => t with { Auth = t.Auth with { SuccessfulBruteForceWindowSeconds = (long)v } }),
        new("L3b.count", RuleOptionKind.Count, MaxOrderedFailures, "as L3.count, for L3b; up to 1000",
            t => t.Auth.SuccessAfterFailuresCount, (t, v) => t with { Auth = t.Auth with { SuccessAfterFailuresCount = (int)v } }),
        Window("L3b.window", "the bucket of L3b",
            t => t.Auth.SuccessAfterFailuresWindowSeconds, (t, v) => t with { Auth = t.Auth with { SuccessAfterFailuresWindowSeconds = (long)v } }),
        Count("L4.users", "distinct users per source and bucket, more than",
            t => t.Auth.SprayUsers, (t, v) => t with { Auth = t.Auth with { SprayUsers = (int)v } }),
        Count("L4.count", "failed logins per source and bucket, at least",
            t => t.Auth.SprayFailures, (t, v) => t with { Auth = t.Auth with { SprayFailures = (int)v } }),
        Window("L4.window", "the bucket of L4",
            t => t.Auth.SprayWindowSeconds, (t, v) => t with { Auth = t.Auth with { SprayWindowSeconds = (long)v } }),
        Count("C1b.count", "failed console logins per sourceIPAddress and bucket, more than",
            t => t.CloudTrail.FailedLogins, (t, v) => t with { CloudTrail = t.CloudTrail with { FailedLogins = (int)v } }),
        Window("C1b.window", "the bucket of C1b",
            t => t.CloudTrail.FailedLoginWindowSeconds, (t, v) => t with { CloudTrail = t.CloudTrail with { FailedLoginWindowSeconds = (long)v } }),
    ];

    private static RuleOptionKey Count(string name, string meaning, Func<RuleThresholds, double> get, Func<RuleThresholds, double, RuleThresholds> set)
        => new(name, RuleOptionKind.Count, int.MaxValue, meaning, get, set);

    private static RuleOptionKey Window(string name, string meaning, Func<RuleThresholds, double> get, Func<RuleThresholds, double, RuleThresholds> set)
        => new(name, RuleOptionKind.Window, MaxWindowSeconds, meaning, get, set);

    /// <summary>
    /// The options that <paramref name="settings"/> (the <c>--rule-option</c> values, joined by
    /// commas) make of the defaults. A key may be given twice only with the same value; the
    /// W9/W10/W10b window keys name one shared bucket, so they too must agree.
    /// </summary>
    /// <exception cref="UsageException">An empty or unknown key, a bad or out-of-range value, or two values for one setting; the message names the key.</exception>
    public static RuleThresholds Parse(string settings)
    {
        var result = RuleThresholds.Default;
        var given = new Dictionary<string, (string Key, double Value)>(StringComparer.Ordinal);
        foreach (var raw in settings.Split(','))
        {
            var setting = raw.Trim();
            var eq = setting.IndexOf('=');
            if (setting.Length == 0) throw new UsageException($"--rule-option: empty setting in '{settings}' (expected KEY=VALUE[,KEY=VALUE…])");
            var name = (eq < 0 ? setting : setting[..eq]).Trim();
            var key = Find(name) ?? throw new UsageException($"--rule-option: unknown key '{name}' (expected one of {string.Join(", ", All.Select(k => k.Name))})");
            if (eq < 0) throw new UsageException($"--rule-option {key.Name}: needs a value, e.g. {key.Name}={key.DefaultText}");
            var text = setting[(eq + 1)..].Trim();
            var value = Value(key, text);
            // The shared bucket is one setting under three names.
            var slot = key.SetsSharedErrorBucket ? "W9.window" : key.Name;
            if (given.TryGetValue(slot, out var earlier) && earlier.Value != value)
            {
                throw new UsageException(key.SetsSharedErrorBucket && earlier.Key != key.Name
                    ? $"--rule-option {key.Name}: {earlier.Key}={Format(key.Kind, earlier.Value)} and {key.Name}={Format(key.Kind, value)} differ, but W9, W10 and W10b share one bucket; give one window"
                    : $"--rule-option {key.Name}: given twice, as {Format(key.Kind, earlier.Value)} and {Format(key.Kind, value)}");
            }
            given[slot] = (key.Name, value);
            result = key.Set(result, value);
        }
        return result;
    }

    /// <summary>The key named <paramref name="name"/>, ignoring ASCII case (<c>w9.COUNT</c> is <c>W9.count</c>), or null.</summary>
    public static RuleOptionKey? Find(string name) => All.FirstOrDefault(k => string.Equals(k.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>A value as a user would write it: windows in the largest unit that divides them (<c>5m</c>, <c>30s</c>, <c>1h</c>).</summary>
    public static string Format(RuleOptionKind kind, double value)
    {
        if (kind == RuleOptionKind.Rate) return value.ToString("0.######", CultureInfo.InvariantCulture);
        var whole = (long)value;
        if (kind != RuleOptionKind.Window) return whole.ToString(CultureInfo.InvariantCulture);
        return whole % 3600 == 0 ? $"{whole / 3600}h" : whole % 60 == 0 ? $"{whole / 60}m" : $"{whole}s";
    }

    private static double Value(RuleOptionKey key, string text) => key.Kind switch
    {
        RuleOptionKind.Window => Seconds(key, text),
        RuleOptionKind.Rate => Rate(key, text),
        _ => Whole(key, text, 1, text),
    };

    /// <summary>
    /// <paramref name="digits"/> (of the value <paramref name="text"/>) times <paramref name="multiplier"/>,
    /// from 1 to the key's maximum; digits only (no sign, no exponent, no separators).
    /// </summary>
    private static long Whole(RuleOptionKey key, string digits, long multiplier, string text)
    {
        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit))
        {
            throw new UsageException(key.Kind == RuleOptionKind.Window
                ? $"--rule-option {key.Name}: expected a duration such as 30s, 5m, 1h or plain seconds, got '{text}'"
                : $"--rule-option {key.Name}: expected a whole number, got '{text}'");
        }
        // Too many digits for a long is out of range like any other large value.
        var inRange = long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= key.Max / multiplier;
        if (!inRange || value < 1)
        {
            throw new UsageException(key.Kind == RuleOptionKind.Window
                ? $"--rule-option {key.Name}: a window is from 1 s to 366 days ({key.Max}s), got '{text}'"
                : $"--rule-option {key.Name}: expected a whole number from 1 to {key.Max}, got '{text}'");
        }
        return value * multiplier;
    }

    /// <summary><c>30s</c>, <c>5m</c>, <c>1h</c> or plain seconds.</summary>
    private static long Seconds(RuleOptionKey key, string text)
    {
        var (digits, multiplier) = text.Length > 0 ? text[^1] switch
        {
            's' or 'S' => (text[..^1], 1L),
            'm' or 'M' => (text[..^1], 60L),
            'h' or 'H' => (text[..^1], 3600L),
            _ => (text, 1L),
        } : (text, 1L);
        return Whole(key, digits, multiplier, text);
    }

    /// <summary>A positive decimal number (at most 6 decimals), at most the key's maximum.</summary>
    private static double Rate(RuleOptionKey key, string text)
    {
        var point = text.IndexOf('.');
        var valid = text.Length > 0 && point != 0 && point != text.Length - 1 && text.Count(c => c == '.') <= 1
            && text.All(c => char.IsAsciiDigit(c) || c == '.') && (point < 0 || text.Length - point - 1 <= 6)
            && double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _);
        if (!valid) throw new UsageException($"--rule-option {key.Name}: expected requests per second such as 2 or 0.5 (at most 6 decimals), got '{text}'");
        var value = double.Parse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        if (value <= 0 || value > key.Max) throw new UsageException($"--rule-option {key.Name}: expected a rate above 0 and at most {key.Max}, got '{text}'");
        return value;
    }
}
