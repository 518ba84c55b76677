using System.Text;
using FastLog.Columns;

namespace FastLog.Formats.Json;

/// <summary>Where one <see cref="JsonFieldSpec"/> writes: its batch column and how the value is read.</summary>
public sealed class JsonTarget
{
    /// <summary>How the value is read.</summary>
    public JsonValueType Type { get; }

    /// <summary>The field.</summary>
    public LogField Field { get; }

    /// <summary>The text column, for text fields.</summary>
    public ByteRange[]? Text { get; }

    /// <summary>The number column, for integer, duration, time and symbol fields.</summary>
    public long[]? Numbers { get; }

    /// <summary>The absent value of <see cref="Numbers"/>: -1 for bytes and request time (their CLF convention), else <see cref="LogBatch.NullNumber"/>.</summary>
    public long NullValue { get; }

    /// <summary>For symbol fields: each symbol's name, UTF-8, indexed by its code.</summary>
    public byte[][] Symbols { get; } = [];

    /// <summary>Creates the target of <paramref name="spec"/> in <paramref name="batch"/>.</summary>
    public JsonTarget(JsonFieldSpec spec, LogBatch batch)
    {
        Type = spec.Type;
        Field = spec.Field;
        var info = FieldNames.Info(spec.Field);
        if (info.IsText)
        {
            Text = batch.EnsureText(spec.Field);
        }
        else
        {
            Numbers = batch.EnsureNumber(spec.Field);
            NullValue = spec.Field is LogField.Bytes or LogField.RequestTime ? -1 : LogBatch.NullNumber;
            if (info.Symbols is { } symbols) Symbols = [.. symbols.Select(Encoding.UTF8.GetBytes)];
        }
    }

    /// <summary>Microseconds per unit of a duration type.</summary>
    public long MicrosPerUnit => Type switch
    {
        JsonValueType.Milliseconds => 1_000,
        JsonValueType.Microseconds => 1,
        _ => 1_000_000,
    };
}
