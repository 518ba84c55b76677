using System.Globalization;
using System.Text;

namespace FastLog.Output.Html;

/// <summary>
/// Builds the report's markup. Element and attribute names, class names and ids are FastLog's
/// own constants; attribute values are those constants or numbers. A value from a log reaches
/// the page only through <see cref="Text"/>, which encodes it with <see cref="HtmlText"/> into a
/// text context: no method takes a log value for an attribute, a URL, a script or a style.
/// </summary>
public sealed class HtmlMarkup
{
    private readonly StringBuilder _sb = new(1 << 16);

    /// <summary>The markup so far.</summary>
    public override string ToString() => _sb.ToString();

    /// <summary>Appends fixed markup written by FastLog (never log text).</summary>
    public HtmlMarkup Raw(string markup)
    {
        _sb.Append(markup);
        return this;
    }

    /// <summary>Opens <paramref name="tag"/>, with a class and an id when given (both FastLog's constants).</summary>
    public HtmlMarkup Open(string tag, string? cls = null, string? id = null)
    {
        _sb.Append('<').Append(tag);
        if (id is not null) _sb.Append(" id=\"").Append(id).Append('"');
        if (cls is not null) _sb.Append(" class=\"").Append(cls).Append('"');
        _sb.Append('>');
        return this;
    }

    /// <summary>Closes <paramref name="tag"/>.</summary>
    public HtmlMarkup Close(string tag)
    {
        _sb.Append("</").Append(tag).Append('>');
        return this;
    }

    /// <summary>A whole element around text: <paramref name="text"/> is encoded (it may come from a log).</summary>
    public HtmlMarkup Element(string tag, string text, string? cls = null)
        => Open(tag, cls).Text(text).Close(tag);

    /// <summary>Appends <paramref name="value"/> as text, encoded by <see cref="HtmlText"/>.</summary>
    public HtmlMarkup Text(string value)
    {
        HtmlText.Append(_sb, value);
        return this;
    }

    /// <summary>Appends a number with thousands separators.</summary>
    public HtmlMarkup Number(long value)
    {
        _sb.Append(value.ToString("N0", CultureInfo.InvariantCulture));
        return this;
    }

    /// <summary>Appends a coordinate or size for an SVG attribute (invariant, at most two decimals).</summary>
    public HtmlMarkup Coordinate(double value)
    {
        _sb.Append(Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture));
        return this;
    }

    /// <summary>Starts a table in a horizontally scrolling box; <paramref name="headers"/> are FastLog's own words, a leading <c>#</c> marks a numeric column.</summary>
    public HtmlMarkup TableStart(params string[] headers)
    {
        Open("div", "scroll").Open("table").Open("thead").Open("tr");
        foreach (var h in headers)
        {
            if (h.StartsWith('#')) Open("th", "n").Raw(h[1..]).Close("th");
            else Open("th").Raw(h).Close("th");
        }
        return Close("tr").Close("thead").Open("tbody");
    }

    /// <summary>Ends a table started by <see cref="TableStart"/>.</summary>
    public HtmlMarkup TableEnd() => Close("tbody").Close("table").Close("div");

    /// <summary>A cell of log text (monospace, wraps anywhere).</summary>
    public HtmlMarkup ValueCell(string value) => Open("td", "v").Text(value).Close("td");

    /// <summary>A cell of FastLog's own words or of log text that needs no monospace.</summary>
    public HtmlMarkup Cell(string value) => Open("td").Text(value).Close("td");

    /// <summary>A right-aligned number cell.</summary>
    public HtmlMarkup NumberCell(long value) => Open("td", "n").Number(value).Close("td");

    /// <summary>A right-aligned cell of preformatted figures (a percentage, a score).</summary>
    public HtmlMarkup FigureCell(string figure) => Open("td", "n").Text(figure).Close("td");
}
