using System.Text;

namespace FastLog.Formats.W3c;

/// <summary>What one column of a W3C data line holds, after the field name in <c>#Fields:</c>.</summary>
public enum W3cColumn : byte
{
    /// <summary>A field FastLog does not map (<c>s-ip</c>, <c>s-port</c>, <c>sc-substatus</c>, …).</summary>
    Ignored,
    /// <summary><c>date</c>, <c>yyyy-mm-dd</c> UTC.</summary>
    Date,
    /// <summary><c>time</c>, <c>hh:mm:ss</c> UTC.</summary>
    Time,
    /// <summary><c>c-ip</c>.</summary>
    ClientIp,
    /// <summary><c>cs-username</c>.</summary>
    Username,
    /// <summary><c>cs-method</c>.</summary>
    Method,
    /// <summary><c>cs-uri-stem</c>.</summary>
    UriStem,
    /// <summary><c>cs-uri-query</c>.</summary>
    UriQuery,
    /// <summary><c>cs-version</c>.</summary>
    Version,
    /// <summary><c>sc-status</c>.</summary>
    Status,
    /// <summary><c>sc-bytes</c>.</summary>
    SentBytes,
    /// <summary><c>cs-bytes</c>.</summary>
    ReceivedBytes,
    /// <summary><c>time-taken</c>, milliseconds.</summary>
    TimeTaken,
    /// <summary><c>cs(User-Agent)</c>.</summary>
    UserAgent,
    /// <summary><c>cs(Referer)</c>.</summary>
    Referer,
    /// <summary><c>cs-host</c>.</summary>
    Host,
}

/// <summary>
/// The column layout of the last <c>#Fields:</c> directive: one <see cref="W3cColumn"/> per
/// whitespace-separated name, at most <see cref="MaxFields"/> (a longer list is a bad header).
/// </summary>
public sealed class W3cFieldMap
{
    /// <summary>Bound on the columns of a header (IIS writes at most ~20).</summary>
    public const int MaxFields = 256;

    private readonly W3cColumn[] _columns = new W3cColumn[MaxFields];

    /// <summary>Number of columns; 0 before any valid <c>#Fields:</c>.</summary>
    public int Count { get; private set; }

    /// <summary>The column at <paramref name="index"/> (&lt; <see cref="Count"/>).</summary>
    public W3cColumn this[int index] => _columns[index];

    /// <summary>True when a data line can be read (a <c>#Fields:</c> directive was seen).</summary>
    public bool IsDefined => Count > 0;

    /// <summary>
    /// IIS's default <c>#Fields:</c> (every IIS since 7.0 writes it unless the site was
    /// customised): the layout of a data line read before any header, when its value count is 15.
    /// </summary>
    public const string IisDefaultFields =
        "date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken";

    /// <summary>IIS 7's default before <c>cs(Referer)</c> was added: the headerless layout of a 14-value line.</summary>
    public const string IisDefaultFieldsWithoutReferer =
        "date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status time-taken";

    /// <summary>
    /// The layout of a data line seen before any <c>#Fields:</c> (a file cut by rotation, a
    /// concatenation, an agent that drops comments): IIS's default set chosen by the line's
    /// <paramref name="valueCount"/>, or null when no default has that many values.
    /// </summary>
    public static W3cFieldMap? IisDefaultFor(int valueCount) => valueCount switch
    {
        15 => s_iisDefault,
        14 => s_iisDefaultWithoutReferer,
        _ => null,
    };

    private static W3cFieldMap Defined(string names)
    {
        var map = new W3cFieldMap();
        if (!map.TryDefine(Encoding.ASCII.GetBytes(names))) throw new InvalidOperationException($"bad built-in layout: {names}");
        return map;
    }

    /// <summary>Forgets the layout (a new input starts).</summary>
    public void Reset()
    {
        Count = 0;
    }

    /// <summary>
    /// Reads the names after <c>#Fields:</c>. Returns false (and leaves the map undefined) for an
    /// empty list, one longer than <see cref="MaxFields"/>, or one without <c>time</c>.
    /// </summary>
    public bool TryDefine(ReadOnlySpan<byte> names)
    {
        Count = 0;
        var hasTime = false;
        var n = 0;
        var at = 0;
        // Invariant: names[0, at) holds n names, each mapped into _columns[0, n).
        while (at < names.Length)
        {
            var sep = names[at..].IndexOfAny((byte)' ', (byte)'\t');
            var end = sep < 0 ? names.Length : at + sep;
            if (end > at)
            {
                if (n == MaxFields) return false;
                var column = Classify(names[at..end]);
                _columns[n++] = column;
                hasTime |= column == W3cColumn.Time;
            }
            at = end + 1;
        }
        if (n == 0 || !hasTime) return false;
        Count = n;
        return true;
    }

    private static W3cColumn Classify(ReadOnlySpan<byte> name)
    {
        // Field names are case-insensitive in practice (IIS writes cs(User-Agent), others cs(user-agent)).
        foreach (var (text, column) in s_names)
            if (Ascii.EqualsIgnoreCase(name, text)) return column;
        return W3cColumn.Ignored;
    }

    private static readonly (byte[] Name, W3cColumn Column)[] s_names =
    [
        ("date"u8.ToArray(), W3cColumn.Date),
        ("time"u8.ToArray(), W3cColumn.Time),
        ("c-ip"u8.ToArray(), W3cColumn.ClientIp),
        ("cs-username"u8.ToArray(), W3cColumn.Username),
        ("cs-method"u8.ToArray(), W3cColumn.Method),
        ("cs-uri-stem"u8.ToArray(), W3cColumn.UriStem),
        ("cs-uri-query"u8.ToArray(), W3cColumn.UriQuery),
        ("cs-version"u8.ToArray(), W3cColumn.Version),
        ("sc-status"u8.ToArray(), W3cColumn.Status),
        ("sc-bytes"u8.ToArray(), W3cColumn.SentBytes),
        ("cs-bytes"u8.ToArray(), W3cColumn.ReceivedBytes),
        ("time-taken"u8.ToArray(), W3cColumn.TimeTaken),
        ("cs(User-Agent)"u8.ToArray(), W3cColumn.UserAgent),
        ("cs(Referer)"u8.ToArray(), W3cColumn.Referer),
        ("cs-host"u8.ToArray(), W3cColumn.Host),
    ];

    // After s_names: static initializers run in textual order and these read it.
    private static readonly W3cFieldMap s_iisDefault = Defined(IisDefaultFields);
    private static readonly W3cFieldMap s_iisDefaultWithoutReferer = Defined(IisDefaultFieldsWithoutReferer);
}
