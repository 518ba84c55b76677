namespace FastLog.Output.Tables;

/// <summary>The type of a report table's column (Parquet: UTF-8 string, INT64, DOUBLE, BOOLEAN; every column nullable).</summary>
public enum ColumnType
{
    /// <summary>Text.</summary>
    String,
    /// <summary>A whole number.</summary>
    Int64,
    /// <summary>A share, rate, mean or score.</summary>
    Double,
    /// <summary>A flag (an <c>approximate</c>, <c>service_mapped</c>).</summary>
    Boolean,
}

/// <summary>A column: its name (the JSON report's property name) and type.</summary>
public sealed record TableColumn(string Name, ColumnType Type);

/// <summary>
/// One table of the <c>analyze</c> report, flattened for <c>--output csv|parquet -o DIR</c>:
/// <see cref="Source"/> is where the same rows are in <c>analyze --output json</c>, and the
/// columns are named as the properties there (nested objects' properties brought up one level,
/// lists joined with commas).
/// </summary>
public sealed class ReportTable(string name, string source, params TableColumn[] columns)
{
    /// <summary>File name without extension, unique in the report.</summary>
    public string Name { get; } = name;

    /// <summary>
    /// Where the rows are in the JSON report: dot-separated property names ending at a list (a row
    /// per element) or at an object (one row of its figures; <c>performance</c>: a row per
    /// distribution, keyed by <c>metric</c>); <c>activity[].hourly</c> is every element's
    /// <c>hourly</c> list, each row led by its element's <c>format</c>.
    /// </summary>
    public string Source { get; } = source;

    /// <summary>The columns, in order.</summary>
    public IReadOnlyList<TableColumn> Columns { get; } = columns;

    /// <summary>The rows: one value per column (<see cref="string"/>, <see cref="long"/>, <see cref="double"/>, <see cref="bool"/> or null).</summary>
    public List<object?[]> Rows { get; } = [];

    /// <summary>Adds a row; its values must match <see cref="Columns"/>.</summary>
    public ReportTable Add(params object?[] values)
    {
        if (values.Length != Columns.Count) throw new ArgumentException($"{Name}: {values.Length} values for {Columns.Count} columns");
        Rows.Add(values);
        return this;
    }
}
