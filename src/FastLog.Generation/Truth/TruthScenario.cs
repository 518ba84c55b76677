namespace FastLog.Generation.Truth;

/// <summary>One injected scenario as the truth manifest lists it.</summary>
public sealed class TruthScenario
{
    /// <summary>brute_force, dir_scan, sql_injection, path_traversal, xss, jndi, recon_tool, secret_files, rate_bot, or an auth/CloudTrail kind (<see cref="Attacks.AttackScenario.NameOf"/>).</summary>
    public required string Kind { get; init; }
    /// <summary>The docs/detections.md rule it should trip (auth and CloudTrail logs), else absent.</summary>
    public string? RuleId { get; init; }
    /// <summary>The scenario's only source address; no other line of the log has it.</summary>
    public required string SourceIp { get; init; }
    /// <summary>The user name in its lines (basic-auth guessing), else absent.</summary>
    public string? User { get; init; }
    /// <summary>Every user name in its lines (auth and CloudTrail logs), else absent.</summary>
    public List<string>? Users { get; init; }
    /// <summary>Forged addresses in attacker-controlled text that must never be flagged (R3), else absent.</summary>
    public List<string>? Victims { get; init; }
    /// <summary>Timestamp of its first line, RFC 3339 UTC.</summary>
    public required string Start { get; init; }
    /// <summary>Timestamp of its last line, RFC 3339 UTC.</summary>
    public required string End { get; init; }
    /// <summary>Its lines in the log.</summary>
    public required long Events { get; init; }
}
