using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Text.Json;
using FastLog.Columns;
using FastLog.Diagnostics;

namespace FastLog.Formats.Json;

/// <summary>
/// How <see cref="JsonRecordParser"/> writes one JSON value into a spec's column: text ranges
/// (unescaped into the buffer when needed), integers, durations, symbols and instants, each
/// checked against its field's domain.
/// </summary>
public sealed partial class JsonRecordParser
{
    /// <summary>An object value that was walked for its children: text fields take its raw JSON, <c>payload_bytes</c> its length.</summary>
    private void AssignRaw(int t, int slot, int offset, int length)
    {
        var target = _targets[t];
        if (target.Type == JsonValueType.Text && target.Text![slot].IsNull) target.Text[slot] = new ByteRange(offset, length);
        else if (target.Type == JsonValueType.RawLength && target.Numbers![slot] == target.NullValue) target.Numbers[slot] = length;
    }

    /// <summary>With the reader on a value's first token, writes it into target <paramref name="t"/> (unless already set) and leaves the reader on its last token.</summary>
    private void Assign(ref Utf8JsonReader reader, int t, int slot, int copyOffset)
    {
        var target = _targets[t];
        var token = reader.TokenType;
        if (target.Type == JsonValueType.Text)
        {
            var column = target.Text!;
            if (!column[slot].IsNull)
            {
                reader.Skip();
                return;
            }
            switch (token)
            {
                case JsonTokenType.String:
                    column[slot] = StringRange(ref reader, copyOffset);
                    break;
                case JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False:
                    column[slot] = new ByteRange(copyOffset + (int)reader.TokenStartIndex, reader.ValueSpan.Length);
                    break;
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    column[slot] = new ByteRange(copyOffset + start, (int)reader.BytesConsumed - start);
                    break;
            }
            return;
        }

        var numbers = target.Numbers!;
        if (numbers[slot] != target.NullValue)
        {
            reader.Skip();
            return;
        }
        if (target.Type == JsonValueType.RawLength)
        {
            var start = reader.TokenStartIndex;
            reader.Skip();
            numbers[slot] = reader.BytesConsumed - start;
            return;
        }
        if (token is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            reader.Skip();
            if (target.Field == LogField.Ts) _tsReason = MalformedReason.BadFieldType;
            return;
        }
        if (token == JsonTokenType.Null) return;
        long value;
        var nanoseconds = 0;
        var ok = target.Type switch
        {
            JsonValueType.Integer => TryReadInteger(ref reader, out value),
            JsonValueType.Seconds or JsonValueType.Milliseconds or JsonValueType.Microseconds => TryReadDuration(ref reader, target.MicrosPerUnit, out value),
            JsonValueType.Symbol => TryReadSymbol(ref reader, target.Symbols, out value),
            _ => TryReadTime(ref reader, target.Type, out value, out nanoseconds),
        };
        if (target.Field == LogField.Ts)
        {
            if (ok) (numbers[slot], _nanoseconds[slot]) = (value, nanoseconds);
            else _tsReason = token is JsonTokenType.True or JsonTokenType.False ? MalformedReason.BadFieldType : MalformedReason.BadTime;
            return;
        }
        // A number that is not a value of the field (bytes -5, latency -1 s, 1e30) fails the
        // record as the text parsers do; a value of another JSON type leaves the field null.
        if (ok && FieldDomain.Contains(target.Field, value))
        {
            numbers[slot] = value;
        }
        else if (ok || (token == JsonTokenType.Number && target.Type != JsonValueType.Symbol))
        {
            MarkFailed(t);
        }
    }

    /// <summary>Target <paramref name="t"/>'s value failed its field's domain: the record fails with the field's reason (once per target).</summary>
    private void MarkFailed(int t)
    {
        if (_failedRecord[t] == _record) return;
        _failedRecord[t] = _record;
        _failedTargets++;
    }

