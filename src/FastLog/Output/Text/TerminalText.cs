using System.Text;

namespace FastLog.Output.Text;

/// <summary>
/// The terminal sink's escaping (hostile-inputs.md R1): C0 controls, DEL, C1 controls and ESC
/// as <c>\xHH</c>; Unicode bidi controls (U+202A–U+202E, U+2066–U+2069, Trojan Source,
/// CVE-2021-42574), zero-width characters and the BOM as <c>\u{XXXX}</c>.
/// </summary>
public static class TerminalText
{
    /// <summary>Escapes <paramref name="value"/> for a terminal or a plain-text table.</summary>
    public static string Escape(string value)
    {
        var i = 0;
        while (i < value.Length && !NeedsEscape(value[i])) i++;
        if (i == value.Length) return value;
        var sb = new StringBuilder(value.Length + 16);
        sb.Append(value, 0, i);
        for (; i < value.Length; i++)
        {
            var c = value[i];
            if (!NeedsEscape(c)) sb.Append(c);
            else if (c < 0x100) sb.Append("\\x").Append(((int)c).ToString("x2"));
            else sb.Append("\\u{").Append(((int)c).ToString("X4")).Append('}');
        }
        return sb.ToString();
    }

    private static bool NeedsEscape(char c)
        => c < 0x20 || c is >= '\u007F' and <= '\u009F'
            || c is >= '\u202A' and <= '\u202E' || c is >= '\u2066' and <= '\u2069'
            || c is >= '\u200B' and <= '\u200F' || c == '\uFEFF' || c == '\u2028' || c == '\u2029';
}
