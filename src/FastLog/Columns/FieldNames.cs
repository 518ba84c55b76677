namespace FastLog.Columns;

/// <summary>The names and kinds of <see cref="LogField"/> values on the command line and in reports.</summary>
public static class FieldNames
{
    private static readonly IReadOnlyList<string> s_boolean = ["false", "true"];

    /// <summary>Every field, in schema order.</summary>
    public static IReadOnlyList<FieldInfo> All { get; } =
    [
        new("ip", LogField.Ip, FieldKind.Address), new("ident", LogField.Ident, FieldKind.Text),
        new("user", LogField.User, FieldKind.Text), new("ts", LogField.Ts, FieldKind.Time),
        new("method", LogField.Method, FieldKind.Text), new("path", LogField.Path, FieldKind.Text),
        new("query", LogField.Query, FieldKind.Text), new("protocol", LogField.Protocol, FieldKind.Text),
        new("status", LogField.Status, FieldKind.Integer), new("bytes", LogField.Bytes, FieldKind.Integer),
        new("referer", LogField.Referer, FieldKind.Text), new("ua", LogField.Agent, FieldKind.Text),
        new("request_time", LogField.RequestTime, FieldKind.Duration), new("hour", LogField.Hour, FieldKind.Hour),
        new("vhost", LogField.Vhost, FieldKind.Text), new("host", LogField.Host, FieldKind.Text),
        new("app", LogField.App, FieldKind.Text), new("pid", LogField.Pid, FieldKind.Integer),
        new("severity", LogField.Severity, FieldKind.Integer), new("facility", LogField.Facility, FieldKind.Integer),
        new("msgid", LogField.MsgId, FieldKind.Text), new("msg", LogField.Message, FieldKind.Text),
        new("event", LogField.Event, FieldKind.Symbol, AuthEventNames.Names), new("port", LogField.Port, FieldKind.Integer),
        new("invalid_user", LogField.InvalidUser, FieldKind.Symbol, s_boolean), new("command", LogField.Command, FieldKind.Text),
        new("event_name", LogField.EventName, FieldKind.Text), new("event_source", LogField.EventSource, FieldKind.Text),
        new("event_type", LogField.EventType, FieldKind.Text), new("user_type", LogField.UserType, FieldKind.Text),
        new("user_arn", LogField.UserArn, FieldKind.Text), new("region", LogField.Region, FieldKind.Text),
        new("error_code", LogField.ErrorCode, FieldKind.Text), new("error_message", LogField.ErrorMessage, FieldKind.Text),
        new("mfa", LogField.Mfa, FieldKind.Text), new("console_login", LogField.ConsoleLogin, FieldKind.Text),
        new("request_user_name", LogField.RequestUserName, FieldKind.Text),
        new("access_key_user_name", LogField.AccessKeyUserName, FieldKind.Text),
        new("request_enable", LogField.RequestEnable, FieldKind.Text),
        new("type", LogField.Type, FieldKind.Text), new("actor", LogField.Actor, FieldKind.Text),
        new("repo", LogField.Repo, FieldKind.Text), new("public", LogField.Public, FieldKind.Symbol, s_boolean),
        new("payload_bytes", LogField.PayloadBytes, FieldKind.Integer),
        new("elb", LogField.Elb, FieldKind.Text), new("target", LogField.Target, FieldKind.Text),
        new("target_status", LogField.TargetStatus, FieldKind.Integer), new("received_bytes", LogField.ReceivedBytes, FieldKind.Integer),
        new("request_processing_time", LogField.RequestProcessingTime, FieldKind.Duration),
        new("target_processing_time", LogField.TargetProcessingTime, FieldKind.Duration),
        new("response_processing_time", LogField.ResponseProcessingTime, FieldKind.Duration),
        new("ssl_cipher", LogField.SslCipher, FieldKind.Text), new("ssl_protocol", LogField.SslProtocol, FieldKind.Text),
        new("service", LogField.Service, FieldKind.Text), new("level", LogField.Level, FieldKind.Text),
        new("latency", LogField.Latency, FieldKind.Duration), new("repeat", LogField.Repeat, FieldKind.Integer),
        new("session_name", LogField.SessionName, FieldKind.Text),
        new("failures", LogField.Failures, FieldKind.Integer),
    ];

    private static readonly FieldInfo[] s_byField = BuildIndex();

    private static FieldInfo[] BuildIndex()
    {
        var index = new FieldInfo[All.Count];
        foreach (var info in All) index[(int)info.Field] = info;
        return index;
    }

    /// <summary>Number of fields (the size of per-field arrays).</summary>
    public static int Count => s_byField.Length;

    /// <summary>Fields that <c>top</c> and <c>count --by</c> accept (all but ident).</summary>
    public static IEnumerable<string> Groupable => All.Where(f => f.Field != LogField.Ident).Select(f => f.Name);

    /// <summary>The field named <paramref name="name"/>, or null.</summary>
    public static LogField? Parse(string name)
    {
        foreach (var info in All)
            if (info.Name == name && info.Field != LogField.Ident) return info.Field;
        return null;
    }

    /// <summary>The description of <paramref name="field"/>.</summary>
    public static FieldInfo Info(LogField field) => s_byField[(int)field];

    /// <summary>The name of <paramref name="field"/>.</summary>
    public static string Name(LogField field) => s_byField[(int)field].Name;
}
