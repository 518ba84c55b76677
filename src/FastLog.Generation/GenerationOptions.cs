using FastLog.Columns;
using FastLog.Formats;
using FastLog.Generation.Traffic;

namespace FastLog.Generation;

/// <summary>What <c>fastlog generate</c> was asked for (validated by the CLI).</summary>
public sealed class GenerationOptions
{
    /// <summary>The format to write (one of <see cref="GeneratedFormats.All"/>).</summary>
    public required LogFormat Format { get; init; }
    /// <summary>Exact number of lines, or null when <see cref="SizeBytes"/> is set.</summary>
    public long? Lines { get; init; }
    /// <summary>Stop at the first line end at or past this many bytes, or null when <see cref="Lines"/> is set.</summary>
    public long? SizeBytes { get; init; }
    /// <summary>The seed: the same seed and options give the same bytes.</summary>
    public ulong Seed { get; init; } = 1;
    /// <summary>Inject the default attack scenarios.</summary>
    public bool Attacks { get; init; } = true;
    /// <summary>
    /// Damaged lines per million background lines of the access-log formats (common, combined,
    /// nginx), 0 to 999,999, or null for their default of 1,000 (0.1 %). The other formats ignore it.
    /// </summary>
    public int? MalformedPerMillion { get; init; }
    /// <summary>
    /// Cardinality of the web traffic (clients, paths, agents, ids in paths) for the formats that
    /// draw from it (common, combined, nginx, w3c, alb); the others ignore it.
    /// </summary>
    public TrafficShape Shape { get; init; } = TrafficShape.Default;
    /// <summary>Worker threads (the output does not depend on it).</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;
}
