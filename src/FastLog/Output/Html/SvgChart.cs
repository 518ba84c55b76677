namespace FastLog.Output.Html;

/// <summary>
/// Inline SVG charts drawn by FastLog: no script, no external resource, colours from the
/// stylesheet's classes (presentation by class, so the page's CSP needs no inline style).
/// Labels that may come from a log go only into <c>&lt;title&gt;</c> and <c>&lt;text&gt;</c>
/// content through <see cref="HtmlMarkup.Text"/>. Every chart has a table view beside it,
/// written by the report writer.
/// </summary>
public static class SvgChart
{
    // The drawing box: 800 × 200 user units scaled to the panel's width; 48 units on the left
    // for the y-axis figures, 20 at the bottom for the x labels.
    private const double Width = 800, Height = 200, Left = 48, Bottom = 20, Top = 8;
    private const double PlotWidth = Width - Left - 4, PlotHeight = Height - Bottom - Top;

    // An hour label (2024-03-04T07) is about 80 units wide at 11 px: seven fit under 750 units.
    private const int MaxXLabels = 7;

    /// <summary>Vertical bars, one per value, labelled every few bars.</summary>
    public static void Bars(HtmlMarkup m, string caption, IReadOnlyList<string> labels, IReadOnlyList<long> values, string cls = "bar")
    {
        var max = Max(values);
        Start(m, caption, max);
        var step = PlotWidth / Math.Max(1, values.Count);
        var gap = step > 4 ? step * 0.15 : 0;
        for (var i = 0; i < values.Count; i++)
        {
            var h = max == 0 ? 0 : values[i] * PlotHeight / max;
            m.Raw("<rect class=\"").Raw(cls).Raw("\" x=\"").Coordinate(Left + i * step + gap / 2).Raw("\" y=\"").Coordinate(Top + PlotHeight - h)
                .Raw("\" width=\"").Coordinate(Math.Max(step - gap, 0.5)).Raw("\" height=\"").Coordinate(h).Raw("\"><title>")
                .Text(labels[i]).Raw(": ").Number(values[i]).Raw("</title></rect>");
        }
        XLabels(m, labels, step, centred: true);
        m.Raw("</svg>");
    }

    /// <summary>One polyline per series over shared x labels; <paramref name="series"/> gives each line's class and values.</summary>
    public static void Lines(HtmlMarkup m, string caption, IReadOnlyList<string> labels, params (string Cls, IReadOnlyList<long> Values)[] series)
    {
        long max = 0;
        foreach (var s in series) max = Math.Max(max, Max(s.Values));
        Start(m, caption, max);
        var step = labels.Count > 1 ? PlotWidth / (labels.Count - 1) : 0;
        foreach (var (cls, values) in series)
        {
            m.Raw("<polyline class=\"").Raw(cls).Raw("\" points=\"");
            for (var i = 0; i < values.Count; i++)
            {
                if (i > 0) m.Raw(" ");
                m.Coordinate(Left + i * step).Raw(",").Coordinate(Top + PlotHeight - (max == 0 ? 0 : values[i] * PlotHeight / max));
            }
            m.Raw("\"></polyline>");
        }
        XLabels(m, labels, step, centred: false);
        m.Raw("</svg>");
    }

    /// <summary>A 7 × 24 heat map of records per weekday (Monday first) and hour of the day (UTC).</summary>
    public static void HeatMap(HtmlMarkup m, string caption, long[,] counts)
    {
        const double cellW = 30, cellH = 18, left = 40, top = 4;
        var max = 0L;
        foreach (var c in counts) max = Math.Max(max, c);
        m.Raw("<svg class=\"chart\" role=\"img\" viewBox=\"0 0 764 150\"><title>").Text(caption).Raw("</title>");
        for (var d = 0; d < 7; d++)
        {
            m.Raw("<text x=\"0\" y=\"").Coordinate(top + d * cellH + 13).Raw("\">").Raw(WeekDays[d]).Raw("</text>");
            for (var h = 0; h < 24; h++)
            {
                var v = counts[d, h];
                // Six shades: 0 is empty, then five equal steps of the busiest cell.
                var shade = v == 0 || max == 0 ? 0 : 1 + (int)Math.Min(4, v * 5 / max);
                m.Raw("<rect class=\"h").Raw(Digits[shade]).Raw("\" x=\"").Coordinate(left + h * cellW).Raw("\" y=\"").Coordinate(top + d * cellH)
                    .Raw("\" width=\"").Coordinate(cellW - 2).Raw("\" height=\"").Coordinate(cellH - 2).Raw("\"><title>").Raw(WeekDays[d]).Raw(" ")
                    .Raw(Digits2[h]).Raw(":00: ").Number(v).Raw("</title></rect>");
            }
        }
        for (var h = 0; h < 24; h += 3)
            m.Raw("<text x=\"").Coordinate(left + h * cellW).Raw("\" y=\"").Coordinate(top + 7 * cellH + 12).Raw("\">").Raw(Digits2[h]).Raw("</text>");
        m.Raw("</svg>");
    }

    /// <summary>Columns of the timeline's time axis: events of one lane in one column share a point.</summary>
    public const int TimelineColumns = 200;

