using FastLog.Columns;
using FastLog.Diagnostics;

namespace FastLog.Formats;

/// <summary>
/// A block parser that finds NUL regions (runs of NUL at a line start) in a pass it makes anyway,
/// so the input layer need not search every block for them in a pass of its own: the CLF parser
/// from its structural scan (which reports NUL bytes), the JSON parsers from the line loop, which
/// looks at the first byte of every line (<see cref="LineBlockLoop"/>).
/// </summary>
public interface INulScanningBlockParser : IBlockParser
{
    /// <summary>
    /// As <see cref="IBlockParser.ParseBlock"/>, but parses only the whole lines before the
    /// first line that starts with NUL (all of them when none does) and sets
    /// <paramref name="consumed"/> to their length, which is at least one line: the block starts
    /// with a non-NUL byte. Returns the number of lines parsed.
    /// </summary>
    long ParseBlockBeforeNulRegion(ReadOnlySpan<byte> block, in BlockOrigin origin, ParseCounters counters, IBatchConsumer consumer, out int consumed);
}
