namespace FastLog.Generation.Attacks;

/// <summary>One injected attack: who, what, when and how many requests.</summary>
public sealed class AttackScenario
{
    /// <summary>Position in the plan (0-based); also its random stream.</summary>
    public required int Index { get; init; }
    /// <summary>What the attack is.</summary>
    public required AttackKind Kind { get; init; }
    /// <summary>Which flavour of the kind (tool, target, user), cycling over instances of the kind.</summary>
    public required int Variant { get; init; }
    /// <summary>The source address; no background client and no other scenario uses it.</summary>
    public required string SourceIp { get; init; }
    /// <summary>The user name the attack logs in as (basic-auth guessing), or null.</summary>
    public string? User { get; init; }
    /// <summary>Start of the planned window, Unix seconds (UTC).</summary>
    public required long WindowStart { get; init; }
    /// <summary>Length of the planned window in seconds.</summary>
    public required long WindowSeconds { get; init; }
    /// <summary>Planned number of requests.</summary>
    public required int Events { get; init; }

    /// <summary>The kind's name in the truth manifest (snake_case).</summary>
    public string KindName => NameOf(Kind);

    /// <summary>The manifest name of <paramref name="kind"/>.</summary>
    public static string NameOf(AttackKind kind) => kind switch
    {
        AttackKind.BruteForce => "brute_force",
        AttackKind.DirectoryScan => "dir_scan",
        AttackKind.SqlInjection => "sql_injection",
        AttackKind.PathTraversal => "path_traversal",
        AttackKind.Xss => "xss",
        AttackKind.Jndi => "jndi",
        AttackKind.ReconTool => "recon_tool",
        AttackKind.SecretFiles => "secret_files",
        _ => "rate_bot",
    };
}
