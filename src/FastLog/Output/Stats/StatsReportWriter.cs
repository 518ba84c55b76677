using System.Globalization;
using System.Text;
using System.Text.Json;
using FastLog.Aggregation;
using FastLog.Columns;
using FastLog.Formats.Csv;
using FastLog.Output.Table;

namespace FastLog.Output.Stats;

/// <summary>
/// Writes <c>stats</c> results: per group (by record count descending, then key ascending
/// bytewise; one row without <c>--by</c>) the number of values, min, mean, p50, p90, p95, p99
/// and max. Request time is in seconds; status and bytes are whole numbers (the mean keeps two
/// decimals). Min, max, count and mean are exact; percentiles of bytes and request time come
/// from log-bucket histograms (within 0.4 %) and are shown to 4 significant digits (so within
/// 0.5 % in all), percentiles of status exactly.
/// </summary>
public static class StatsReportWriter
{
    private static readonly string[] s_columns = ["count", "min", "mean", "p50", "p90", "p95", "p99", "max"];
    private static readonly double[] s_quantiles = [0.50, 0.90, 0.95, 0.99];

    /// <summary>Writes the first <paramref name="limit"/> groups in <paramref name="format"/> (table, csv or json).</summary>
    public static void Write(StatsAggregator stats, int limit, string format, Stream output)
    {
        var ids = Enumerable.Range(0, stats.GroupCount)
            .Select(id => (Id: id, Records: stats.Summary(id).Count + stats.Summary(id).Missing, Key: stats.KeyOf(id).ToArray()))
            .OrderByDescending(g => g.Records)
            .ThenBy(g => g.Key, Comparer<byte[]>.Create((a, b) => a.AsSpan().SequenceCompareTo(b)))
            .Take(limit)
            .Select(g => g.Id)
            .ToList();
        var by = stats.By.Select(FieldNames.Name).ToArray();
        switch (format)
        {
            case "csv":
                // Past the group cap every row gets a last column "approximate" (true): the CSV itself says so.
                output.Write(Encoding.UTF8.GetBytes(string.Join(',', [.. by, .. s_columns]) + (stats.IsApproximate ? ",approximate\n" : "\n")));
                foreach (var id in ids)
                {
                    foreach (var value in KeyValues(stats, id))
                    {
                        CsvText.WriteCell(output, value);
                        output.WriteByte((byte)',');
                    }
                    output.Write(Encoding.ASCII.GetBytes(string.Join(',', Cells(stats, stats.Summary(id))) + (stats.IsApproximate ? ",true\n" : "\n")));
                }
                break;
            case "json":
                using (var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true }))
                {
                    json.WriteStartObject();
                    json.WriteString("field", FieldNames.Name(stats.Field));
                    json.WriteString("unit", IsDuration(stats) ? "seconds" : stats.Field is LogField.Bytes or LogField.ReceivedBytes or LogField.PayloadBytes ? "bytes" : stats.Field == LogField.Status ? "code" : "count");
                    json.WriteStartArray("by");
                    foreach (var name in by) json.WriteStringValue(name);
                    json.WriteEndArray();
                    json.WriteBoolean("approximate", stats.IsApproximate);
                    json.WriteNumber("groups", stats.DistinctGroups());
                    json.WriteStartArray("rows");
                    foreach (var id in ids)
                    {
                        json.WriteStartObject();
                        var values = KeyValues(stats, id);
                        for (var f = 0; f < by.Length; f++) json.WriteString(by[f], Encoding.UTF8.GetString(values[f]));
                        WriteJsonSummary(json, stats, stats.Summary(id));
                        json.WriteEndObject();
                    }
                    json.WriteEndArray();
                    if (stats.IsApproximate)
                    {
                        json.WriteStartObject("other");
                        WriteJsonSummary(json, stats, stats.Other);
                        json.WriteEndObject();
                    }
                    json.WriteEndObject();
                }
                output.WriteByte((byte)'\n');
                break;
            default:
                var table = new TextTable([.. by, .. s_columns]).AlignRight([.. Enumerable.Range(by.Length, s_columns.Length)]);
                foreach (var id in ids)
                    table.Add([.. KeyValues(stats, id).Select(v => Encoding.UTF8.GetString(v)), .. Cells(stats, stats.Summary(id))]);
                using (var writer = new StreamWriter(output, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" })
                {
                    table.Write(writer);
                    if (stats.IsApproximate)
                        writer.Write($"approximate: more groups than the budget (--max-keys / {StatsAggregator.GroupCostFactor}); {stats.Other.Count + stats.Other.Missing} records of other groups are not listed\n");
                }
                break;
        }
    }

