using FastLog.Columns;
using FastLog.Formats.Parquet;
using FastLog.Scanning;

namespace FastLog.Formats.Csv;

/// <summary>
/// CSV whose header names FastLog fields (what <c>convert --to csv</c> and <c>filter --output
/// csv</c> write): each row reads back as the record it was, with <c>log_format</c> giving its
/// format (else a guess from the columns, as for Parquet).
/// </summary>
/// <remarks>
/// Like Parquet, a CSV input goes through a reframer (<see cref="CsvLineStream"/>) that turns each
/// row into the JSON line <c>filter --output jsonl</c> would print for it, which
/// <see cref="ParquetLineParser"/> decodes; so values pass the same checks (domains, types).
/// </remarks>
public sealed class CsvFormat : ILogFormat
{
    /// <inheritdoc/>
    public LogFormat Id => LogFormat.Csv;

    /// <inheritdoc/>
    public string Name => "csv";

    /// <inheritdoc/>
    public string Description => "CSV written by convert or filter (a header of field names; log_format gives each row's format)";

    /// <inheritdoc/>
    public IReadOnlyList<LogField> Fields { get; } = [.. FieldNames.All.Select(f => f.Field).Where(ParquetLayout.IsStored)];

    /// <inheritdoc/>
    /// <remarks>Only a header of known names with <c>ts</c> among them: such a line is no log record of another format.</remarks>
    public long Probe(ReadOnlySpan<byte> sample, FormatSettings settings)
        => CsvLineStream.IsHeader(sample[..Math.Max(0, sample.IndexOf((byte)'\n'))]) ? long.MaxValue : 0;

    /// <inheritdoc/>
    public IBlockParser CreateParser(ScannerKind scanner, FormatSettings settings) => new ParquetLineParser();

    /// <inheritdoc/>
    public Func<Stream, Stream>? Reframer(ReadOnlySpan<byte> sample) => stream => new CsvLineStream(stream);
}
