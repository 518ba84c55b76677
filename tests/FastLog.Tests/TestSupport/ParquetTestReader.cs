using Parquet;
using Parquet.Schema;

namespace FastLog.Tests.TestSupport;

/// <summary>
/// Reads a whole (small) Parquet file with Parquet.Net's own low-level reader, independently of
/// fastlog's <c>parquet</c> input format: column names and types, metadata and every value.
/// </summary>
public sealed class ParquetTestReader
{
    /// <summary>The data fields, in file order.</summary>
    public required IReadOnlyList<DataField> Fields { get; init; }

    /// <summary>File key-value metadata.</summary>
    public required IReadOnlyDictionary<string, string> Metadata { get; init; }

    /// <summary>Every column's values (strings, long, int, double, bool, DateTime; null for null), by column name.</summary>
    public required Dictionary<string, List<object?>> Columns { get; init; }

    /// <summary>Row groups in the file.</summary>
    public int RowGroups { get; init; }

    /// <summary>Rows in the file.</summary>
    public int Rows => Columns.Count == 0 ? 0 : Columns.First().Value.Count;

    /// <summary>Reads <paramref name="path"/>.</summary>
    public static ParquetTestReader Read(string path)
    {
        using var file = File.OpenRead(path);
        var reader = ParquetReader.CreateAsync(file).GetAwaiter().GetResult();
        var fields = reader.Schema.DataFields;
        var columns = fields.ToDictionary(f => f.Name, _ => new List<object?>());
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var rows = (int)group.RowCount;
            foreach (var field in fields)
            {
                var list = columns[field.Name];
                if (field.ClrType == typeof(ReadOnlyMemory<char>))
                {
                    var values = new ReadOnlyMemory<char>?[rows];
                    group.ReadAsync<ReadOnlyMemory<char>>(field, values.AsMemory()).AsTask().GetAwaiter().GetResult();
                    list.AddRange(values.Select(v => (object?)v?.ToString()));
                }
                else if (field.ClrType == typeof(long)) list.AddRange(Read<long>(group, field, rows));
                else if (field.ClrType == typeof(int)) list.AddRange(Read<int>(group, field, rows));
                else if (field.ClrType == typeof(double)) list.AddRange(Read<double>(group, field, rows));
                else if (field.ClrType == typeof(bool)) list.AddRange(Read<bool>(group, field, rows));
                else if (field.ClrType == typeof(DateTime)) list.AddRange(Read<DateTime>(group, field, rows));
                else throw new InvalidDataException($"unexpected column type {field.ClrType} of {field.Name}");
            }
        }
        reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return new ParquetTestReader
        {
            Fields = fields,
            Metadata = reader.CustomMetadata,
            Columns = columns,
            RowGroups = reader.RowGroupCount,
        };
    }

    private static IEnumerable<object?> Read<T>(ParquetRowGroupReader group, DataField field, int rows) where T : struct
    {
        var values = new T?[rows];
        group.ReadAsync<T>(field, values.AsMemory()).AsTask().GetAwaiter().GetResult();
        return values.Select(v => v is { } x ? (object?)x : null);
    }
}
