using System.Numerics;
using System.Text.Encodings.Web;
using System.Text.Json;
using FastLog.Columns;
using Parquet;
using Parquet.Schema;

namespace FastLog.Formats.Parquet;

/// <summary>
/// The Parquet reframer: reads a Parquet file one row group at a time with Parquet.Net's
/// low-level <see cref="ParquetReader"/> and serves each row as one JSON line (see
/// <see cref="ParquetFormat"/>), which <see cref="ParquetLineParser"/> turns into columns.
/// </summary>
/// <remarks>
/// <para>
/// Parquet keeps its schema in a footer, so the reader needs a seekable stream, and the pipeline
/// hands reframers a forward-only one (the sniffed sample replayed, or a pipe). The input is
/// therefore first copied to memory when it is at most <see cref="SpoolInMemoryBytes"/>, else to
/// a temporary file deleted on close. Memory is then one row group's columns and up to
/// <see cref="LineBatchBytes"/> of lines.
/// </para>
/// <para>Any failure of the Parquet reader (not a Parquet file, a corrupt page) becomes an
/// <see cref="InvalidDataException"/>, which the pipeline reports as the input's error.</para>
/// </remarks>
public sealed class ParquetLineStream : ReadOnlyStream
{
    /// <summary>64 MiB: smaller inputs are read from memory, larger ones from a temporary file.</summary>
    public const int SpoolInMemoryBytes = 64 << 20;

    /// <summary>1 MiB of lines are made at a time.</summary>
    public const int LineBatchBytes = 1 << 20;

    private readonly Stream _source;
    private readonly Stream _spool;
    private readonly ParquetReader _reader;
    private readonly Column[] _columns;
    private readonly Column? _formatColumn;
    private readonly string _defaultFormat;
    private readonly MemoryStream _lines = new();
    private readonly Utf8JsonWriter _json;
    private readonly byte[] _scratch = new byte[FieldRenderer.MaxFixedLength];
    private int _group = -1;
    private int _groupRows;
    private int _row;
    private int _linePosition;
    private long _bytesRead;

    /// <summary>One column of the file that names a FastLog field: its values of the current row group, as text or as numbers.</summary>
    private sealed class Column(DataField field, FieldInfo? info)
    {
        public DataField Field { get; } = field;
        public FieldInfo? Info { get; } = info;
        public JsonEncodedText Name { get; } = JsonEncodedText.Encode(field.Name);
        public ReadOnlyMemory<char>?[]? Text;
        public long?[]? Numbers;
        /// <summary>For a timestamp column: the microseconds within each value's second.</summary>
        public int[]? Micros;
    }

