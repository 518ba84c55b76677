using System.Buffers;
using System.Text;

namespace FastLog.Output.Filter;

/// <summary>
/// The terminal sink's escaping of raw log bytes (docs/reliability.md R1), as
/// <see cref="Text.TerminalText"/> does for strings: C0 controls (tab excepted), DEL and C1
/// controls as <c>\xHH</c>; every code point <see cref="Text.TerminalText.IsInvisible"/> names
/// (format characters such as bidi controls and tags, separators, private-use and unassigned
/// code points) as <c>\u{XXXX}</c>; every byte that is not part of valid UTF-8 as <c>\xHH</c>
/// (a stray 0x9B is CSI on 8-bit terminals). Used only
/// when standard output is a terminal; pipes and files get the original bytes.
/// </summary>
public static class TerminalLineEscaper
{
    // Printable ASCII and tab: most lines are only these and are copied as they are.
    private static readonly SearchValues<byte> s_plain = SearchValues.Create(
        [(byte)'\t', .. Enumerable.Range(0x20, 0x7F - 0x20).Select(b => (byte)b)]);

    /// <summary>Appends <paramref name="line"/>, escaped, to <paramref name="output"/>.</summary>
    public static void Write(ReadOnlySpan<byte> line, Stream output)
    {
        var first = line.IndexOfAnyExcept(s_plain);
        if (first < 0)
        {
            output.Write(line);
            return;
        }
        output.Write(line[..first]);
        var rest = line[first..];
        Span<byte> escape = stackalloc byte[12];
        // Invariant: the bytes before `rest` are written; each step consumes at least one byte.
        while (!rest.IsEmpty)
        {
            var plain = rest.IndexOfAnyExcept(s_plain);
            if (plain < 0)
            {
                output.Write(rest);
                return;
            }
            output.Write(rest[..plain]);
            rest = rest[plain..];
            var status = Rune.DecodeFromUtf8(rest, out var rune, out var consumed);
            if (status != OperationStatus.Done)
            {
                output.Write(Hex(rest[0], escape));
                rest = rest[1..];
                continue;
            }
            if (NeedsEscape(rune.Value))
                output.Write(Text.TerminalText.IsControl(rune.Value) ? Hex((byte)rune.Value, escape) : Unicode(rune.Value, escape));
            else
                output.Write(rest[..consumed]);
            rest = rest[consumed..];
        }
    }

    private static bool NeedsEscape(int c)
        => (Text.TerminalText.IsControl(c) && c != '\t') || Text.TerminalText.IsInvisible(c);

    private static ReadOnlySpan<byte> Hex(byte b, Span<byte> buffer)
    {
        buffer[0] = (byte)'\\';
        buffer[1] = (byte)'x';
        buffer[2] = HexDigit(b >> 4);
        buffer[3] = HexDigit(b & 0xF);
        return buffer[..4];
    }

    private static ReadOnlySpan<byte> Unicode(int c, Span<byte> buffer)
    {
        // \u{XXXX} with four to six digits, as TerminalText writes it ("X4"): tags are U+E0000–U+E007F.
        "\\u{"u8.CopyTo(buffer);
        var digits = c > 0xFFFFF ? 6 : c > 0xFFFF ? 5 : 4;
        for (var d = 0; d < digits; d++) buffer[3 + d] = HexDigitUpper((c >> (4 * (digits - 1 - d))) & 0xF);
        buffer[3 + digits] = (byte)'}';
        return buffer[..(4 + digits)];
    }

    private static byte HexDigit(int v) => (byte)(v < 10 ? '0' + v : 'a' + v - 10);

    private static byte HexDigitUpper(int v) => (byte)(v < 10 ? '0' + v : 'A' + v - 10);
}
