namespace FastLog.Generation.Truth;

/// <summary>One injected scenario as the truth manifest lists it.</summary>
public sealed class TruthScenario
{
    /// <summary>brute_force, dir_scan, sql_injection, path_traversal, xss, jndi, recon_tool, secret_files or rate_bot.</summary>
    public required string Kind { get; init; }
    /// <summary>The scenario's only source address; no other line of the log has it.</summary>
    public required string SourceIp { get; init; }
    /// <summary>The user name in its lines (basic-auth guessing), else absent.</summary>
    public string? User { get; init; }
    /// <summary>Timestamp of its first line, RFC 3339 UTC.</summary>
    public required string Start { get; init; }
    /// <summary>Timestamp of its last line, RFC 3339 UTC.</summary>
    public required string End { get; init; }
    /// <summary>Its lines in the log.</summary>
    public required long Events { get; init; }
}
