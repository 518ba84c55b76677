using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using FastLog.Columns;
using FastLog.Formats.Csv;
using FastLog.Formats.Parquet;

namespace FastLog.Output.Filter;

/// <summary>
/// <c>fastlog filter</c>'s per-worker sink: formats each record as its raw line (escaped on a
/// terminal) or its chosen fields as JSON lines or CSV (<see cref="OrderedRecordWriter"/> keeps
/// the input order).
/// </summary>
public sealed class FilteredRecordWriter : OrderedRecordWriter
{
    private readonly FilterOutputFormat _format;
    private readonly LogField[] _fields;
    private readonly JsonEncodedText[] _names;
    private readonly bool _escapeCells;
    private readonly bool _withFormat;
    private Utf8JsonWriter? _json;
    private MemoryStream? _cell;
    private byte[] _scratch = new byte[4096];
    private byte[] _clean = new byte[4096];
    private char[] _chars = new char[4096];

    /// <summary>Creates one worker's sink writing <paramref name="fields"/> (ignored for raw lines) in <paramref name="format"/>.</summary>
    /// <param name="writer">The shared ordered writer.</param>
    /// <param name="format">Raw lines (escaped or not) or the chosen fields as JSONL or CSV.</param>
    /// <param name="fields">The fields of JSONL and CSV rows.</param>
    /// <param name="escapeForTerminal">Escape CSV cells as raw lines are escaped (standard output is a terminal).</param>
    /// <param name="withFormat">
    /// Lead each JSONL or CSV row with the record's format (<see cref="ParquetLayout.FormatColumn"/>,
    /// as <c>convert</c> does), so reading the output back gives each record its own format again.
    /// </param>
    public FilteredRecordWriter(OrderedChunkWriter writer, FilterOutputFormat format, IReadOnlyList<LogField> fields, bool escapeForTerminal, bool withFormat = false)
        : base(writer)
    {
        _format = format;
        _fields = [.. fields];
        _names = [.. _fields.Select(f => JsonEncodedText.Encode(FieldNames.Name(f)))];
        _escapeCells = escapeForTerminal;
        _withFormat = withFormat;
    }

    private static readonly JsonEncodedText s_formatName = JsonEncodedText.Encode(ParquetLayout.FormatColumn);

    /// <inheritdoc/>
    protected override void Append(LogBatch batch, int r, ReadOnlySpan<byte> block)
    {
        switch (_format)
        {
            case FilterOutputFormat.Raw:
                Piece.Write(batch.Line[r].Slice(block));
                Piece.WriteByte((byte)'\n');
                break;
            case FilterOutputFormat.RawEscaped:
                TerminalLineEscaper.Write(batch.Line[r].Slice(block), Piece);
                Piece.WriteByte((byte)'\n');
                break;
            case FilterOutputFormat.Jsonl:
                WriteJson(batch, r, block);
                break;
            default:
                WriteCsv(batch, r, block);
                break;
        }
    }

    private void WriteJson(LogBatch batch, int r, ReadOnlySpan<byte> block)
    {
        var json = _json ??= new Utf8JsonWriter(Piece, new JsonWriterOptions { SkipValidation = true });
        json.WriteStartObject();
        if (_withFormat) json.WriteString(s_formatName, ParquetLayout.FormatName(batch.Format));
        for (var f = 0; f < _fields.Length; f++)
        {
            var field = _fields[f];
            var name = _names[f];
            var info = FieldNames.Info(field);
            if (batch.TextColumn(field) is { } text)
            {
                var range = text[r];
                if (range.IsNull)
                {
                    json.WriteNull(name);
                    continue;
                }
                var value = range.Slice(block);
                if (Utf8.IsValid(value)) json.WriteString(name, value);
                else json.WriteString(name, Decode(value));
                continue;
            }
            if (info.Kind is FieldKind.Time or FieldKind.Hour)
            {
                var length = FieldRenderer.WriteExact(field, batch, r, block, _scratch);
                json.WriteString(name, _scratch.AsSpan(0, length));
                continue;
            }
            var number = batch.NumberOrNull(field, r);
            if (number == LogBatch.NullNumber)
            {
                json.WriteNull(name);
                continue;
            }
            switch (info.Kind)
            {
                case FieldKind.Duration:
                    var n = FieldRenderer.Seconds(number, _scratch);
                    json.WritePropertyName(name);
                    json.WriteRawValue(_scratch.AsSpan(0, n), skipInputValidation: true);
                    break;
                case FieldKind.Symbol when info.Symbols is { } symbols && (ulong)number < (ulong)symbols.Count:
                    json.WriteString(name, symbols[(int)number]);
                    break;
                default:
                    json.WriteNumber(name, number);
                    break;
            }
        }
        json.WriteEndObject();
        json.Flush();
        json.Reset(); // the next record is a new top-level value, without a separator
        Piece.WriteByte((byte)'\n');
    }

    private void WriteCsv(LogBatch batch, int r, ReadOnlySpan<byte> block)
    {
        if (_withFormat)
        {
            var name = ParquetLayout.FormatName(batch.Format);
            for (var i = 0; i < name.Length; i++) Piece.WriteByte((byte)name[i]);
            if (_fields.Length > 0) Piece.WriteByte((byte)',');
        }
        for (var f = 0; f < _fields.Length; f++)
        {
            if (f > 0) Piece.WriteByte((byte)',');
            var field = _fields[f];
            var needed = FieldRenderer.MaxLength(field, batch, r);
            if (_scratch.Length < needed) _scratch = new byte[Math.Max(needed, _scratch.Length * 2)]; // deliberate: grows to the longest field
            ReadOnlySpan<byte> value = _scratch.AsSpan(0, FieldRenderer.WriteExact(field, batch, r, block, _scratch));
            if (!Utf8.IsValid(value)) value = Encode(Decode(value));
            if (_escapeCells)
            {
                var escaped = _cell ??= new MemoryStream();
                escaped.SetLength(0);
                TerminalLineEscaper.Write(value, escaped);
                CsvText.WriteCell(Piece, escaped.GetBuffer().AsSpan(0, (int)escaped.Length));
            }
            else
            {
                CsvText.WriteCell(Piece, value);
            }
        }
        Piece.WriteByte((byte)'\n');
    }

    /// <summary>Invalid UTF-8 decoded with U+FFFD for each bad sequence, into the reused char buffer.</summary>
    private ReadOnlySpan<char> Decode(ReadOnlySpan<byte> value)
    {
        if (_chars.Length < value.Length) _chars = new char[Math.Max(value.Length, _chars.Length * 2)]; // deliberate: grows to the longest field
        Utf8.ToUtf16(value, _chars, out _, out var written, replaceInvalidSequences: true);
        return _chars.AsSpan(0, written);
    }

    /// <summary>Chars back to UTF-8 in the reused byte buffer.</summary>
    private ReadOnlySpan<byte> Encode(ReadOnlySpan<char> value)
    {
        var needed = value.Length * 3;
        if (_clean.Length < needed) _clean = new byte[Math.Max(needed, _clean.Length * 2)]; // deliberate: grows to the longest field
        Utf8.FromUtf16(value, _clean, out _, out var written);
        return _clean.AsSpan(0, written);
    }
}
