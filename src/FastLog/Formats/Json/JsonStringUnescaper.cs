namespace FastLog.Formats.Json;

/// <summary>
/// Unescapes the bytes of a JSON string (RFC 8259 §7) as the reader gave them (without quotes).
/// Unlike <see cref="System.Text.Json.Utf8JsonReader.CopyString(Span{byte})"/> it never throws: a
/// lone surrogate escape (<c>\ud800</c>), which has no UTF-8 form, becomes U+FFFD
/// (README, Reliability), and bytes are otherwise copied as they are (invalid
/// UTF-8 included: the sinks escape it).
/// </summary>
public static class JsonStringUnescaper
{
    /// <summary>
    /// Writes the unescaped text of <paramref name="escaped"/> to <paramref name="destination"/>
    /// (at least <c>escaped.Length</c> bytes: no escape is shorter than its UTF-8) and returns its length.
    /// </summary>
    public static int Unescape(ReadOnlySpan<byte> escaped, Span<byte> destination)
    {
        var i = 0;
        var o = 0;
        // Invariant: [0, i) of the input produced [0, o) of the output, o <= i.
        while (i < escaped.Length)
        {
            var backslash = escaped[i..].IndexOf(JsonBytes.Backslash);
            if (backslash < 0)
            {
                escaped[i..].CopyTo(destination[o..]);
                return o + escaped.Length - i;
            }
            escaped.Slice(i, backslash).CopyTo(destination[o..]);
            i += backslash;
            o += backslash;
            if (i + 1 >= escaped.Length)
            {
                // A trailing lone backslash (the reader rejects it; kept for safety).
                destination[o++] = JsonBytes.Backslash;
                break;
            }
            var kind = escaped[i + 1];
            if (kind != (byte)'u')
            {
                destination[o++] = kind switch
                {
                    (byte)'b' => (byte)'\b',
                    (byte)'f' => (byte)'\f',
                    (byte)'n' => (byte)'\n',
                    (byte)'r' => (byte)'\r',
                    (byte)'t' => (byte)'\t',
                    _ => kind, // '"', '\\', '/'
                };
                i += 2;
                continue;
            }
            if (!TryHex4(escaped, i + 2, out var codePoint))
            {
                destination[o++] = JsonBytes.Backslash;
                i++;
                continue;
            }
            i += 6;
            if (codePoint is >= 0xD800 and <= 0xDBFF)
            {
                if (i + 1 < escaped.Length && escaped[i] == JsonBytes.Backslash && escaped[i + 1] == (byte)'u'
                    && TryHex4(escaped, i + 2, out var low) && low is >= 0xDC00 and <= 0xDFFF)
                {
                    codePoint = 0x10000 + ((codePoint - 0xD800) << 10) + (low - 0xDC00);
                    i += 6;
                }
                else
                {
                    codePoint = 0xFFFD;
                }
            }
            else if (codePoint is >= 0xDC00 and <= 0xDFFF)
            {
                codePoint = 0xFFFD;
            }
            o += WriteUtf8(codePoint, destination[o..]);
        }
        return o;
    }

    private static bool TryHex4(ReadOnlySpan<byte> s, int at, out int value)
    {
        value = 0;
        if (at + 4 > s.Length) return false;
        for (var k = 0; k < 4; k++)
        {
            var c = s[at + k];
            int digit = c switch
            {
                >= (byte)'0' and <= (byte)'9' => c - '0',
                >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
                _ => -1,
            };
            if (digit < 0) return false;
            value = value << 4 | digit;
        }
        return true;
    }

    private static int WriteUtf8(int codePoint, Span<byte> destination)
    {
        if (codePoint < 0x80)
        {
            destination[0] = (byte)codePoint;
            return 1;
        }
        if (codePoint < 0x800)
        {
            destination[0] = (byte)(0xC0 | codePoint >> 6);
            destination[1] = (byte)(0x80 | codePoint & 0x3F);
            return 2;
        }
        if (codePoint < 0x10000)
        {
            destination[0] = (byte)(0xE0 | codePoint >> 12);
            destination[1] = (byte)(0x80 | codePoint >> 6 & 0x3F);
            destination[2] = (byte)(0x80 | codePoint & 0x3F);
            return 3;
        }
        destination[0] = (byte)(0xF0 | codePoint >> 18);
        destination[1] = (byte)(0x80 | codePoint >> 12 & 0x3F);
        destination[2] = (byte)(0x80 | codePoint >> 6 & 0x3F);
        destination[3] = (byte)(0x80 | codePoint & 0x3F);
        return 4;
    }
}
