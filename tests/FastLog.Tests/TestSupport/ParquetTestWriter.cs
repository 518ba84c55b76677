using Parquet;
using Parquet.Schema;

namespace FastLog.Tests.TestSupport;

/// <summary>
/// Writes small Parquet fixtures with Parquet.Net directly (one row group), so a test controls
/// every stored value, including those <c>convert</c> would never write.
/// </summary>
public static class ParquetTestWriter
{
    /// <summary>One column: its field and its values (a nullable array of the field's type).</summary>
    public readonly record struct Column(DataField Field, Array Values);

    /// <summary>A nullable int64 column.</summary>
    public static Column Longs(string name, params long?[] values) => new(new DataField<long?>(name), values);

    /// <summary>A nullable int32 column.</summary>
    public static Column Ints(string name, params int?[] values) => new(new DataField<int?>(name), values);

    /// <summary>A nullable uint64 column.</summary>
    public static Column ULongs(string name, params ulong?[] values) => new(new DataField<ulong?>(name), values);

    /// <summary>A nullable double column.</summary>
    public static Column Doubles(string name, params double?[] values) => new(new DataField<double?>(name), values);

    /// <summary>A nullable string column.</summary>
    public static Column Strings(string name, params string?[] values) => new(new DataField<string>(name, nullable: true), values);

    /// <summary>A <c>ts</c> column of UTC instants (TIMESTAMP micros, as <c>convert</c> writes).</summary>
    public static Column Times(params DateTime?[] values)
        => new(new DateTimeDataField("ts", DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: true), values);

    /// <summary>Writes <paramref name="columns"/> (all of one length) to <paramref name="path"/>.</summary>
    public static void Write(string path, params Column[] columns)
    {
        using var file = File.Create(path);
        var writer = ParquetWriter.CreateAsync(new ParquetSchema(columns.Select(c => (Field)c.Field).ToArray()), file).GetAwaiter().GetResult();
        using (var group = writer.CreateRowGroup())
        {
            foreach (var (field, values) in columns)
            {
                var task = values switch
                {
                    long?[] v => group.WriteAsync<long>(field, v),
                    int?[] v => group.WriteAsync<int>(field, v),
                    ulong?[] v => group.WriteAsync<ulong>(field, v),
                    double?[] v => group.WriteAsync<double>(field, v),
                    DateTime?[] v => group.WriteAsync<DateTime>(field, v),
                    string?[] v => group.WriteAsync(field, v!),
                    _ => throw new ArgumentException($"unsupported column type {values.GetType()}"),
                };
                task.GetAwaiter().GetResult();
            }
            group.CompleteValidate();
        }
        writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
