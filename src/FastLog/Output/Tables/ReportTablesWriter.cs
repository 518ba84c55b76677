using System.Globalization;
using System.Text;
using System.Text.Json;
using FastLog.Formats.Csv;
using FastLog.Output.Text;
using Parquet;
using Parquet.Schema;

namespace FastLog.Output.Tables;

/// <summary>
/// Writes <see cref="ReportTables"/> into a directory, one file per table (<c>NAME.csv</c> or
/// <c>NAME.parquet</c>) and <c>manifest.json</c> last: for each table its name, file, JSON source,
/// columns with types and row count. CSV is RFC 4180 with formula cells neutralised
/// (<see cref="CsvText"/>); Parquet goes through Parquet.Net's low-level writer, as <c>convert</c>'s.
/// </summary>
public static class ReportTablesWriter
{
    /// <summary>The manifest's file name.</summary>
    public const string ManifestName = "manifest.json";

    /// <summary>Writes <paramref name="tables"/> as <paramref name="format"/> (<c>csv</c> or <c>parquet</c>) into <paramref name="directory"/>, created if missing.</summary>
    /// <exception cref="IOException">The directory or a file cannot be written.</exception>
    public static void Write(IReadOnlyList<ReportTable> tables, string directory, string format, string version)
    {
        if (File.Exists(directory)) throw new IOException($"-o {directory}: is a file; --output {format} writes a directory of tables");
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new IOException($"-o {directory}: {e.Message}", e);
        }
        foreach (var table in tables)
        {
            using var file = new FileStream(Path.Combine(directory, table.Name + "." + format), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            if (format == "parquet") WriteParquet(table, file, version);
            else WriteCsv(table, file);
        }
        using var manifest = new FileStream(Path.Combine(directory, ManifestName), FileMode.Create, FileAccess.Write);
        WriteManifest(tables, format, version, manifest);
    }

    /// <summary>One CSV file: a header of the column names, then one line per row; null is an empty cell. Lines end with LF, as FastLog's other CSV output.</summary>
    public static void WriteCsv(ReportTable table, Stream output)
    {
        var buffer = new BufferedStream(output, 1 << 16);
        for (var c = 0; c < table.Columns.Count; c++)
        {
            if (c > 0) buffer.WriteByte((byte)',');
            CsvText.WriteCell(buffer, Encoding.UTF8.GetBytes(table.Columns[c].Name));
        }
        buffer.WriteByte((byte)'\n');
        foreach (var row in table.Rows)
        {
            for (var c = 0; c < row.Length; c++)
            {
                if (c > 0) buffer.WriteByte((byte)',');
                // Report-sized tables: a string per cell is fine here, never per record.
                if (Text(row[c]) is { } text) CsvText.WriteCell(buffer, Encoding.UTF8.GetBytes(text));
            }
            buffer.WriteByte((byte)'\n');
        }
        buffer.Flush();
    }

    /// <summary>One Parquet file of one row group, every column nullable; the file metadata holds the fastlog version and the table's JSON source.</summary>
    public static void WriteParquet(ReportTable table, Stream output, string version)
    {
        var fields = table.Columns.Select(Field).ToArray();
        try
        {
            var writer = ParquetWriter.CreateAsync(new ParquetSchema(fields), output, new ParquetOptions { CompressionMethod = CompressionMethod.Zstd })
                .GetAwaiter().GetResult();
            writer.CustomMetadata = new Dictionary<string, string> { ["fastlog.version"] = version, ["fastlog.source"] = table.Source };
            using (var group = writer.CreateRowGroup())
            {
                for (var c = 0; c < fields.Length; c++)
                {
                    var task = table.Columns[c].Type switch
                    {
                        ColumnType.Int64 => group.WriteAsync<long>(fields[c], Column<long>(table, c)),
                        ColumnType.Double => group.WriteAsync<double>(fields[c], Column<double>(table, c)),
                        ColumnType.Boolean => group.WriteAsync<bool>(fields[c], Column<bool>(table, c)),
                        _ => group.WriteAsync<ReadOnlyMemory<char>>(fields[c], table.Rows.Select(r => r[c] is string s ? s.AsMemory() : (ReadOnlyMemory<char>?)null).ToArray()),
                    };
                    task.GetAwaiter().GetResult();
                }
                group.CompleteValidate();
            }
            // Writes the footer.
            writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not IOException)
        {
            throw new IOException($"parquet: writing table {table.Name} failed: {e.Message}", e);
        }
    }

    private static T?[] Column<T>(ReportTable table, int c) where T : struct
        => table.Rows.Select(r => r[c] is T value ? value : (T?)null).ToArray();

    private static DataField Field(TableColumn column) => column.Type switch
    {
        ColumnType.Int64 => new DataField<long?>(column.Name),
        ColumnType.Double => new DataField<double?>(column.Name),
        ColumnType.Boolean => new DataField<bool?>(column.Name),
        _ => new DataField<string>(column.Name, nullable: true),
    };

    private static string? Text(object? value) => value switch
    {
        null => null,
        string s => s,
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => throw new ArgumentException($"unexpected cell type {value.GetType().Name}"),
    };

    private static void WriteManifest(IReadOnlyList<ReportTable> tables, string format, string version, Stream output)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("fastlog_version", version);
        json.WriteString("format", format);
        json.WriteStartArray("tables");
        foreach (var table in tables)
        {
            json.WriteStartObject();
            json.WriteString("name", table.Name);
            json.WriteString("file", table.Name + "." + format);
            json.WriteString("source", table.Source);
            json.WriteNumber("rows", table.Rows.Count);
            json.WriteStartArray("columns");
            foreach (var column in table.Columns)
            {
                json.WriteStartObject();
                json.WriteString("name", column.Name);
                json.WriteString("type", column.Type switch
                {
                    ColumnType.Int64 => "int64",
                    ColumnType.Double => "double",
                    ColumnType.Boolean => "boolean",
                    _ => "string",
                });
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        output.WriteByte((byte)'\n');
    }
}