    private static IReadOnlyList<byte[]> KeyValues(StatsAggregator stats, int id)
        => stats.By.Count == 0 ? [] : stats.SplitKey(stats.KeyOf(id));

    /// <summary>count, min, mean, p50, p90, p95, p99, max as text; <c>-</c> when there are no values.</summary>
    private static string[] Cells(StatsAggregator stats, ValueSummary s)
    {
        if (s.Count == 0) return ["0", "-", "-", "-", "-", "-", "-", "-"];
        return
        [
            s.Count.ToString(CultureInfo.InvariantCulture),
            Value(stats, s.Min),
            Mean(stats, s),
            .. s_quantiles.Select(q => Value(stats, Reported(stats, s, q))),
            Value(stats, s.Max),
        ];
    }

    private static void WriteJsonSummary(Utf8JsonWriter json, StatsAggregator stats, ValueSummary s)
    {
        json.WriteNumber("count", s.Count);
        json.WriteNumber("missing", s.Missing);
        var cells = Cells(stats, s);
        for (var c = 1; c < s_columns.Length; c++)
        {
            json.WritePropertyName(s_columns[c]);
            if (s.Count == 0) json.WriteNullValue();
            else json.WriteRawValue(cells[c], skipInputValidation: true);
        }
    }

    /// <summary>
    /// The quantile <paramref name="q"/> as reported: exact for status, else rounded to
    /// <see cref="Significant"/> digits, then clamped to <c>[min, max]</c>: rounding 999,…,999
    /// up must not report a percentile above the largest value. Rounding and clamping are both
    /// non-decreasing, so p50 ≤ p90 ≤ p95 ≤ p99 still holds.
    /// </summary>
    private static long Reported(StatsAggregator stats, ValueSummary s, double q)
    {
        var quantile = s.Quantile(q);
        return stats.Field == LogField.Status ? quantile : Math.Clamp(Significant(quantile), s.Min, s.Max);
    }

    /// <summary>
    /// 4 significant digits: a histogram bucket's midpoint has no more (23,456 µs → 23,460),
    /// and rounding adds at most 0.05 % to the histogram's 0.4 %. Computed in 128 bits: rounding
    /// a value near <see cref="long.MaxValue"/> up must not wrap (the caller clamps to the max).
    /// </summary>
    private static long Significant(long value)
    {
        const long limit = 10_000; // 10^4: values below keep every digit
        long scale = 1;
        // Invariant: value / scale ≥ limit implies scale · 10 ≤ value / 1000, so scale never overflows.
        while (value / scale >= limit) scale *= 10;
        if (scale == 1) return value;
        var rounded = ((Int128)value + scale / 2) / scale * scale;
        return rounded > long.MaxValue ? long.MaxValue : (long)rounded;
    }

    private static string Value(StatsAggregator stats, long value)
    {
        if (!IsDuration(stats)) return value.ToString(CultureInfo.InvariantCulture);
        Span<byte> text = stackalloc byte[32];
        return Encoding.ASCII.GetString(text[..FieldRenderer.Seconds(value, text)]);
    }

    private static string Mean(StatsAggregator stats, ValueSummary s)
        => IsDuration(stats)
            ? (s.Mean / 1e6).ToString("0.######", CultureInfo.InvariantCulture)
            : s.Mean.ToString("0.##", CultureInfo.InvariantCulture);

    private static bool IsDuration(StatsAggregator stats) => FieldNames.Info(stats.Field).Kind == FieldKind.Duration;
}
