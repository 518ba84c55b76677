using FastLog.Columns;
using FastLog.Diagnostics;
using FastLog.Formats;

namespace FastLog.Query;

/// <summary>
/// Skips, unparsed, the lines of a block that do not contain the filter's
/// <see cref="RecordFilter.RequiredLiteral"/>: no record on them could match. A vectorized
/// search finds the literal; only the lines around its occurrences (runs of adjacent lines
/// together) go to the real parser, with their true origin, so line numbers and offsets of
/// what is parsed are unchanged.
/// </summary>
/// <remarks>
/// <para>
/// This is what makes <c>filter --where 'ua contains "sqlmap"'</c> or
/// <c>count --where 'status == 404'</c> run near the speed of a literal search instead of a
/// full parse. The price: skipped lines are not classified, so the line accounting (parsed,
/// blank, malformed) covers only the candidate lines. Only commands that do not report that
/// accounting use it (<c>PipelineOptions.SkipLinesWithoutLiteral</c>); the line count returned
/// is still every line of the block.
/// </para>
/// <para>
/// When candidates make up more than a quarter of a block, the block is parsed whole: many
/// small runs would cost more than the lines skipped save.
/// </para>
/// <para>
/// An inner parser that reads the line before each record (<see cref="IContextualBlockParser"/>
/// with no lookback: the access-log parser's suspect continuations) gets it: every run starts
/// one line early, and the last line of every block is parsed, so the first line of the next
/// block has its predecessor too. The extra lines hold no literal, so the filter drops their
/// records. A parser with a longer lookback (auth: an sshd session's earlier lines) sees only the
/// lines that hold the literal, in its chunk and in its lookback alike (the other lookback lines
/// are blanked to spaces, keeping offsets), so its context, and its records, do not depend on
/// chunking; an ambiguous auth line is then resolved only from earlier lines with the literal.
/// </para>
/// </remarks>
public sealed class LiteralPrefilterParser(IBlockParser inner, byte[] literal) : IContextualBlockParser
{
    /// <summary>Past 1/4 of the block's bytes in candidate lines, parse the whole block.</summary>
    private const int DenseShift = 2;

    private readonly bool _withPredecessor = inner is IContextualBlockParser { UsesContext: true, LookbackBytes: 0 };
    private (int Start, int End)[] _runs = new (int, int)[64];
    private readonly bool _literalContextOnly = inner is IContextualBlockParser { UsesContext: true, LookbackBytes: > 0 };
    private byte[] _lookback = [];

    /// <inheritdoc/>
    public bool UsesContext => inner is IContextualBlockParser { UsesContext: true };

    /// <inheritdoc/>
    public int LookbackBytes => inner is IContextualBlockParser contextual ? contextual.LookbackBytes : 0;

    /// <inheritdoc/>
    public void BeginChunk(ReadOnlySpan<byte> preceding, in BlockOrigin origin)
    {
        if (inner is not IContextualBlockParser contextual) return;
        if (_withPredecessor)
        {
            contextual.BeginChunk(preceding, origin);
            return;
        }
        if (_lookback.Length < preceding.Length) _lookback = new byte[preceding.Length];
        var copy = _lookback.AsSpan(0, preceding.Length);
        preceding.CopyTo(copy);
        var lineStart = 0;
        // Invariant: lines before lineStart are kept or blanked; `preceding` is whole lines.
        while (lineStart < copy.Length)
        {
            var lineEnd = lineStart + copy[lineStart..].IndexOf((byte)'\n');
            if (copy[lineStart..lineEnd].IndexOf(literal) < 0) copy[lineStart..lineEnd].Fill((byte)' ');
            lineStart = lineEnd + 1;
        }
        contextual.BeginChunk(copy, origin);
    }

    /// <inheritdoc/>
    public long ParseBlock(ReadOnlySpan<byte> block, in BlockOrigin origin, ParseCounters counters, IBatchConsumer consumer)
    {
        var runCount = 0;
        var candidateBytes = 0;
        var at = 0;
        // Invariant: every line ending before `at` that holds the literal is inside a run of
        // _runs[0, runCount); runs are whole lines (start after a LF or at 0, end just past a
        // LF), ascending and disjoint. Each step moves `at` past at least one line.
        while (at < block.Length)
        {
            var hit = block[at..].IndexOf(literal);
            if (hit < 0) break;
            hit += at;
            var start = block[..hit].LastIndexOf((byte)'\n') + 1;
            var end = hit + block[hit..].IndexOf((byte)'\n') + 1; // the block ends with a LF
            candidateBytes += AddRun(block, start, end, ref runCount);
            // Not for a lookback parser: its lines without the literal must never give context, dense block or not.
            if (candidateBytes > block.Length >> DenseShift && !_literalContextOnly) return inner.ParseBlock(block, origin, counters, consumer);
            at = end;
        }

        if (_withPredecessor)
        {
            var lastStart = block[..^1].LastIndexOf((byte)'\n') + 1;
            AddRun(block, lastStart, block.Length, ref runCount);
        }

        var linesBefore = 0L;
        var counted = 0;
        // Invariant: linesBefore is the number of LFs in block[0, counted); each run is parsed
        // with the origin of its first byte, so its records and samples carry true positions.
        for (var r = 0; r < runCount; r++)
        {
            var (start, end) = _runs[r];
            linesBefore += block[counted..start].Count((byte)'\n');
            var runOrigin = new BlockOrigin(origin.InputIndex, origin.ChunkIndex, origin.FileOffset + start, origin.FirstLineIndex + linesBefore);
            linesBefore += inner.ParseBlock(block[start..end], runOrigin, counters, consumer);
            counted = end;
        }
        return linesBefore + block[counted..].Count((byte)'\n');
    }

    /// <summary>Adds the lines <c>[start, end)</c> (from one line earlier with <see cref="_withPredecessor"/>), merged with the last run when they touch; returns the bytes added.</summary>
    private int AddRun(ReadOnlySpan<byte> block, int start, int end, ref int runCount)
    {
        if (_withPredecessor && start > 0) start = block[..(start - 1)].LastIndexOf((byte)'\n') + 1;
        if (runCount > 0 && _runs[runCount - 1].End >= start)
        {
            var added = Math.Max(0, end - _runs[runCount - 1].End);
            _runs[runCount - 1].End = Math.Max(_runs[runCount - 1].End, end);
            return added;
        }
        if (runCount == _runs.Length) Array.Resize(ref _runs, runCount * 2); // deliberate: grows once per worker
        _runs[runCount++] = (start, end);
        return end - start;
    }
}
