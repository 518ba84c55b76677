using System.Text;
using FastLog.Detection.Custom;
using FastLog.Fuzz.Invariants;

namespace FastLog.Fuzz.Targets;

/// <summary>
/// The custom rules file (<c>--rules</c>): a bad file is refused only with
/// <see cref="RuleFileException"/>; an accepted one has at most <see cref="CustomRuleSet.MaxRules"/>
/// rules with distinct ids (ignoring case), windows within bounds, and each rule's <c>where</c>
/// runs over sample records.
/// </summary>
public sealed class RulesTarget(WhereTarget where) : IFuzzTarget
{
    private const long Now = 1_700_000_000;

    /// <inheritdoc/>
    public string Name => "rules";

    /// <inheritdoc/>
    public void Run(ReadOnlySpan<byte> data)
    {
        CustomRuleSet set;
        try
        {
            set = CustomRuleSet.Parse(data, "fuzz.json", Now);
        }
        catch (RuleFileException)
        {
            return;
        }
        if (set.Rules.Count > CustomRuleSet.MaxRules) Fail($"{set.Rules.Count} rules");
        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var rule in set.Rules)
        {
            if (!ids.Add(rule.Rule.Id)) Fail($"duplicate id '{rule.Rule.Id}'");
            if (rule.Rule.Id.Length is 0 or > CustomRuleSet.MaxIdLength) Fail($"id of {rule.Rule.Id.Length} chars");
            if (rule.WindowSeconds < 0 || rule.WindowSeconds > CustomRuleSet.MaxWindowSeconds) Fail($"window {rule.WindowSeconds} s");
            if (rule.Threshold < 0) Fail($"threshold {rule.Threshold}");
            if (rule.Where is { } filter) where.Evaluate(filter);
        }
    }

    private static void Fail(string message) => throw new InvariantViolation("rules", message);

    /// <inheritdoc/>
    public IEnumerable<(string Name, byte[] Bytes)> Seeds()
    {
        string[] files =
        [
            """[{"id": "BF", "name": "login failures", "severity": "high", "where": "status == 401", "threshold": 5, "window": "10m"}]""",
            """{"rules": [{"id": "ADM", "name": "admin", "severity": "medium", "where": "path startswith '/admin'", "group_by": "ip", "distinct": "path", "threshold": 3, "window": "1h"}]}""",
            """[{"id": "K1", "name": "kw", "severity": "low", "keywords": ["sqlmap", "nikto"], "formats": ["combined", "nginx"]}, /* c */ {"id": "k2", "name": "x", "severity": "critical", "where": "ua == null", "description": "d",},]""",
            "\uFEFF[]",
        ];
        for (var i = 0; i < files.Length; i++) yield return ($"rules-{i}", Encoding.UTF8.GetBytes(files[i]));
    }
}
