using System.Globalization;
using FastLog.Detection.Auth;
using FastLog.Detection.CloudTrail;
using FastLog.Detection.Web;

namespace FastLog.Detection;

/// <summary>
/// The condition text of each thresholded built-in rule with the thresholds and windows in
/// effect, so a finding made with <c>--rule-option W9.count=20</c> says "≥ 20 responses …", not
/// the default. With the public defaults every text equals the rule's own
/// <see cref="DetectionRule.Condition"/> (a test holds this), and the rule itself is returned:
/// default reports stay byte-identical.
/// </summary>
public static class RuleConditions
{
    /// <summary>
    /// <paramref name="rule"/> as it runs under the given options: the same instance when its
    /// condition text is unchanged (every per-event rule, and any rule at its defaults), else a
    /// copy whose condition names the threshold and window in effect.
    /// </summary>
    public static DetectionRule InEffect(DetectionRule rule, WebRuleOptions web, AuthRuleOptions auth, CloudTrailRuleOptions cloudTrail)
    {
        var text = Text(rule.Id, web, auth, cloudTrail);
        return text is null || text == rule.Condition ? rule : rule with { Condition = text };
    }

    /// <summary><paramref name="findings"/> with each rule replaced by <see cref="InEffect(DetectionRule, WebRuleOptions, AuthRuleOptions, CloudTrailRuleOptions)"/> (in place; the list is returned).</summary>
    public static List<Finding> InEffect(List<Finding> findings, WebRuleOptions web, AuthRuleOptions auth, CloudTrailRuleOptions cloudTrail)
    {
        // One described copy per rule, however many findings share it.
        var described = new Dictionary<DetectionRule, DetectionRule>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < findings.Count; i++)
        {
            var rule = findings[i].Rule;
            if (!described.TryGetValue(rule, out var inEffect)) described[rule] = inEffect = InEffect(rule, web, auth, cloudTrail);
            if (!ReferenceEquals(rule, inEffect)) findings[i] = findings[i] with { Rule = inEffect };
        }
        return findings;
    }

    /// <summary>The condition of the thresholded rule <paramref name="id"/> under the options; null for a per-event rule.</summary>
    private static string? Text(string id, WebRuleOptions web, AuthRuleOptions auth, CloudTrailRuleOptions cloudTrail) => id switch
    {
        "W9" => $"≥ {N(web.AuthFailures)} responses 401/403 to one client in {ABucket(web.ErrorWindowSeconds)}",
        "W10" => $"≥ {N(web.Errors)} responses 4xx/5xx to one client in {ABucket(web.ErrorWindowSeconds)}",
        "W10b" => $"≥ {N(web.NotFoundPaths)} distinct paths answered 404 to one client in {ABucket(web.ErrorWindowSeconds)}",
        "W11" => $"> {N(web.RateRequests)} requests from one client in {ABucket(web.RateWindowSeconds)}",
        "W11b" => $"one (client, user agent) with ≥ {N(web.BotRequests)} requests at more than {Rate(web.BotRate)} requests/s on average",
        "W12" => $"method outside the standard set, protocol not HTTP/1.0, 1.1 or 2.0, or target longer than {N(web.MaxTargetBytes)} bytes",
        "L2" => $"≥ {N(auth.BruteForceFailures)} failed logins from one non-private source address to one host in {ABucket(auth.BruteForceWindowSeconds)}",
        "L2b" => $"> {N(auth.LegacyBruteForceFailures)} failed logins from one source address to one host in {ABucket(auth.LegacyBruteForceWindowSeconds)}",
        "L3" => $"≥ {N(auth.SuccessfulBruteForceFailures)} failed logins then an accepted login for the same host, source address and user within one {Bucket(auth.SuccessfulBruteForceWindowSeconds)} bucket",
        "L3b" => $"≥ {N(auth.SuccessAfterFailuresCount)} failed logins then an accepted login for the same host, source address and user within one {Bucket(auth.SuccessAfterFailuresWindowSeconds)} bucket",
        "L4" => $"> {N(auth.SprayUsers)} distinct users and ≥ {N(auth.SprayFailures)} failed logins from one source address in {ABucket(auth.SprayWindowSeconds)}",
        "C1b" => $"> {N(cloudTrail.FailedLogins)} failed console logins (errorMessage Failed authentication or ConsoleLogin Failure) from one sourceIPAddress in {ABucket(cloudTrail.FailedLoginWindowSeconds)}",
        _ => null,
    };

    /// <summary>A bucket length as an adjective: <c>30-second</c>, <c>5-minute</c>, <c>2-hour</c>, <c>7-day</c> (the largest unit that divides it).</summary>
    public static string Bucket(long seconds) => seconds switch
    {
        _ when seconds % 86_400 == 0 => $"{N(seconds / 86_400)}-day",
        _ when seconds % 3_600 == 0 => $"{N(seconds / 3_600)}-hour",
        _ when seconds % 60 == 0 => $"{N(seconds / 60)}-minute",
        _ => $"{N(seconds)}-second",
    };

    /// <summary>"a 5-minute bucket", "an 8-minute bucket", "an 11-second bucket": the article follows how the number is spoken.</summary>
    private static string ABucket(long seconds)
    {
        var bucket = Bucket(seconds);
        var number = long.Parse(bucket.AsSpan(0, bucket.IndexOf('-')), CultureInfo.InvariantCulture);
        // The leading group of three digits is what is said first: eight…, eleven…, eighteen… take "an".
        while (number >= 1000) number /= 1000;
        var an = number is 8 or 11 or 18 or (>= 80 and <= 89) or (>= 800 and <= 899);
        return $"{(an ? "an" : "a")} {bucket} bucket";
    }

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Rate(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}
