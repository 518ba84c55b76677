using FastLog.Columns;
using FastLog.Scanning;

namespace FastLog.Formats;

/// <summary>
/// One format: its name and fields, how to recognise it from an input's first bytes, and how to
/// build the parser one worker uses. Implementations are stateless singletons listed in
/// <see cref="FormatRegistry"/>.
/// </summary>
public interface ILogFormat
{
    /// <summary>The format.</summary>
    LogFormat Id { get; }

    /// <summary>The name <c>--format</c> takes and reports print.</summary>
    string Name { get; }

    /// <summary>One line for <c>fastlog formats</c>.</summary>
    string Description { get; }

    /// <summary>The fields its records carry (<c>fastlog formats</c>, default <c>filter --fields</c>).</summary>
    IReadOnlyList<LogField> Fields { get; }

    /// <summary>The fields its records carry under <paramref name="settings"/> (jsonl: those the <c>--field</c> mappings add); <see cref="Fields"/> by default.</summary>
    IReadOnlyList<LogField> FieldsWith(FormatSettings settings) => Fields;

    /// <summary>
    /// How many records of <paramref name="sample"/> (an input's first <see cref="FormatDetector.SampleBytes"/>
    /// bytes, possibly cut mid-line) this format reads; 0 when it is not this format. Detection
    /// picks the highest, ties going to the format listed first.
    /// </summary>
    long Probe(ReadOnlySpan<byte> sample, FormatSettings settings);

    /// <summary>A parser for one worker.</summary>
    IBlockParser CreateParser(ScannerKind scanner, FormatSettings settings);

    /// <summary>
    /// True (default) when every text value stands verbatim in its line's bytes, so a line that
    /// lacks a filter's literal cannot match and may be skipped unparsed
    /// (<c>Query.LiteralPrefilterParser</c>); false for formats that unescape values (JSON:
    /// <c>caf\u00e9</c> is <c>café</c>).
    /// </summary>
    bool ValuesStandVerbatim => true;

    /// <summary>
    /// For inputs whose records are not one per line (a CloudTrail <c>{"Records":[…]}</c> file):
    /// a function that turns the input into one record per line, or null when
    /// <paramref name="sample"/> shows the input is line-delimited. A reframed input is read as
    /// one stream (not split into chunks).
    /// </summary>
    Func<Stream, Stream>? Reframer(ReadOnlySpan<byte> sample) => null;
}
