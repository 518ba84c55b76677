using FastLog.Columns;

namespace FastLog.Query;

/// <summary>A field as <c>--where</c> sees it: its column, its type, and whether it can be absent.</summary>
/// <param name="Name">The name in expressions (<see cref="FieldNames"/>).</param>
/// <param name="Field">The column.</param>
/// <param name="Kind">Its type.</param>
/// <param name="Nullable">True when the field can be absent (<c>-</c> in the log).</param>
public readonly record struct QueryField(string Name, LogField Field, QueryFieldKind Kind, bool Nullable)
{
    /// <summary>The fields an expression can test, in schema order.</summary>
    public static IEnumerable<string> Names => FieldNames.Groupable.Where(n => Find(n) is not null);

    /// <summary>The field named <paramref name="name"/>, or null (unknown, or not testable, as <c>hour</c>).</summary>
    public static QueryField? Find(string name)
    {
        if (FieldNames.Parse(name) is not { } field) return null;
        return field switch
        {
            LogField.Ip => new QueryField(name, field, QueryFieldKind.Address, false),
            LogField.User or LogField.Method or LogField.Path or LogField.Query or LogField.Protocol
                or LogField.Referer or LogField.Agent => new QueryField(name, field, QueryFieldKind.Text, true),
            LogField.Status => new QueryField(name, field, QueryFieldKind.Integer, false),
            LogField.Bytes => new QueryField(name, field, QueryFieldKind.Integer, true),
            LogField.RequestTime => new QueryField(name, field, QueryFieldKind.Duration, true),
            LogField.Ts => new QueryField(name, field, QueryFieldKind.Time, false),
            _ => FieldNames.Info(field).Kind switch
            {
                FieldKind.Text => new QueryField(name, field, QueryFieldKind.Text, true),
                FieldKind.Address => new QueryField(name, field, QueryFieldKind.Address, true),
                FieldKind.Integer => new QueryField(name, field, QueryFieldKind.Integer, true),
                FieldKind.Duration => new QueryField(name, field, QueryFieldKind.Duration, true),
                FieldKind.Symbol => new QueryField(name, field, QueryFieldKind.Symbol, true),
                _ => null,
            },
        };
    }
}
