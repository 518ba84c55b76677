namespace FastLog.Columns;

/// <summary>The names of <see cref="LogField"/> values on the command line and in reports (SPEC.md field model).</summary>
public static class FieldNames
{
    private static readonly (string Name, LogField Field)[] s_all =
    [
        ("ip", LogField.Ip), ("ident", LogField.Ident), ("user", LogField.User), ("ts", LogField.Ts),
        ("method", LogField.Method), ("path", LogField.Path), ("query", LogField.Query),
        ("protocol", LogField.Protocol), ("status", LogField.Status), ("bytes", LogField.Bytes),
        ("referer", LogField.Referer), ("ua", LogField.Ua), ("request_time", LogField.RequestTime),
        ("hour", LogField.Hour),
    ];

    /// <summary>Fields that <c>top</c> and <c>count --by</c> accept.</summary>
    public static IEnumerable<string> Groupable => s_all.Where(f => f.Field != LogField.Ident).Select(f => f.Name);

    /// <summary>The field named <paramref name="name"/>, or null.</summary>
    public static LogField? Parse(string name)
    {
        foreach (var (n, f) in s_all)
            if (n == name && f != LogField.Ident) return f;
        return null;
    }

    /// <summary>The name of <paramref name="field"/>.</summary>
    public static string Name(LogField field)
    {
        foreach (var (n, f) in s_all)
            if (f == field) return n;
        return field.ToString();
    }
}