    /// <summary>Opens <paramref name="input"/> (read to its end now) as a Parquet file.</summary>
    /// <exception cref="InvalidDataException">The input is not a readable Parquet file.</exception>
    public ParquetLineStream(Stream input)
    {
        _source = input;
        _spool = Spool(input, out _bytesRead);
        _json = new Utf8JsonWriter(_lines, new JsonWriterOptions { SkipValidation = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        try
        {
            ParquetFooter.Check(_spool);
            _reader = ParquetReader.CreateAsync(new EndGuardStream(_spool), leaveStreamOpen: true).GetAwaiter().GetResult();
            var columns = new List<Column>();
            foreach (var field in _reader.Schema.Fields.OfType<DataField>())
            {
                if (field.IsArray) continue;
                if (field.Name == ParquetLayout.FormatColumn) _formatColumn = new Column(field, null);
                else if (ParquetLayout.FieldOf(field.Name) is { } known && columns.All(c => c.Info!.Field != known))
                    columns.Add(new Column(field, FieldNames.Info(known)));
            }
            _columns = [.. columns];
            _defaultFormat = DefaultFormat(_reader.CustomMetadata, [.. _columns.Select(c => c.Info!.Field)]);
        }
        catch (Exception e) when (e is not InvalidDataException)
        {
            _spool.Dispose();
            throw new InvalidDataException($"not a readable Parquet file: {e.Message}", e);
        }
    }

    /// <inheritdoc/>
    public override long BytesRead => _bytesRead;

    /// <inheritdoc/>
    public override int Read(Span<byte> buffer)
    {
        // Invariant: bytes in _lines from _linePosition on are whole lines not yet served; the
        // loop refills only when they are all served, and ends at the last row group.
        while (_linePosition == _lines.Length)
        {
            _lines.SetLength(0);
            _linePosition = 0;
            if (_row == _groupRows && !NextRowGroup()) return 0;
            MakeLines();
        }
        var n = (int)Math.Min(buffer.Length, _lines.Length - _linePosition);
        _lines.GetBuffer().AsSpan(_linePosition, n).CopyTo(buffer);
        _linePosition += n;
        return n;
    }

    private static Stream Spool(Stream input, out long length)
    {
        var memory = new MemoryStream();
        var buffer = new byte[1 << 16];
        Stream spool = memory;
        length = 0;
        int n;
        // Invariant: spool holds the first `length` bytes of the input; past the in-memory limit
        // they move to a temporary file once and the rest follows there.
        while ((n = input.Read(buffer)) > 0)
        {
            spool.Write(buffer, 0, n);
            length += n;
            if (spool == memory && length > SpoolInMemoryBytes)
            {
                var file = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
                memory.Position = 0;
                memory.CopyTo(file);
                memory.Dispose();
                spool = file;
            }
        }
        spool.Position = 0;
        return spool;
    }

    /// <summary>
    /// The format of records whose <c>log_format</c> is null or absent: the file's single stored
    /// format (<paramref name="metadata"/>), else a guess from the <paramref name="fields"/> it has
    /// (also for CSV inputs).
    /// </summary>
    public static string DefaultFormat(IReadOnlyDictionary<string, string> metadata, IReadOnlyCollection<LogField> fields)
    {
        if (metadata.TryGetValue(ParquetLayout.FormatKey, out var stored) && stored.Split(',') is [var single]
            && ParquetLayout.ParseFormat(single) != LogFormat.Unknown)
            return single;
        if (fields.Contains(LogField.Status)) return fields.Contains(LogField.RequestTime) ? "nginx" : "combined";
        if (fields.Contains(LogField.Event)) return "auth";
        if (fields.Contains(LogField.EventName)) return "cloudtrail";
        if (fields.Contains(LogField.Actor)) return "github";
        if (fields.Contains(LogField.App) || fields.Contains(LogField.Host)) return "syslog";
        return "jsonl";
    }

    private bool NextRowGroup()
    {
        if (_group + 1 >= _reader.RowGroupCount) return false;
        _group++;
        try
        {
            using var group = _reader.OpenRowGroupReader(_group);
            if (group.RowCount > int.MaxValue) throw new InvalidDataException("a row group holds more than 2^31 rows");
            _groupRows = (int)group.RowCount;
            _row = 0;
            if (_formatColumn is not null) Load(group, _formatColumn, _groupRows);
            foreach (var column in _columns) Load(group, column, _groupRows);
        }
        catch (Exception e) when (e is not InvalidDataException)
        {
            throw new InvalidDataException($"parquet: row group {_group}: {e.Message}", e);
        }
        return true;
    }

    /// <summary>Reads a column of the row group as text or numbers (timestamps in Unix seconds, float durations in microseconds); other types are left out.</summary>
    private static void Load(ParquetRowGroupReader group, Column column, int rows)
    {
        column.Text = null;
        column.Numbers = null;
        column.Micros = null;
        var field = column.Field;
        var type = field.ClrType;
        if (type == typeof(ReadOnlyMemory<char>) || type == typeof(string))
        {
            var text = new ReadOnlyMemory<char>?[rows];
            group.ReadAsync<ReadOnlyMemory<char>>(field, text.AsMemory()).AsTask().GetAwaiter().GetResult();
            column.Text = text;
        }
        else if (type == typeof(long)) column.Numbers = Integers<long>(group, field, rows);
        else if (type == typeof(int)) column.Numbers = Integers<int>(group, field, rows);
        else if (type == typeof(short)) column.Numbers = Integers<short>(group, field, rows);
        else if (type == typeof(sbyte)) column.Numbers = Integers<sbyte>(group, field, rows);
        else if (type == typeof(byte)) column.Numbers = Integers<byte>(group, field, rows);
        else if (type == typeof(ushort)) column.Numbers = Integers<ushort>(group, field, rows);
        else if (type == typeof(uint)) column.Numbers = Integers<uint>(group, field, rows);
        else if (type == typeof(ulong)) column.Numbers = Integers<ulong>(group, field, rows);
        else if (type == typeof(bool))
            column.Numbers = Convert(Values<bool>(group, field, rows), b => b ? 1 : 0);
        else if (type == typeof(DateTime))
        {
            var times = Values<DateTime>(group, field, rows);
            column.Numbers = Convert(times, t => Math.DivRem((t - DateTime.UnixEpoch).Ticks, TimeSpan.TicksPerSecond, out var rest) - (rest < 0 ? 1 : 0));
            column.Micros = new int[rows];
            for (var i = 0; i < rows; i++)
            {
                if (times[i] is not { } t) continue;
                var rest = (t - DateTime.UnixEpoch).Ticks % TimeSpan.TicksPerSecond;
                column.Micros[i] = (int)((rest < 0 ? rest + TimeSpan.TicksPerSecond : rest) / TimeSpan.TicksPerMicrosecond);
            }
        }
        else if (type == typeof(double) || type == typeof(float))
        {
            // Floating durations are taken as seconds (pandas, Spark); other floats are truncated.
            // NaN is no value (null); infinities saturate and fail the field's domain.
            var scale = column.Info!.Kind == FieldKind.Duration ? 1e6 : 1;
            column.Numbers = type == typeof(double)
                ? Convert(Values<double>(group, field, rows), d => double.IsNaN(d) ? null : (long)Math.Round(d * scale))
                : Convert(Values<float>(group, field, rows), f => float.IsNaN(f) ? null : (long)Math.Round(f * scale));
        }
    }

    private static T?[] Values<T>(ParquetRowGroupReader group, DataField field, int rows) where T : struct
    {
        var values = new T?[rows];
        if (field.IsNullable)
        {
            group.ReadAsync<T>(field, values.AsMemory()).AsTask().GetAwaiter().GetResult();
            return values;
        }
        var required = new T[rows];
        group.ReadAsync<T>(field, required.AsMemory()).AsTask().GetAwaiter().GetResult();
        for (var i = 0; i < rows; i++) values[i] = required[i];
        return values;
    }

    private static long?[] Integers<T>(ParquetRowGroupReader group, DataField field, int rows) where T : struct, IBinaryInteger<T>
        => Convert(Values<T>(group, field, rows), v => long.CreateSaturating(v));

    private static long?[] Convert<T>(T?[] values, Func<T, long?> convert) where T : struct
    {
        var numbers = new long?[values.Length];
        for (var i = 0; i < values.Length; i++) numbers[i] = values[i] is { } v ? convert(v) : null;
        return numbers;
    }

    /// <summary>Turns rows into JSON lines until about <see cref="LineBatchBytes"/> are ready or the row group ends.</summary>
    private void MakeLines()
    {
        // Invariant: rows before _row are in _lines (or served); each pass adds one whole line.
        while (_row < _groupRows && _lines.Length < LineBatchBytes)
        {
            _json.Reset();
            _json.WriteStartObject();
            var format = _formatColumn?.Text?[_row] is { } stored ? stored.Span : _defaultFormat.AsSpan();
            _json.WriteString("log_format"u8, format);
            foreach (var column in _columns) WriteValue(column, _row);
            _json.WriteEndObject();
            _json.Flush();
            _lines.WriteByte((byte)'\n');
            _row++;
        }
    }

    /// <summary>Writes the column's value of <paramref name="row"/> as <c>filter --output jsonl</c> would; nulls and values of a type the field cannot hold are left out.</summary>
    private void WriteValue(Column column, int row)
    {
        var info = column.Info!;
        if (column.Text?[row] is { } text)
        {
            if (info.IsText || info.Kind == FieldKind.Symbol) _json.WriteString(column.Name, text.Span);
            return;
        }
        if (column.Numbers?[row] is not { } number) return;
        switch (info.Kind)
        {
            case FieldKind.Text or FieldKind.Address:
                _json.WriteString(column.Name, number.ToString(System.Globalization.CultureInfo.InvariantCulture));
                break;
            case FieldKind.Time when FieldDomain.IsTime(number):
                var micros = column.Micros is { } fractions ? fractions[row] : 0;
                _json.WriteString(column.Name, _scratch.AsSpan(0, FieldRenderer.Instant(number, micros * 1000, _scratch)));
                break;
            case FieldKind.Time:
                // Seconds outside years 0001–9999 have no timestamp text: the number goes as it is, and the parser reports bad_time.
                _json.WriteNumber(column.Name, number);
                break;
            case FieldKind.Duration:
                // A negative duration is written as such, so the parser reports it (bad_field_type) instead of dropping it.
                var sign = number < 0 ? 1 : 0;
                if (sign == 1) _scratch[0] = (byte)'-';
                var length = FieldRenderer.Seconds(number == long.MinValue ? long.MaxValue : Math.Abs(number), _scratch.AsSpan(sign));
                _json.WritePropertyName(column.Name);
                _json.WriteRawValue(_scratch.AsSpan(0, sign + length), skipInputValidation: true);
                break;
            case FieldKind.Symbol when info.Symbols is { } names && (ulong)number < (ulong)names.Count:
                _json.WriteString(column.Name, names[(int)number]);
                break;
            case FieldKind.Integer:
                _json.WriteNumber(column.Name, number);
                break;
        }
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
            _spool.Dispose();
            _json.Dispose();
            _source.Dispose();
        }
        base.Dispose(disposing);
    }
}
