namespace FastLog.Generation.Traffic;

/// <summary>
/// The cardinality knobs of <c>generate</c> (<c>--clients</c>, <c>--paths</c>, <c>--agents</c>,
/// <c>--id-paths</c>): each null (or 0 for <see cref="IdPaths"/>) leaves the default model, and
/// its random draws, untouched, so a log made without them is byte-identical to one made before
/// they existed.
/// </summary>
/// <param name="Clients">Distinct background client addresses (heavy hitters included; no transient visitors), or null.</param>
/// <param name="Paths">Distinct request targets in the pool, or null for the default 20,000.</param>
/// <param name="Agents">User agents in the catalog (its own ones plus generated browser versions), or null.</param>
/// <param name="IdPaths">Share of background requests whose target carries a fresh numeric id (0 to 1).</param>
public sealed record TrafficShape(int? Clients = null, int? Paths = null, int? Agents = null, double IdPaths = 0)
{
    /// <summary>The default model.</summary>
    public static readonly TrafficShape Default = new();

    /// <summary>Fewest <see cref="Clients"/>: the named heavy hitters alone, plus one of the population.</summary>
    public const int MinClients = 10;
    /// <summary>Most <see cref="Clients"/> (the pool's tables stay under about 1 GB).</summary>
    public const int MaxClients = 10_000_000;
    /// <summary>Fewest <see cref="Paths"/>: the fixed head of the pool (/, /favicon.ico, /api/health, …).</summary>
    public const int MinPaths = 20;
    /// <summary>Most <see cref="Paths"/>; use <see cref="IdPaths"/> for logs where every path is distinct.</summary>
    public const int MaxPaths = 5_000_000;
    /// <summary>Fewest <see cref="Agents"/>: the catalog's own, named agents.</summary>
    public static int MinAgents => UserAgentCatalog.OwnCount;
    /// <summary>Most <see cref="Agents"/> (agent indices are 16-bit).</summary>
    public const int MaxAgents = 30_000;
}
