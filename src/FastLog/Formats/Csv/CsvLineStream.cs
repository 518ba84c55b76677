using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using FastLog.Columns;
using FastLog.Formats.Parquet;

namespace FastLog.Formats.Csv;

/// <summary>
/// The CSV reframer: reads RFC 4180 rows (quoted cells may hold commas, doubled quotes and line
/// breaks) under a header of field names and serves each row as the JSON line
/// <see cref="ParquetLineParser"/> reads: <c>log_format</c> first, then each non-null cell.
/// </summary>
/// <remarks>
/// <para>
/// Cells are read as <c>filter --output csv</c> writes them: <c>-</c> or empty is null, numbers
/// stand as written (durations in seconds), and a quoted cell that the writer neutralised
/// against spreadsheet formulas (<c>'=…</c>, see <see cref="CsvText"/>) loses its <c>'</c>. A
/// number cell that is not a JSON number goes as a string, so the parser reports
/// <c>bad_field_type</c>. Columns that name no field are ignored.
/// </para>
/// <para>
/// Memory is bounded: a row longer than <see cref="MaxRowBytes"/> (an unterminated quote, say) is
/// skipped to its end and served as one line that is not JSON (<c>bad_json</c>).
/// </para>
/// </remarks>
public sealed class CsvLineStream : ReadOnlyStream
{
    /// <summary>1 MiB: the longest row kept, as the longest line of the line formats.</summary>
    public const int MaxRowBytes = 1 << 20;

    private const int LineBatchBytes = 1 << 20;

    private readonly Stream _input;
    private readonly byte[] _buffer = new byte[1 << 16];
    private int _bufferStart;
    private int _bufferEnd;
    private long _bytesRead;
    private byte[] _row = new byte[4096];
    private int _rowLength;
    private bool _rowTooLong;
    private readonly List<(int Start, int Length, bool Quoted)> _cells = [];
    private FieldInfo?[] _columns = [];
    private JsonEncodedText[] _names = [];
    private int _formatColumn = -1;
    private string _defaultFormat = "jsonl";
    private bool _headerRead;
    private bool _ended;
    private readonly MemoryStream _lines = new();
    private readonly Utf8JsonWriter _json;
    private int _linePosition;

