namespace FastLog.Columns;

/// <summary>How a field is stored in <see cref="LogBatch"/> and what its values mean.</summary>
public enum FieldKind
{
    /// <summary>Bytes as written in the log, a <see cref="ByteRange"/> column (null when absent).</summary>
    Text,
    /// <summary>Text that is usually an IP address (CIDR tests apply).</summary>
    Address,
    /// <summary>A whole number in a <c>long</c> column (status is a <c>short</c> column).</summary>
    Integer,
    /// <summary>A duration in microseconds in a <c>long</c> column, printed in seconds.</summary>
    Duration,
    /// <summary>An instant in Unix seconds (ts).</summary>
    Time,
    /// <summary>The UTC hour of ts (computed, never stored).</summary>
    Hour,
    /// <summary>A small code in a <c>long</c> column, printed by name (<see cref="FieldInfo.Symbols"/>).</summary>
    Symbol,
}

/// <summary>A field of the schema: its name on the command line and in reports, and its kind.</summary>
/// <param name="Name">Snake-case name (<c>status</c>, <c>event_name</c>).</param>
/// <param name="Field">The column.</param>
/// <param name="Kind">Storage and meaning.</param>
/// <param name="Symbols">For <see cref="FieldKind.Symbol"/>: the name of each code.</param>
public sealed record FieldInfo(string Name, LogField Field, FieldKind Kind, IReadOnlyList<string>? Symbols = null)
{
    /// <summary>True for fields held in a <see cref="ByteRange"/> column.</summary>
    public bool IsText => Kind is FieldKind.Text or FieldKind.Address;

    /// <summary>True for fields held in a <c>long</c> column (generic numbers, durations, symbols, ts).</summary>
    public bool IsNumber => Kind is FieldKind.Integer or FieldKind.Duration or FieldKind.Symbol or FieldKind.Time;
}
