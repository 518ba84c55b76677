using System.Buffers.Text;
using System.Text.Json;
using FastLog.Columns;
using FastLog.Diagnostics;

namespace FastLog.Formats.Parquet;

/// <summary>
/// Decodes the JSON lines of <see cref="ParquetLineStream"/> (one flat object per record:
/// <c>log_format</c>, then field names with their values as <c>filter --output jsonl</c> writes
/// them) into batch columns.
/// </summary>
/// <remarks>
/// <para>
/// Values are copied into the parser's own buffer (the line first, then any unescaped string),
/// which is the block handed to the consumer. One batch per format: when the format changes
/// between records the current batch goes out first, so a batch's <c>Format</c> is every
/// record's. A batch's columns are those its records carried (allocated on first sight, null
/// for the records before).
/// </para>
/// <para>Malformed: a line that is not a flat JSON object (<see cref="MalformedReason.BadJson"/>),
/// a record without a valid <c>ts</c> (<see cref="MalformedReason.BadTime"/>), a value of the
/// wrong type for its field (<see cref="MalformedReason.BadFieldType"/>), or a value outside its
/// field's <see cref="FieldDomain"/> (status 600: <see cref="MalformedReason.BadStatus"/>, bytes
/// -5: <see cref="MalformedReason.BadSize"/>, latency -1: <see cref="MalformedReason.BadFieldType"/>).
/// Unknown keys are ignored.</para>
/// </remarks>
public sealed class ParquetLineParser : IBlockParser
{
    private readonly Dictionary<LogFormat, Slot> _slots = new();
    private byte[] _buffer = new byte[1 << 20];
    private int _used;
    private Slot? _current;

    private static readonly Dictionary<string, FieldInfo> s_fields = FieldNames.All.Where(f => ParquetLayout.IsStored(f.Field)).ToDictionary(f => f.Name);
    private static readonly Dictionary<string, FieldInfo>.AlternateLookup<ReadOnlySpan<char>> s_lookup = s_fields.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>A batch of one format and the generic columns it allocated.</summary>
    private sealed class Slot(LogFormat format)
    {
        public readonly LogBatch Batch = new() { Format = format };
        public readonly List<LogField> Generic = [];
        public readonly bool[] Allocated = new bool[FieldNames.Count];
    }

    /// <inheritdoc/>
    public long ParseBlock(ReadOnlySpan<byte> block, in BlockOrigin origin, ParseCounters counters, IBatchConsumer consumer)
    {
        FastLogAssert.True(block.Length > 0 && block[^1] == (byte)'\n');
        _used = 0;
        _current = null;
        foreach (var slot in _slots.Values)
        {
            slot.Batch.Count = 0;
            slot.Batch.Origin = origin;
        }
        var lineStart = 0;
        long lineIndex = 0;
        // Invariant: lineStart is the first byte of a line; every line ends with LF, so each pass
        // consumes one line and the loop ends at block.Length.
        while (lineStart < block.Length)
        {
            var lineEnd = lineStart + block[lineStart..].IndexOf((byte)'\n');
            var line = block[lineStart..lineEnd];
            if (line.Length > 0 && line[^1] == (byte)'\r') line = line[..^1];
            if (line.IsEmpty)
            {
                counters.Lines++;
                counters.Blank++;
            }
            else if (ParseLine(line, origin, lineIndex, lineStart, consumer, out var reason))
            {
                counters.Lines++;
                counters.Parsed++;
            }
            else
            {
                counters.AddMalformed(reason, origin.InputIndex, origin.ChunkIndex, origin.FirstLineIndex + lineIndex,
                    origin.FileOffset + lineStart, line);
            }
            lineStart = lineEnd + 1;
            lineIndex++;
        }
        Flush(consumer);
        return lineIndex;
    }

