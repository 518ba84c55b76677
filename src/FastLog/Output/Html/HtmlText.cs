using System.Text;
using FastLog.Output.Text;

namespace FastLog.Output.Html;

/// <summary>
/// The one encoder for every value that comes from a log (or from a path, a rule file, a
/// database) on its way into the HTML report. It first shows control and invisible characters
/// as the terminal does (<see cref="TerminalText.Escape"/>: <c>\xHH</c>, <c>\u{XXXX}</c> for
/// bidi controls and the like), then escapes the five characters that end HTML text or a quoted
/// attribute value (<c>&amp; &lt; &gt; " '</c>). The result is inert in text and in
/// double-quoted attribute contexts alike; the report writer never puts a value anywhere else
/// (no script, style, URL or event handler, no unquoted attribute).
/// </summary>
public static class HtmlText
{
    /// <summary>Longest value shown in a cell; longer values end with <c>…</c> (the JSON report keeps them whole).</summary>
    public const int MaxChars = 200;

    /// <summary>Appends <paramref name="value"/>, made visible, cut to <see cref="MaxChars"/> and escaped, to <paramref name="output"/>.</summary>
    public static void Append(StringBuilder output, string value)
    {
        var visible = TerminalText.Escape(value);
        var cut = visible.Length > MaxChars;
        // Never cut between the two halves of a surrogate pair: a lone half would show as U+FFFD.
        var length = !cut ? visible.Length : char.IsHighSurrogate(visible[MaxChars - 1]) ? MaxChars - 1 : MaxChars;
        // Invariant: the chars of visible[0, i) are appended, escaped where they must be.
        for (var i = 0; i < length; i++)
        {
            var c = visible[i];
            switch (c)
            {
                case '&': output.Append("&amp;"); break;
                case '<': output.Append("&lt;"); break;
                case '>': output.Append("&gt;"); break;
                case '"': output.Append("&quot;"); break;
                case '\'': output.Append("&#39;"); break;
                default: output.Append(c); break;
            }
        }
        if (cut) output.Append('…');
    }

    /// <summary><paramref name="value"/> encoded as <see cref="Append"/> does.</summary>
    public static string Encode(string value)
    {
        var sb = new StringBuilder(value.Length + 16);
        Append(sb, value);
        return sb.ToString();
    }
}
