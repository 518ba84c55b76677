using FastLog.Output.Text;

namespace FastLog.Output.Table;

/// <summary>
/// A plain-text table with aligned columns. Every cell is escaped for the terminal
/// (<see cref="TerminalText"/>) and cut to <see cref="MaxCellChars"/> characters, so a hostile
/// value can neither reach the terminal as control bytes nor push a table off the screen.
/// </summary>
public sealed class TextTable(params string[] headers)
{
    /// <summary>Longest cell shown; longer values end with <c>…</c>.</summary>
    public const int MaxCellChars = 100;

    private readonly List<string[]> _rows = [];
    private readonly bool[] _rightAligned = new bool[headers.Length];

    /// <summary>Right-aligns column <paramref name="index"/> (numbers).</summary>
    public TextTable AlignRight(params int[] index)
    {
        foreach (var i in index) _rightAligned[i] = true;
        return this;
    }

    /// <summary>Adds a row of raw cell values.</summary>
    public void Add(params string[] cells) => _rows.Add(cells.Select(Cell).ToArray());

    /// <summary>Writes the header, a rule and the rows.</summary>
    public void Write(TextWriter output)
    {
        var widths = headers.Select(h => h.Length).ToArray();
        foreach (var row in _rows)
            for (var c = 0; c < row.Length; c++) widths[c] = Math.Max(widths[c], row[c].Length);
        WriteRow(output, headers, widths);
        WriteRow(output, widths.Select(w => new string('-', w)).ToArray(), widths);
        foreach (var row in _rows) WriteRow(output, row, widths);
    }

    private void WriteRow(TextWriter output, string[] cells, int[] widths)
    {
        for (var c = 0; c < cells.Length; c++)
        {
            if (c > 0) output.Write("  ");
            var last = c == cells.Length - 1;
            if (_rightAligned[c]) output.Write(cells[c].PadLeft(widths[c]));
            else output.Write(last ? cells[c] : cells[c].PadRight(widths[c]));
        }
        output.Write('\n');
    }

    private static string Cell(string value)
    {
        var escaped = TerminalText.Escape(value);
        if (escaped.Length <= MaxCellChars) return escaped;
        // Never cut between the two halves of a surrogate pair: a lone half reaches the terminal as U+FFFD.
        var keep = char.IsHighSurrogate(escaped[MaxCellChars - 2]) ? MaxCellChars - 2 : MaxCellChars - 1;
        return string.Concat(escaped.AsSpan(0, keep), "…");
    }
}