    private bool ParseLine(ReadOnlySpan<byte> line, in BlockOrigin origin, long lineIndex, int lineStart, IBatchConsumer consumer, out MalformedReason reason)
    {
        reason = MalformedReason.BadJson;
        var format = FormatOf(line);
        if (format == LogFormat.Unknown) return false;
        if (_current is null || _current.Batch.Format != format)
        {
            Flush(consumer);
            if (!_slots.TryGetValue(format, out _current))
            {
                _slots[format] = _current = new Slot(format);
                _current.Batch.Origin = origin;
                MarkNamedColumns(_current);
            }
        }
        var slot = _current;
        var batch = slot.Batch;
        var r = batch.Count;
        var lineOffset = Reserve(line.Length);
        line.CopyTo(_buffer.AsSpan(lineOffset));
        SetNull(slot, r);
        var hasTs = false;
        var reader = new Utf8JsonReader(_buffer.AsSpan(lineOffset, line.Length), new JsonReaderOptions { MaxDepth = 2 });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
            Span<char> name = stackalloc char[64];
            // Invariant: the reader stands before a property name or the closing brace; each pass
            // reads one name and its scalar value.
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                // Field names are short ASCII; a longer key cannot be one and is skipped with its value.
                var key = reader.ValueSpan.Length <= name.Length ? name[..reader.CopyString(name)] : default;
                if (!reader.Read()) return false;
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) return false;
                if (key.IsEmpty || !s_lookup.TryGetValue(key, out var info) || reader.TokenType == JsonTokenType.Null) continue;
                if (!SetValue(slot, r, info, ref reader, lineOffset, out reason)) return false;
                if (info.Field == LogField.Ts) hasTs = true;
            }
            if (reader.TokenType != JsonTokenType.EndObject) return false;
        }
        catch (JsonException)
        {
            return false;
        }
        if (!hasTs)
        {
            reason = MalformedReason.BadTime;
            return false;
        }
        batch.Line[r] = new ByteRange(lineOffset, line.Length);
        batch.LineIndex[r] = origin.FirstLineIndex + lineIndex;
        batch.FileOffset[r] = origin.FileOffset + lineStart;
        batch.Count++;
        if (batch.IsFull) Flush(consumer);
        return true;
    }

    /// <summary>The record's <c>log_format</c> (the first key the reframer writes), Unknown when missing or unknown.</summary>
    private static LogFormat FormatOf(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = 2 });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return LogFormat.Unknown;
            if (!reader.Read() || reader.TokenType != JsonTokenType.PropertyName || !reader.ValueTextEquals("log_format"u8)) return LogFormat.Jsonl;
            if (!reader.Read() || reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped || reader.ValueSpan.Length > 16) return LogFormat.Unknown;
            Span<char> name = stackalloc char[16];
            var n = reader.CopyString(name);
            var format = ParquetLayout.ParseFormat(name[..n]);
            return format is LogFormat.Parquet ? LogFormat.Unknown : format;
        }
        catch (JsonException)
        {
            return LogFormat.Unknown;
        }
    }

    private bool SetValue(Slot slot, int r, FieldInfo info, ref Utf8JsonReader reader, int lineOffset, out MalformedReason reason)
    {
        reason = MalformedReason.BadFieldType;
        var batch = slot.Batch;
        var field = info.Field;
        if (info.IsText)
        {
            if (reader.TokenType != JsonTokenType.String) return false;
            Allocate(slot, field);
            batch.TextColumn(field)![r] = StringRange(ref reader, lineOffset);
            return true;
        }
        long value;
        switch (info.Kind)
        {
            case FieldKind.Time:
                if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped || !TryParseTimestamp(reader.ValueSpan, out value, out var nanoseconds))
                {
                    reason = MalformedReason.BadTime;
                    return false;
                }
                if (nanoseconds > 0) batch.EnsureNanoseconds()[r] = nanoseconds;
                break;
            case FieldKind.Duration:
                if (reader.TokenType != JsonTokenType.Number) return false;
                // A number that is not seconds with up to six decimals (negative, 1e300) is outside the domain.
                if (!TryParseSeconds(reader.ValueSpan, out value)) value = -1;
                break;
            case FieldKind.Symbol:
                if (reader.TokenType != JsonTokenType.String) return false;
                value = SymbolCode(info.Symbols!, reader.ValueSpan);
                if (value < 0) return true; // an unknown name reads as null
                break;
            default:
                if (reader.TokenType != JsonTokenType.Number) return false;
                // A fraction or a number past the long range is no value of an integer field.
                if (!reader.TryGetInt64(out value)) value = -1;
                break;
        }
        // The same ranges as the text parsers (status 100–599, counts and durations not
        // negative, ts in years 0001–9999): the aggregators index by these values unchecked.
        if (!FieldDomain.Contains(field, value))
        {
            reason = FieldDomain.ReasonOf(field);
            return false;
        }
        if (field == LogField.Status)
        {
            batch.Status[r] = (short)value;
            return true;
        }
        Allocate(slot, field);
        batch.NumberColumn(field)![r] = value;
        return true;
    }

    /// <summary>The string value's range in the buffer: inside the copied line when unescaped, else unescaped after it.</summary>
    private ByteRange StringRange(ref Utf8JsonReader reader, int lineOffset)
    {
        if (!reader.ValueIsEscaped)
            return new ByteRange(lineOffset + (int)reader.TokenStartIndex + 1, reader.ValueSpan.Length);
        var offset = Reserve(reader.ValueSpan.Length);
        // Reserve may move the buffer, but the reader still reads the old one, which holds the same line.
        var written = reader.CopyString(_buffer.AsSpan(offset, reader.ValueSpan.Length));
        _used = offset + written;
        return new ByteRange(offset, written);
    }

    private static long SymbolCode(IReadOnlyList<string> names, ReadOnlySpan<byte> value)
    {
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i];
            if (name.Length != value.Length) continue;
            var equal = true;
            for (var j = 0; j < name.Length && equal; j++) equal = name[j] == value[j];
            if (equal) return i;
        }
        return -1;
    }

    /// <summary><c>YYYY-MM-DDTHH:MM:SSZ</c> (what <see cref="FieldRenderer.Timestamp"/> writes) as Unix seconds.</summary>
    public static bool TryParseTimestamp(ReadOnlySpan<byte> text, out long unixSeconds) => TryParseTimestamp(text, out unixSeconds, out var nanoseconds) && nanoseconds == 0 && text.Length == 20;

    /// <summary>
    /// <c>YYYY-MM-DDTHH:MM:SS[.F]Z</c>, F of 1–9 digits (what <see cref="FieldRenderer.Instant"/>
    /// writes), as Unix seconds and nanoseconds.
    /// </summary>
    public static bool TryParseTimestamp(ReadOnlySpan<byte> text, out long unixSeconds, out int nanoseconds)
    {
        nanoseconds = 0;
        unixSeconds = 0;
        if (text.Length > 21 && text.Length <= 30 && text[19] == '.' && text[^1] == 'Z')
        {
            var fraction = text[20..^1];
            if (!Digits(fraction, out var digits)) return false;
            for (var i = fraction.Length; i < 9; i++) digits *= 10;
            nanoseconds = digits;
        }
        else if (text.Length != 20 || text[19] != 'Z')
        {
            return false;
        }
        if (text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':') return false;
        if (!Digits(text[..4], out var year) || !Digits(text.Slice(5, 2), out var month) || !Digits(text.Slice(8, 2), out var day)
            || !Digits(text.Slice(11, 2), out var hour) || !Digits(text.Slice(14, 2), out var minute) || !Digits(text.Slice(17, 2), out var second))
            return false;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return false;
        unixSeconds = (long)(new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc) - DateTime.UnixEpoch).TotalSeconds;
        return true;
    }

    /// <summary>Seconds with up to six decimals (what <see cref="FieldRenderer.Seconds"/> writes) as microseconds.</summary>
    public static bool TryParseSeconds(ReadOnlySpan<byte> text, out long micros)
    {
        micros = 0;
        var dot = text.IndexOf((byte)'.');
        var whole = dot < 0 ? text : text[..dot];
        // Digits only: a sign would let "-0.5" read as +0.5 s.
        if (whole.IsEmpty || whole.Length > 12 || whole[0] is < (byte)'0' or > (byte)'9'
            || !Utf8Parser.TryParse(whole, out long seconds, out var used) || used != whole.Length) return false;
        long fraction = 0;
        if (dot >= 0)
        {
            var digits = text[(dot + 1)..];
            if (digits.IsEmpty || digits.Length > 6) return false;
            foreach (var d in digits)
            {
                if (d is < (byte)'0' or > (byte)'9') return false;
                fraction = fraction * 10 + (d - '0');
            }
            for (var i = digits.Length; i < 6; i++) fraction *= 10;
        }
        micros = seconds * 1_000_000 + fraction;
        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> text, out int value)
    {
        value = 0;
        foreach (var d in text)
        {
            if (d is < (byte)'0' or > (byte)'9') return false;
            value = value * 10 + (d - '0');
        }
        return true;
    }

    /// <summary>The CLF columns always exist in a batch; they are written for every record.</summary>
    private static void MarkNamedColumns(Slot slot)
    {
        foreach (var field in new[] { LogField.Ip, LogField.User, LogField.Method, LogField.Path, LogField.Query, LogField.Protocol,
                     LogField.Referer, LogField.Agent, LogField.Bytes, LogField.RequestTime, LogField.Ts })
            slot.Allocated[(int)field] = true;
    }

    /// <summary>Allocates a generic column on first sight, null for the batch's earlier records.</summary>
    private static void Allocate(Slot slot, LogField field)
    {
        if (slot.Allocated[(int)field]) return;
        slot.Allocated[(int)field] = true;
        slot.Generic.Add(field);
        var batch = slot.Batch;
        if (FieldNames.Info(field).IsText) batch.EnsureText(field).AsSpan(0, batch.Count + 1).Fill(ByteRange.Null);
        else batch.EnsureNumber(field).AsSpan(0, batch.Count + 1).Fill(LogBatch.NullNumber);
    }

    /// <summary>Every column of record <paramref name="r"/> null before its values are read.</summary>
    private static void SetNull(Slot slot, int r)
    {
        var batch = slot.Batch;
        batch.Ip[r] = batch.User[r] = batch.Method[r] = batch.Path[r] = batch.Query[r] = batch.Protocol[r] = batch.Referer[r] = batch.Agent[r] = ByteRange.Null;
        batch.Status[r] = 0;
        batch.Bytes[r] = -1;
        batch.RequestTimeMicros[r] = -1;
        batch.UnixSeconds[r] = 0;
        if (batch.Nanoseconds is { } nanoseconds) nanoseconds[r] = 0;
        foreach (var field in slot.Generic)
        {
            if (FieldNames.Info(field).IsText) batch.EnsureText(field)[r] = ByteRange.Null;
            else batch.EnsureNumber(field)[r] = LogBatch.NullNumber;
        }
    }

    /// <summary>Reserves <paramref name="length"/> bytes at the end of the buffer; returns their offset.</summary>
    private int Reserve(int length)
    {
        if (_buffer.Length - _used < length)
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _used + length)); // deliberate: grows to the largest block's records
        var offset = _used;
        _used += length;
        return offset;
    }

    private void Flush(IBatchConsumer consumer)
    {
        if (_current is not { Batch.Count: > 0 } slot) return;
        consumer.Consume(slot.Batch, _buffer.AsSpan(0, _used));
        slot.Batch.Count = 0;
    }
}
