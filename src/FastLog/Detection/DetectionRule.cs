namespace FastLog.Detection;

/// <summary>A built-in rule: stable id, name, severity, the condition in words and the public rule it follows.</summary>
/// <param name="Id">Stable id (W1 …), used in output and options.</param>
/// <param name="Name">Short name.</param>
/// <param name="Severity">Severity of its findings.</param>
/// <param name="Condition">The condition in plain words, with its threshold and window.</param>
/// <param name="Reference">The public rule it follows (README, `detect`).</param>
public sealed record DetectionRule(string Id, string Name, Severity Severity, string Condition, string Reference)
{
    /// <summary>ECS <c>event.category</c> of its findings: <c>web</c>, <c>authentication</c>, <c>iam</c> ….</summary>
    public string Category { get; init; } = "web";

    /// <summary>The position of <paramref name="rule"/> in its family's list <paramref name="family"/>: the index its hits are kept under.</summary>
    public static int IndexIn(IReadOnlyList<DetectionRule> family, DetectionRule rule)
    {
        for (var i = 0; i < family.Count; i++)
            if (ReferenceEquals(family[i], rule)) return i;
        throw new ArgumentException($"{rule.Id} is not a rule of this family", nameof(rule));
    }
}
