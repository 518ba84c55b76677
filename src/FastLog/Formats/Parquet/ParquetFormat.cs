using FastLog.Columns;
using FastLog.Scanning;

namespace FastLog.Formats.Parquet;

/// <summary>
/// Parquet files: what <c>convert</c> writes, or any file whose column names are FastLog field
/// names (extra columns ignored, missing ones null). Detected by the <c>PAR1</c> magic.
/// </summary>
/// <remarks>
/// <para>
/// The engine's parsers read lines, so a Parquet input goes through the reframer
/// (<see cref="ParquetLineStream"/>): it reads one row group at a time and turns each row into
/// one JSON line, which <see cref="ParquetLineParser"/> decodes into the batch's columns. The
/// line is the record as <c>filter --output jsonl</c> writes it (nulls left out), led by
/// <c>log_format</c>; it is the batch's <c>Line</c>, what <c>filter</c> prints for the record.
/// </para>
/// <para>
/// Each record's <c>Format</c> is its stored <c>log_format</c>, else the file's single
/// <c>fastlog.format</c>, else a guess from the columns (status: combined, event: auth,
/// event_name: cloudtrail, actor: github, app or host: syslog, otherwise jsonl), so
/// <c>analyze</c> shows the original format's sections.
/// </para>
/// </remarks>
public sealed class ParquetFormat : ILogFormat
{
    /// <inheritdoc/>
    public LogFormat Id => LogFormat.Parquet;

    /// <inheritdoc/>
    public string Name => "parquet";

    /// <inheritdoc/>
    public string Description => "Parquet files written by convert (or with FastLog field names as columns)";

    /// <inheritdoc/>
    public IReadOnlyList<LogField> Fields { get; } = [.. FieldNames.All.Select(f => f.Field).Where(ParquetLayout.IsStored)];

    /// <summary>True when <paramref name="sample"/> starts with the Parquet magic <c>PAR1</c>.</summary>
    public static bool IsParquet(ReadOnlySpan<byte> sample) => sample.StartsWith("PAR1"u8);

    /// <inheritdoc/>
    /// <remarks>A Parquet file is binary: no line format reads it, so the magic alone decides.</remarks>
    public long Probe(ReadOnlySpan<byte> sample, FormatSettings settings) => IsParquet(sample) ? long.MaxValue : 0;

    /// <inheritdoc/>
    public IBlockParser CreateParser(ScannerKind scanner, FormatSettings settings) => new ParquetLineParser();

    /// <inheritdoc/>
    public Func<Stream, Stream>? Reframer(ReadOnlySpan<byte> sample) => stream => new ParquetLineStream(stream);

    /// <summary>The FastLog fields stored as columns of the Parquet file at <paramref name="path"/> (empty when it cannot be read).</summary>
    public static IReadOnlyList<LogField> StoredFields(string path)
    {
        try
        {
            using var file = File.OpenRead(path);
            ParquetFooter.Check(file);
            var schema = global::Parquet.ParquetReader.ReadSchemaAsync(file).GetAwaiter().GetResult();
            return [.. schema.DataFields.Select(c => ParquetLayout.FieldOf(c.Name)).OfType<LogField>()];
        }
        catch (Exception)
        {
            // deliberate: any failure of the foreign-file reader means "no known columns"; the run reports the input's error.
            return [];
        }
    }
}
