using Xunit;

namespace FastLog.Tests.EndToEnd;

/// <summary>
/// Tests that set <c>FASTLOG_SCANNER</c>: the variable is process-wide and read at every CLI
/// start, so these run alone, after the parallel collections (xunit runs a collection with
/// <c>DisableParallelization</c> by itself).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ForcedScannerCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "forced scanner (process-wide FASTLOG_SCANNER)";
}
