using FastLog.Columns;
using FastLog.Diagnostics;

namespace FastLog.Formats;

/// <summary>
/// A format whose records are one line each, read with no state between lines and no copy (alb,
/// custom): all it does is parse one line; <see cref="WholeLines{TParser}"/> makes it an
/// <see cref="ILineParser"/>. Implemented by a struct over the parser, for static dispatch.
/// </summary>
public interface IWholeLineParser
{
    /// <summary>The batch the parser fills.</summary>
    LogBatch Batch { get; }

    /// <summary>
    /// Parses <c>block[lineStart, lineEnd)</c> (no LF or trailing CR, never empty) into row
    /// <c>Batch.Count</c>; false with the reason when the line is malformed.
    /// </summary>
    bool ParseLine(ReadOnlySpan<byte> block, int lineStart, int lineEnd, out MalformedReason reason);
}