    /// <summary>Reads CSV rows from <paramref name="input"/>.</summary>
    public CsvLineStream(Stream input)
    {
        _input = input;
        _json = new Utf8JsonWriter(_lines, new JsonWriterOptions { SkipValidation = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    /// <summary>True when <paramref name="line"/> is a header: comma-separated field names (or <c>log_format</c>), <c>ts</c> among them.</summary>
    public static bool IsHeader(ReadOnlySpan<byte> line)
    {
        if (line.Length > 0 && line[^1] == (byte)'\r') line = line[..^1];
        if (line.IsEmpty || line.Length > 4096) return false;
        var hasTs = false;
        foreach (var range in line.Split((byte)','))
        {
            var name = Encoding.ASCII.GetString(line[range]);
            if (name == ParquetLayout.FormatColumn) continue;
            if (ParquetLayout.FieldOf(name) is not { } field) return false;
            hasTs |= field == LogField.Ts;
        }
        return hasTs;
    }

    /// <inheritdoc/>
    public override long BytesRead => _bytesRead;

    /// <inheritdoc/>
    public override int Read(Span<byte> buffer)
    {
        // Invariant: bytes of _lines from _linePosition on are whole lines not yet served; it is
        // refilled only when all are served, and the loop ends at the input's end.
        while (_linePosition == _lines.Length)
        {
            if (_ended) return 0;
            _lines.SetLength(0);
            _linePosition = 0;
            MakeLines();
        }
        var n = (int)Math.Min(buffer.Length, _lines.Length - _linePosition);
        _lines.GetBuffer().AsSpan(_linePosition, n).CopyTo(buffer);
        _linePosition += n;
        return n;
    }

    private void MakeLines()
    {
        if (!_headerRead)
        {
            _headerRead = true;
            if (!ReadRow()) { _ended = true; return; }
            ReadHeader();
        }
        // Invariant: each pass turns one row into one line; it ends at the input's end or when about LineBatchBytes are ready.
        while (_lines.Length < LineBatchBytes)
        {
            if (!ReadRow())
            {
                _ended = true;
                return;
            }
            WriteLine();
        }
    }

    private void ReadHeader()
    {
        _columns = new FieldInfo?[_cells.Count];
        _names = new JsonEncodedText[_cells.Count];
        var fields = new List<LogField>();
        for (var i = 0; i < _cells.Count; i++)
        {
            var name = Encoding.UTF8.GetString(Cell(i));
            if (name == ParquetLayout.FormatColumn && _formatColumn < 0) _formatColumn = i;
            else if (ParquetLayout.FieldOf(name) is { } field && !fields.Contains(field))
            {
                fields.Add(field);
                _columns[i] = FieldNames.Info(field);
                _names[i] = JsonEncodedText.Encode(name);
            }
        }
        _defaultFormat = ParquetLineStream.DefaultFormat(new Dictionary<string, string>(), fields);
    }

    private ReadOnlySpan<byte> Cell(int i) => _row.AsSpan(_cells[i].Start, _cells[i].Length);

    /// <summary>Writes the row just read as one JSON line (or a non-JSON line for a row too long).</summary>
    private void WriteLine()
    {
        if (_rowTooLong)
        {
            _lines.Write("csv row longer than 1 MiB\n"u8);
            return;
        }
        if (_cells.Count == 1 && _cells[0].Length == 0 && !_cells[0].Quoted)
        {
            _lines.WriteByte((byte)'\n'); // a blank line
            return;
        }
        _json.Reset();
        _json.WriteStartObject();
        var format = _formatColumn >= 0 && _formatColumn < _cells.Count && !IsNull(_formatColumn) ? Cell(_formatColumn) : Encoding.ASCII.GetBytes(_defaultFormat);
        WriteText(ParquetLayout.FormatColumn, format);
        for (var i = 0; i < _cells.Count && i < _columns.Length; i++)
        {
            if (_columns[i] is not { } info || IsNull(i)) continue;
            var value = Cell(i);
            if (_cells[i].Quoted && value.Length > 1 && value[0] == (byte)'\'' && CsvText.NeedsNeutralising(value[1..])) value = value[1..];
            if (info.Kind is FieldKind.Integer or FieldKind.Duration && IsJsonNumber(value))
            {
                _json.WritePropertyName(_names[i]);
                _json.WriteRawValue(value, skipInputValidation: true);
            }
            else
            {
                _json.WritePropertyName(_names[i]);
                WriteStringValue(value);
            }
        }
        _json.WriteEndObject();
        _json.Flush();
        _lines.WriteByte((byte)'\n');
    }

    private void WriteText(string name, ReadOnlySpan<byte> value)
    {
        _json.WritePropertyName(name);
        WriteStringValue(value);
    }

    private void WriteStringValue(ReadOnlySpan<byte> value)
    {
        if (Utf8.IsValid(value)) _json.WriteStringValue(value);
        else _json.WriteStringValue(Encoding.UTF8.GetString(value)); // deliberate: invalid UTF-8 only, replaced by U+FFFD
    }

    /// <summary>An unquoted <c>-</c> or empty cell: the writer's null.</summary>
    private bool IsNull(int i) => !_cells[i].Quoted && (_cells[i].Length == 0 || (_cells[i].Length == 1 && _row[_cells[i].Start] == (byte)'-'));

    /// <summary><c>-?digits[.digits]</c>, without leading zeros: a JSON number as the writers print them.</summary>
    private static bool IsJsonNumber(ReadOnlySpan<byte> s)
    {
        if (s.Length > 0 && s[0] == (byte)'-') s = s[1..];
        var dot = s.IndexOf((byte)'.');
        var whole = dot < 0 ? s : s[..dot];
        if (whole.IsEmpty || whole.Length > 20 || whole.IndexOfAnyExceptInRange((byte)'0', (byte)'9') >= 0 || (whole.Length > 1 && whole[0] == (byte)'0')) return false;
        if (dot < 0) return true;
        var fraction = s[(dot + 1)..];
        return fraction.Length is > 0 and <= 20 && fraction.IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0;
    }

    /// <summary>Reads one row's cells into <c>_row</c> and <c>_cells</c>; false at the end of the input.</summary>
    private bool ReadRow()
    {
        _cells.Clear();
        _rowLength = 0;
        _rowTooLong = false;
        var b = Next();
        if (b < 0) return false;
        // Invariant: b is the first byte of a cell (or the row's end); each pass reads one cell
        // and the byte after it, so every byte is consumed once and the loop ends at LF or EOF.
        while (true)
        {
            var start = _rowLength;
            var quoted = b == (byte)'"';
            if (quoted)
            {
                // Invariant: inside the quotes; a doubled quote is one quote of the value.
                while (true)
                {
                    b = Next();
                    if (b < 0) break;
                    if (b == (byte)'"')
                    {
                        b = Next();
                        if (b != (byte)'"') break;
                    }
                    Append((byte)b);
                }
            }
            // Unquoted bytes, or anything after a closing quote, up to the cell's end.
            while (b >= 0 && b != (byte)',' && b != (byte)'\n')
            {
                Append((byte)b);
                b = Next();
            }
            var length = _rowLength - start;
            if (b == (byte)'\n' || b < 0)
            {
                if (length > 0 && _row[start + length - 1] == (byte)'\r') length--;
                _cells.Add((start, length, quoted));
                return true;
            }
            _cells.Add((start, length, quoted));
            b = Next();
        }
    }

    private void Append(byte b)
    {
        if (_rowTooLong) return;
        if (_rowLength == MaxRowBytes)
        {
            _rowTooLong = true;
            return;
        }
        if (_rowLength == _row.Length) Array.Resize(ref _row, Math.Min(MaxRowBytes, _row.Length * 2)); // deliberate: grows to the longest row
        _row[_rowLength++] = b;
    }

    private int Next()
    {
        if (_bufferStart == _bufferEnd)
        {
            _bufferEnd = _input.Read(_buffer);
            _bufferStart = 0;
            if (_bufferEnd <= 0)
            {
                _bufferEnd = 0;
                return -1;
            }
            _bytesRead += _bufferEnd;
        }
        return _buffer[_bufferStart++];
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _json.Dispose();
            _input.Dispose();
        }
        base.Dispose(disposing);
    }
}
