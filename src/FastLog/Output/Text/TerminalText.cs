using System.Globalization;
using System.Text;

namespace FastLog.Output.Text;

/// <summary>
/// The terminal sink's escaping (docs/reliability.md R1): C0 controls, DEL and C1 controls as
/// <c>\xHH</c>; every other code point a terminal would not show as itself as <c>\u{XXXX}</c>
/// (see <see cref="IsInvisible"/>): Unicode format characters (bidi controls, Trojan Source,
/// CVE-2021-42574; zero-width characters; the BOM; tag characters), line and paragraph
/// separators, private-use, unassigned and lone surrogate code points.
/// </summary>
public static class TerminalText
{
    /// <summary>Escapes <paramref name="value"/> for a terminal or a plain-text table.</summary>
    public static string Escape(string value)
    {
        var i = 0;
        while (i < value.Length && value[i] is >= ' ' and < '\u007F') i++;
        if (i == value.Length) return value;
        var sb = new StringBuilder(value.Length + 16);
        sb.Append(value, 0, i);
        var rest = value.AsSpan(i);
        // Invariant: every char before `rest` is appended, escaped or not; each step consumes at least one char.
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                // A lone surrogate: not a character, and a terminal would show U+FFFD or garbage.
                AppendUnicode(sb, rest[0]);
                rest = rest[1..];
                continue;
            }
            if (rune.Value < 0x100 && IsControl(rune.Value)) sb.Append("\\x").Append(rune.Value.ToString("x2", CultureInfo.InvariantCulture));
            else if (IsInvisible(rune.Value)) AppendUnicode(sb, rune.Value);
            else sb.Append(rest[..consumed]);
            rest = rest[consumed..];
        }
        return sb.ToString();
    }

    /// <summary>C0 controls, DEL and C1 controls: shown as <c>\xHH</c>.</summary>
    public static bool IsControl(int codePoint) => codePoint < 0x20 || codePoint is >= 0x7F and <= 0x9F;

    /// <summary>
    /// A code point above U+009F that a terminal would not show as a visible character of its
    /// own: format characters (Cf: bidi controls, zero-width joiners and spaces, word joiner and
    /// invisible operators, soft hyphen, Arabic letter mark, Mongolian vowel separator,
    /// interlinear annotation marks, tags, the BOM), line and paragraph separators (Zl, Zp),
    /// private-use (Co), unassigned code points and noncharacters (Cn), surrogates (Cs), and
    /// the Hangul fillers, letters that render blank. Categories come from the runtime's
    /// Unicode data (<see cref="CharUnicodeInfo"/>), so a character newer than it is escaped.
    /// </summary>
    public static bool IsInvisible(int codePoint)
    {
        if (codePoint < 0xA0) return false;
        if (codePoint is 0x115F or 0x1160 or 0x3164 or 0xFFA0) return true;
        return CharUnicodeInfo.GetUnicodeCategory(codePoint) is UnicodeCategory.Format or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned
            or UnicodeCategory.Surrogate;
    }

    private static void AppendUnicode(StringBuilder sb, int codePoint)
        => sb.Append("\\u{").Append(codePoint.ToString("X4", CultureInfo.InvariantCulture)).Append('}');
}