    /// <summary>A string's text: a range of the line's copy, or its unescaped bytes appended to the buffer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ByteRange StringRange(ref Utf8JsonReader reader, int copyOffset)
    {
        if (!reader.ValueIsEscaped) return new ByteRange(copyOffset + (int)reader.TokenStartIndex + 1, reader.ValueSpan.Length);
        return Unescape(ref reader);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ByteRange Unescape(ref Utf8JsonReader reader)
    {
        var escapedLength = reader.ValueSpan.Length;
        if (_buffer.Length - _used < escapedLength)
        {
            // Only when several specs copy the same string: grow, keeping the offsets already handed out.
            var grown = new byte[Math.Max(_buffer.Length * 2, _used + escapedLength)];
            _buffer.AsSpan(0, _used).CopyTo(grown);
            _buffer = grown;
        }
        var n = JsonStringUnescaper.Unescape(reader.ValueSpan, _buffer.AsSpan(_used));
        var range = new ByteRange(_used, n);
        _used += n;
        return range;
    }

    /// <summary>A JSON number (a fraction truncated) or a string of digits.</summary>
    private static bool TryReadInteger(ref Utf8JsonReader reader, out long value)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            if (reader.TryGetInt64(out value)) return true;
            if (reader.TryGetDecimal(out var d)) return TryTruncate(d, out value);
            return false;
        }
        value = 0;
        return reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped
            && Utf8Parser.TryParse(reader.ValueSpan, out value, out var consumed) && consumed == reader.ValueSpan.Length;
    }

    /// <summary>A number of units (or a numeric string) into microseconds, digits past the microsecond truncated as for nginx request times.</summary>
    private static bool TryReadDuration(ref Utf8JsonReader reader, long microsPerUnit, out long micros)
    {
        micros = 0;
        return TryReadDecimal(ref reader, out var d) && TryTruncate(d * microsPerUnit, out micros);
    }

    private static bool TryReadSymbol(ref Utf8JsonReader reader, byte[][] symbols, out long code)
    {
        ReadOnlySpan<byte> name = reader.TokenType switch
        {
            JsonTokenType.True => "true"u8,
            JsonTokenType.False => "false"u8,
            JsonTokenType.String when !reader.ValueIsEscaped => reader.ValueSpan,
            _ => default,
        };
        return TryFindSymbol(name, symbols, out code);
    }

    /// <summary>The code of the symbol named <paramref name="name"/> (a literal's text or an unescaped string's); false for none (an empty name names none).</summary>
    private static bool TryFindSymbol(ReadOnlySpan<byte> name, byte[][] symbols, out long code)
    {
        // Invariant: no symbol before i is the name; a field has a handful of symbols.
        for (var i = 0; i < symbols.Length; i++)
        {
            if (name.Length > 0 && name.SequenceEqual(symbols[i]))
            {
                code = i;
                return true;
            }
        }
        code = 0;
        return false;
    }

    /// <summary>
    /// An instant: RFC 3339 text, or Unix seconds, milliseconds, microseconds or nanoseconds as a
    /// number or numeric string; the fraction of a second in nanoseconds; false outside years 0001–9999.
    /// </summary>
    private static bool TryReadTime(ref Utf8JsonReader reader, JsonValueType type, out long unixSeconds, out int nanoseconds)
    {
        unixSeconds = 0;
        nanoseconds = 0;
        var rfc3339 = type == JsonValueType.Rfc3339 || (type == JsonValueType.Time && reader.TokenType == JsonTokenType.String);
        if (rfc3339)
        {
            if (reader.TokenType != JsonTokenType.String) return false;
            if (!reader.ValueIsEscaped) return Rfc3339Timestamp.TryParse(reader.ValueSpan, out unixSeconds, out nanoseconds);
            if (reader.ValueSpan.Length > MaxEscapedTimeBytes) return false;
            Span<byte> unescaped = stackalloc byte[MaxEscapedTimeBytes];
            return Rfc3339Timestamp.TryParse(unescaped[..JsonStringUnescaper.Unescape(reader.ValueSpan, unescaped)], out unixSeconds, out nanoseconds);
        }
        if (!TryReadDecimal(ref reader, out var d)) return false;
        d /= type switch
        {
            JsonValueType.EpochMilliseconds => 1_000m,
            JsonValueType.EpochMicroseconds => 1_000_000m,
            JsonValueType.EpochNanoseconds => 1_000_000_000m,
            _ => 1m,
        };
        var whole = decimal.Floor(d);
        // An instant outside years 0001–9999 (epoch_ms 9.2e21) is no time any output can write.
        if (!TryTruncate(whole, out unixSeconds) || !FieldDomain.IsTime(unixSeconds)) return false;
        nanoseconds = (int)decimal.Truncate((d - whole) * 1_000_000_000m);
        return true;
    }

    private static bool TryReadDecimal(ref Utf8JsonReader reader, out decimal value)
    {
        if (reader.TokenType == JsonTokenType.Number) return reader.TryGetDecimal(out value);
        value = 0;
        return reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped
            && Utf8Parser.TryParse(reader.ValueSpan, out value, out var consumed) && consumed == reader.ValueSpan.Length;
    }

    /// <summary>Truncates toward zero; false when out of the <c>long</c> range (values a batch column cannot hold).</summary>
    private static bool TryTruncate(decimal d, out long value)
    {
        value = 0;
        if (d is > long.MaxValue or <= long.MinValue) return false;
        value = (long)decimal.Truncate(d);
        return true;
    }

    /// <summary>
    /// Writes the valid JSON value <c>json[start, end)</c> (a string with escapes when
    /// <paramref name="escaped"/>) into target <paramref name="t"/> as
    /// <see cref="Assign"/> does: the common cases (an unescaped string into a text field or the
    /// timestamp, a raw length) inline, the others through <see cref="Assign"/> on a reader over
    /// the value alone.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AssignIndexed(ReadOnlySpan<byte> json, int start, int end, bool escaped, int t, int slot, int copyOffset)
    {
        var target = _targets[t];
        var first = json[start];
        if (first == JsonBytes.Quote && !escaped)
        {
            if (target.Type == JsonValueType.Text)
            {
                var column = target.Text!;
                if (column[slot].IsNull) column[slot] = new ByteRange(copyOffset + start + 1, end - start - 2);
                return;
            }
            if (target.Field == LogField.Ts && target.Type is JsonValueType.Rfc3339 or JsonValueType.Time)
            {
                var numbers = target.Numbers!;
                if (numbers[slot] != target.NullValue) return;
                if (Rfc3339Timestamp.TryParse(json[(start + 1)..(end - 1)], out var seconds, out var nanoseconds)) (numbers[slot], _nanoseconds[slot]) = (seconds, nanoseconds);
                else _tsReason = MalformedReason.BadTime;
                return;
            }
        }
        if (target.Type == JsonValueType.RawLength && first is JsonBytes.OpenBrace or JsonBytes.OpenBracket or JsonBytes.Quote)
        {
            var numbers = target.Numbers!;
            if (numbers[slot] == target.NullValue) numbers[slot] = end - start;
            return;
        }
        // A symbol written as a literal or a plain string (GitHub's "public":true), as Assign
        // reads it: a name that is no symbol leaves the field null, a symbol outside the field's
        // domain fails the record. The value was checked by the walk: a 't' or 'f' starts a literal.
        if (target.Type == JsonValueType.Symbol && target.Field != LogField.Ts && (first is (byte)'t' or (byte)'f' || (first == JsonBytes.Quote && !escaped)))
        {
            var numbers = target.Numbers!;
            if (numbers[slot] != target.NullValue) return;
            var name = first == JsonBytes.Quote ? json[(start + 1)..(end - 1)] : json[start..end];
            if (!TryFindSymbol(name, target.Symbols, out var code)) return;
            if (FieldDomain.Contains(target.Field, code)) numbers[slot] = code;
            else MarkFailed(t);
            return;
        }
        AssignThroughReader(json[start..end], t, slot, copyOffset + start);
    }

    /// <summary>The general case of <see cref="AssignIndexed"/>: a reader over the value alone, its offsets shifted to the value's.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void AssignThroughReader(ReadOnlySpan<byte> value, int t, int slot, int copyOffset)
    {
        var reader = new Utf8JsonReader(value, s_options);
        reader.Read();
        Assign(ref reader, t, slot, copyOffset);
    }
}
