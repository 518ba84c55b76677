using System.Globalization;
using System.Text;
using System.Text.Json;
using FastLog.Aggregation;
using FastLog.Aggregation.Tables;
using FastLog.Columns;
using FastLog.Formats.Csv;
using FastLog.Output.Table;

namespace FastLog.Output.GroupBy;

/// <summary>
/// Writes <c>top</c> and <c>count</c> results: rows by count descending, then value ascending
/// bytewise (field by field). CSV is <c>field1,…,count</c> with raw value bytes, plus a last
/// column <c>approximate</c> (<c>true</c> on every row) when the table went past its budget;
/// JSON is an object with the rows; table is aligned text with a share column.
/// </summary>
public static class GroupByReportWriter
{
    /// <summary>Writes the first <paramref name="limit"/> groups of <paramref name="groups"/> in <paramref name="format"/> (table, csv or json).</summary>
    public static void Write(GroupByAggregator groups, int limit, string format, Stream output)
    {
        var groupTable = groups.Groups.Table;
        var ids = TableRanking.Top(groupTable, limit);
        var names = groups.Fields.Select(FieldNames.Name).ToArray();
        var total = groups.Records;
        var approximate = groups.Groups.IsApproximate;
        switch (format)
        {
            case "csv":
                output.Write(Encoding.UTF8.GetBytes(string.Join(',', names) + (approximate ? ",count,approximate\n" : ",count\n")));
                foreach (var id in ids)
                {
                    foreach (var value in groups.SplitKey(groupTable.KeyOf(id)))
                    {
                        CsvText.WriteCell(output, value);
                        output.WriteByte((byte)',');
                    }
                    output.Write(Encoding.ASCII.GetBytes(groupTable.Counts[id].ToString(CultureInfo.InvariantCulture)));
                    output.Write(approximate ? ",true\n"u8 : "\n"u8);
                }
                break;
            case "json":
                using (var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true }))
                {
                    json.WriteStartObject();
                    json.WriteNumber("records", total);
                    json.WriteBoolean("approximate", groups.Groups.IsApproximate);
                    json.WriteNumber("distinct", groups.Groups.DistinctEstimate());
                    if (groups.Groups.IsApproximate) json.WriteNumber("max_undercount", groups.Groups.MaxUndercount);
                    json.WriteStartArray("rows");
                    foreach (var id in ids)
                    {
                        json.WriteStartObject();
                        var values = groups.SplitKey(groupTable.KeyOf(id));
                        for (var f = 0; f < names.Length; f++) json.WriteString(names[f], Encoding.UTF8.GetString(values[f]));
                        json.WriteNumber("count", groupTable.Counts[id]);
                        json.WriteEndObject();
                    }
                    json.WriteEndArray();
                    json.WriteEndObject();
                }
                output.WriteByte((byte)'\n');
                break;
            default:
                var table = new TextTable([.. names, "count", "share"]).AlignRight(names.Length, names.Length + 1);
                foreach (var id in ids)
                {
                    var values = groups.SplitKey(groupTable.KeyOf(id)).Select(v => Encoding.UTF8.GetString(v));
                    var count = groupTable.Counts[id];
                    table.Add([.. values, count.ToString("N0", CultureInfo.InvariantCulture),
                        (total == 0 ? 0 : 100.0 * count / total).ToString("0.00", CultureInfo.InvariantCulture) + "%"]);
                }
                using (var writer = new StreamWriter(output, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" })
                {
                    table.Write(writer);
                    if (groups.Groups.IsApproximate)
                        writer.Write($"approximate: past the memory budget (--max-keys) this is a heavy-hitter sketch; counts may be up to {groups.Groups.MaxUndercount} low and {groups.Groups.OtherCount} records are not attributed to a listed value\n");
                }
                break;
        }
    }
}
