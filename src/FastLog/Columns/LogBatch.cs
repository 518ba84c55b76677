namespace FastLog.Columns;

/// <summary>
/// Struct-of-arrays buffer of up to <see cref="Capacity"/> parsed access-log records, reused by
/// one worker. Byte fields are ranges into the block the records were parsed from, so a batch is
/// consumed before its block is released.
/// </summary>
public sealed class LogBatch
{
    /// <summary>
    /// 4096 records: a 256 KiB block of combined log (~225 bytes a line) is ~1,200 records, so
    /// one batch normally holds a whole block and the columns stay in L2.
    /// </summary>
    public const int DefaultCapacity = 4096;

    /// <summary>Number of records held.</summary>
    public int Count;

    /// <summary>Where the block the records were parsed from sits in its input (set by the parser per block).</summary>
    public Formats.BlockOrigin Origin;

    /// <summary>Maximum number of records.</summary>
    public int Capacity { get; }

    /// <summary>The whole line without its LF (a CR before the LF is kept): the raw bytes <c>filter</c> prints.</summary>
    public readonly ByteRange[] Line;
    /// <summary>0-based index of the line within its chunk.</summary>
    public readonly long[] LineIndex;
    /// <summary>Client address or host name.</summary>
    public readonly ByteRange[] Ip;
    /// <summary>Authenticated user; null for <c>-</c>.</summary>
    public readonly ByteRange[] User;
    /// <summary>Request method; null when the request line is absent or not three tokens.</summary>
    public readonly ByteRange[] Method;
    /// <summary>Request target up to <c>?</c>.</summary>
    public readonly ByteRange[] Path;
    /// <summary>Query after <c>?</c>; null when there is no <c>?</c>.</summary>
    public readonly ByteRange[] Query;
    /// <summary>Request protocol.</summary>
    public readonly ByteRange[] Protocol;
    /// <summary>Referer; null for <c>-</c> or in the common format.</summary>
    public readonly ByteRange[] Referer;
    /// <summary>User agent; null for <c>-</c> or in the common format.</summary>
    public readonly ByteRange[] Ua;
    /// <summary>Status code, 100–999.</summary>
    public readonly short[] Status;
    /// <summary>Body bytes; -1 for <c>-</c>.</summary>
    public readonly long[] Bytes;
    /// <summary>Timestamp in Unix seconds, UTC.</summary>
    public readonly long[] UnixSeconds;
    /// <summary>Request time in microseconds; -1 when absent.</summary>
    public readonly long[] RequestTimeMicros;

    /// <summary>Creates a batch with room for <paramref name="capacity"/> records.</summary>
    public LogBatch(int capacity = DefaultCapacity)
    {
        Capacity = capacity;
        Line = new ByteRange[capacity];
        LineIndex = new long[capacity];
        Ip = new ByteRange[capacity];
        User = new ByteRange[capacity];
        Method = new ByteRange[capacity];
        Path = new ByteRange[capacity];
        Query = new ByteRange[capacity];
        Protocol = new ByteRange[capacity];
        Referer = new ByteRange[capacity];
        Ua = new ByteRange[capacity];
        Status = new short[capacity];
        Bytes = new long[capacity];
        UnixSeconds = new long[capacity];
        RequestTimeMicros = new long[capacity];
    }

    /// <summary>The byte-range column of a text field (ip, user, method, path, query, protocol, referer, ua), or null for computed fields.</summary>
    public ByteRange[]? TextColumn(LogField field) => field switch
    {
        LogField.Ip => Ip,
        LogField.User => User,
        LogField.Method => Method,
        LogField.Path => Path,
        LogField.Query => Query,
        LogField.Protocol => Protocol,
        LogField.Referer => Referer,
        LogField.Ua => Ua,
        _ => null,
    };

    /// <summary>True when no more records fit.</summary>
    public bool IsFull => Count == Capacity;
}
