using FastLog.Formats;
using FastLog.Fuzz.Engines;
using FastLog.Fuzz.Invariants;

namespace FastLog.Fuzz.Targets;

/// <summary>
/// A block parser fed the input as one block: every scanner gives the same records, every byte
/// range lies inside the block, line numbers and offsets increase, counts add up to lines.
/// </summary>
public sealed class ParserTarget(string name, ILogFormat format, FormatSettings settings, string? generatedFormat, string[] sampleFiles, GuardedArena arena)
    : IFuzzTarget
{
    private ScannerDifferential? _differential;

    /// <inheritdoc/>
    public string Name => name;

    /// <inheritdoc/>
    public void Run(ReadOnlySpan<byte> data)
        => (_differential ??= new ScannerDifferential(name, format, settings, arena)).Check(data);

    /// <inheritdoc/>
    public IEnumerable<(string Name, byte[] Bytes)> Seeds()
    {
        var seeds = new List<(string, byte[])>();
        if (generatedFormat is not null) seeds.AddRange(SeedSlices.Generated(generatedFormat));
        foreach (var file in sampleFiles) seeds.AddRange(SeedSlices.FromFile(Path.Combine(FuzzTargets.RepoRoot, file)));
        return seeds;
    }
}