    /// <summary>
    /// Events on a time axis, one lane per class (e.g. severities, lowest at the bottom). Events of
    /// a lane that fall in the same of <see cref="TimelineColumns"/> columns share one point, at
    /// the earliest one's time, whose title counts them: the chart has at most lanes × columns
    /// points however many events there are.
    /// </summary>
    public static void Timeline(HtmlMarkup m, string caption, long from, long to, IReadOnlyList<string> lanes, IReadOnlyList<(int Lane, long Time, string Label)> points)
    {
        const double laneH = 24;
        var height = Top + lanes.Count * laneH + Bottom;
        m.Raw("<svg class=\"chart\" role=\"img\" viewBox=\"0 0 800 ").Coordinate(height).Raw("\"><title>").Text(caption).Raw("</title>");
        for (var l = 0; l < lanes.Count; l++)
        {
            var y = Top + (lanes.Count - 1 - l) * laneH + laneH / 2;
            m.Raw("<line class=\"ax\" x1=\"").Coordinate(Left).Raw("\" x2=\"").Coordinate(Left + PlotWidth).Raw("\" y1=\"").Coordinate(y).Raw("\" y2=\"").Coordinate(y).Raw("\"></line>");
            m.Raw("<text x=\"0\" y=\"").Coordinate(y + 4).Raw("\">").Raw(lanes[l]).Raw("</text>");
        }
        var span = Math.Max(1, to - from);
        // Insertion order keeps the points in the events' order, so --stable pages stay identical.
        var cells = new Dictionary<(int Lane, long Column), (long Count, long Time, string Label)>();
        foreach (var (lane, time, label) in points)
        {
            var column = Math.Clamp((time - from) * TimelineColumns / span, 0, TimelineColumns - 1);
            // A shared point sits at, and is labelled by, its earliest event.
            cells[(lane, column)] = !cells.TryGetValue((lane, column), out var cell) ? (1, time, label)
                : time < cell.Time ? (cell.Count + 1, time, label) : (cell.Count + 1, cell.Time, cell.Label);
        }
        foreach (var ((lane, _), (count, time, label)) in cells)
        {
            var y = Top + (lanes.Count - 1 - lane) * laneH + laneH / 2;
            m.Raw("<circle class=\"sv-").Raw(lanes[lane]).Raw("\" r=\"4\" cx=\"").Coordinate(Left + (time - from) * PlotWidth / span).Raw("\" cy=\"").Coordinate(y)
                .Raw("\"><title>");
            if (count > 1) m.Number(count).Raw(" events, the first: ");
            m.Text(label).Raw("</title></circle>");
        }
        m.Raw("<text x=\"").Coordinate(Left).Raw("\" y=\"").Coordinate(height - 4).Raw("\">").Text(Columns.FieldRenderer.TimestampText(from, withTime: true)).Raw("</text>");
        m.Raw("<text x=\"").Coordinate(Left + PlotWidth).Raw("\" y=\"").Coordinate(height - 4).Raw("\" text-anchor=\"end\">")
            .Text(Columns.FieldRenderer.TimestampText(to, withTime: true)).Raw("</text>");
        m.Raw("</svg>");
    }

    /// <summary>An in-row bar of <paramref name="share"/> (0–1) of the cell's width.</summary>
    public static void Share(HtmlMarkup m, double share)
        => m.Raw("<svg class=\"share\" viewBox=\"0 0 100 10\" preserveAspectRatio=\"none\" aria-hidden=\"true\"><rect class=\"bar\" width=\"")
            .Coordinate(Math.Clamp(share, 0, 1) * 100).Raw("\" height=\"10\"></rect></svg>");

    /// <summary>Monday first, as ISO 8601 counts weekdays.</summary>
    public static readonly string[] WeekDays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

    private static readonly string[] Digits = ["0", "1", "2", "3", "4", "5"];
    private static readonly string[] Digits2 = [.. Enumerable.Range(0, 24).Select(h => h.ToString("00", System.Globalization.CultureInfo.InvariantCulture))];

    private static void Start(HtmlMarkup m, string caption, long max)
    {
        m.Raw("<svg class=\"chart\" role=\"img\" viewBox=\"0 0 800 200\"><title>").Text(caption).Raw("</title>");
        m.Raw("<line class=\"ax\" x1=\"").Coordinate(Left).Raw("\" y1=\"").Coordinate(Top + PlotHeight).Raw("\" x2=\"").Coordinate(Width - 4).Raw("\" y2=\"")
            .Coordinate(Top + PlotHeight).Raw("\"></line>");
        m.Raw("<text x=\"0\" y=\"").Coordinate(Top + 10).Raw("\">").Number(max).Raw("</text>");
        m.Raw("<text x=\"0\" y=\"").Coordinate(Top + PlotHeight).Raw("\">0</text>");
    }

    private static void XLabels(HtmlMarkup m, IReadOnlyList<string> labels, double step, bool centred)
    {
        var every = Math.Max(1, (labels.Count + MaxXLabels - 1) / MaxXLabels);
        for (var i = 0; i < labels.Count; i += every)
        {
            m.Raw("<text x=\"").Coordinate(Left + i * step + (centred ? step / 2 : 0)).Raw("\" y=\"").Coordinate(Height - 4).Raw("\" text-anchor=\"middle\">")
                .Text(labels[i]).Raw("</text>");
        }
    }

    private static long Max(IReadOnlyList<long> values)
    {
        long max = 0;
        foreach (var v in values) max = Math.Max(max, v);
        return max;
    }
}
