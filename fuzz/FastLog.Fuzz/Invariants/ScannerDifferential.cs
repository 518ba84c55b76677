using FastLog.Columns;
using FastLog.Diagnostics;
using FastLog.Formats;
using FastLog.Fuzz.Engines;
using FastLog.Scanning;

namespace FastLog.Fuzz.Invariants;

/// <summary>
/// Parses one block with a parser per available scanner (scalar, v128, v256), each block placed
/// against a guard page, checks each parse with <see cref="BlockChecker"/> and requires the same
/// records and line accounting from every scanner.
/// </summary>
public sealed class ScannerDifferential
{
    /// <summary>
    /// Past 4 GiB and not at line 0: offsets and line numbers must be carried as 64-bit values
    /// and from the origin, not recomputed from the block.
    /// </summary>
    public static readonly BlockOrigin Origin = new(InputIndex: 0, ChunkIndex: 3, FileOffset: (1L << 32) + 17, FirstLineIndex: 1000);

    private static readonly byte[] s_lf = [(byte)'\n'];
    private readonly string _target;
    private readonly (ScannerKind Kind, IBlockParser Parser)[] _parsers;
    private readonly BlockChecker _checker;
    private readonly GuardedArena _arena;

    /// <summary>Parsers of <paramref name="format"/> under <paramref name="settings"/>, one per scanner this CPU has.</summary>
    public ScannerDifferential(string target, ILogFormat format, FormatSettings settings, GuardedArena arena)
    {
        _target = target;
        _parsers = [.. ScannerFactory.Available.Select(kind => (kind, format.CreateParser(kind, settings)))];
        _checker = new BlockChecker(target);
        _arena = arena;
    }

    /// <summary>Parses <paramref name="data"/> as one block (a LF appended when it lacks one, as the input layer does).</summary>
    public void Check(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty) return;
        var suffix = data[^1] == (byte)'\n' ? default : s_lf.AsSpan();
        ulong? firstDigest = null;
        long firstParsed = 0, firstMalformed = 0;
        foreach (var (kind, parser) in _parsers)
        {
            // Placed again for each scanner: a parser must not depend on bytes another one wrote.
            var block = _arena.Place(data, suffix);
            var counters = new ParseCounters();
            _checker.Reset(Origin, block.Length);
            if (parser is IContextualBlockParser contextual) contextual.BeginChunk(default, Origin);
            var lines = parser.ParseBlock(block, Origin, counters, _checker);
            _checker.CheckCounters(counters, lines, block, Origin);
            if (firstDigest is null)
            {
                firstDigest = _checker.Digest;
                firstParsed = counters.Parsed;
                firstMalformed = counters.Malformed;
            }
            else if (firstDigest != _checker.Digest || firstParsed != counters.Parsed || firstMalformed != counters.Malformed)
            {
                throw new InvariantViolation(_target, $"scanner {ScannerFactory.NameOf(kind)} disagrees with scalar: parsed {counters.Parsed} vs {firstParsed}, malformed {counters.Malformed} vs {firstMalformed}, records digest {_checker.Digest:x16} vs {firstDigest:x16}");
            }
        }
    }
}
