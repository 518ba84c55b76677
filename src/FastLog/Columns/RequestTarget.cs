namespace FastLog.Columns;

/// <summary>
/// The request target of an access-log record, <c>path?query</c>, from its two fields. Where the
/// log wrote them as one target (CLF, ALB and custom <c>%r</c>: the query right after the path and
/// its <c>?</c>) it is one range of the block; where they are separate values (W3C's
/// <c>cs-uri-stem</c> and <c>cs-uri-query</c>, jsonl and Parquet fields) the bytes between them are
/// other fields, so the target must be joined.
/// </summary>
public static class RequestTarget
{
    /// <summary>True when <c>path?query</c> (or the path alone) is one range of <paramref name="block"/>, starting at the path.</summary>
    public static bool IsOneRange(ByteRange path, ByteRange query, ReadOnlySpan<byte> block)
        => query.IsNull || (query.Offset == path.Offset + path.Length + 1 && block[query.Offset - 1] == (byte)'?');

    /// <summary>Length of <c>path?query</c> in bytes (the path alone without a query).</summary>
    public static int Length(ByteRange path, ByteRange query) => path.Length + (query.IsNull ? 0 : 1 + query.Length);

    /// <summary>
    /// <c>path?query</c> as a new array (cold path: a finding's sample URL), or null without a path.
    /// </summary>
    public static byte[]? ToArray(ByteRange path, ByteRange query, ReadOnlySpan<byte> block)
    {
        if (path.IsNull) return null;
        var target = new byte[Length(path, query)];
        path.Slice(block).CopyTo(target);
        if (query.IsNull) return target;
        target[path.Length] = (byte)'?';
        query.Slice(block).CopyTo(target.AsSpan(path.Length + 1));
        return target;
    }
}
