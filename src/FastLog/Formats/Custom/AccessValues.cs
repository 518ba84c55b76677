using FastLog.Columns;

namespace FastLog.Formats.Custom;

/// <summary>
/// Value grammars shared by the CLF, w3c, alb and custom parsers: status, counts, durations, <c>-</c>
/// as null, and the split of a request line into method, path, query and protocol.
/// </summary>
public static class AccessValues
{
    /// <summary>A status of three digits in 100–599 (the range the access tables index), or <c>-</c> for "none" (0).</summary>
    public static bool TryStatus(ReadOnlySpan<byte> s, out short status)
    {
        status = 0;
        if (s.Length == 1 && s[0] == (byte)'-') return true;
        if (s.Length != 3) return false;
        var d0 = (uint)(s[0] - '0');
        var d1 = (uint)(s[1] - '0');
        var d2 = (uint)(s[2] - '0');
        if (d0 is < 1 or > 5 || d1 > 9 || d2 > 9) return false;
        status = (short)(d0 * 100 + d1 * 10 + d2);
        return true;
    }

    /// <summary>Digits (at most 18, so no overflow), or <c>-</c> for null (-1).</summary>
    public static bool TryCount(ReadOnlySpan<byte> s, out long value)
    {
        value = -1;
        if (s.Length == 1 && s[0] == (byte)'-') return true;
        if (s.Length is 0 or > 18) return false;
        long v = 0;
        foreach (var c in s)
        {
            var d = (uint)(c - '0');
            if (d > 9) return false;
            v = v * 10 + d;
        }
        value = v;
        return true;
    }

    /// <summary>
    /// A decimal <c>digits[.digits]</c> (at most 9 integer digits) in units of
    /// <paramref name="unitMicros"/> µs (1,000,000 for seconds, 1,000 for milliseconds) into
    /// whole microseconds, finer digits truncated; <c>-</c> is null (-1).
    /// </summary>
    public static bool TryDecimalMicros(ReadOnlySpan<byte> s, long unitMicros, out long micros)
    {
        micros = -1;
        if (s.Length == 1 && s[0] == (byte)'-') return true;
        var dot = s.IndexOf((byte)'.');
        var whole = dot < 0 ? s : s[..dot];
        if (whole.Length is 0 or > 9) return false;
        long units = 0;
        foreach (var c in whole)
        {
            var d = (uint)(c - '0');
            if (d > 9) return false;
            units = units * 10 + d;
        }
        long fraction = 0;
        if (dot >= 0)
        {
            var frac = s[(dot + 1)..];
            if (frac.Length == 0) return false;
            // Invariant: scale is unitMicros / 10^(digits read); digits past the µs are checked, not kept.
            var scale = unitMicros / 10;
            foreach (var c in frac)
            {
                var d = (uint)(c - '0');
                if (d > 9) return false;
                fraction += d * scale;
                scale /= 10;
            }
        }
        micros = units * unitMicros + fraction;
        return true;
    }

    /// <summary>The range <c>[start, end)</c>, or null when it is exactly <c>-</c>.</summary>
    public static ByteRange DashIsNull(ReadOnlySpan<byte> block, int start, int end)
        => end - start == 1 && block[start] == (byte)'-' ? ByteRange.Null : new ByteRange(start, end - start);

    /// <summary>
    /// Splits the request line <c>block[start, end)</c>, <c>METHOD target [PROTOCOL]</c>, into
    /// slot <paramref name="i"/>'s method, path, query and protocol (as the CLF parser does).
    /// Anything else (<c>-</c>, <c>- - -</c>, empty, TLS bytes) leaves all four null. With
    /// <paramref name="absoluteTarget"/>, a target <c>scheme://host[:port]/path</c> is cut to its
    /// path and its host (without the port) is returned in <paramref name="host"/> (ALB writes
    /// absolute URLs).
    /// </summary>
    public static void SplitRequest(ReadOnlySpan<byte> block, int start, int end, LogBatch batch, int i, bool absoluteTarget, out ByteRange host)
    {
        host = ByteRange.Null;
        batch.Method[i] = ByteRange.Null;
        batch.Path[i] = ByteRange.Null;
        batch.Query[i] = ByteRange.Null;
        batch.Protocol[i] = ByteRange.Null;
        var line = block[start..end];
        var firstSpace = line.IndexOf((byte)' ');
        if (firstSpace <= 0) return;
        var lastSpace = line.LastIndexOf((byte)' ');
        int targetEnd;
        if (lastSpace > firstSpace)
        {
            if (lastSpace + 1 == line.Length) return;
            targetEnd = lastSpace;
        }
        else
        {
            targetEnd = line.Length;
        }
        var targetStart = firstSpace + 1;
        if (targetEnd <= targetStart) return;
        var target = line[targetStart..targetEnd];
        // "- - -" (ALB, unparseable request): a method "-" and target "-" is no request.
        if (firstSpace == 1 && line[0] == (byte)'-' && target.Length == 1 && target[0] == (byte)'-') return;
        if (absoluteTarget)
        {
            var scheme = target.IndexOf("://"u8);
            if (scheme > 0)
            {
                var hostStart = scheme + 3;
                var hostLength = target[hostStart..].IndexOfAny((byte)'/', (byte)'?');
                var afterHost = hostLength < 0 ? target.Length : hostStart + hostLength;
                var hostPart = target[hostStart..afterHost];
                var colon = hostPart.LastIndexOf((byte)':');
                // A port follows the last colon unless it sits inside an IPv6 literal ([::1]).
                if (colon >= 0 && hostPart[colon..].IndexOf((byte)']') < 0) hostPart = hostPart[..colon];
                if (hostPart.Length > 0) host = new ByteRange(start + targetStart + hostStart, hostPart.Length);
                targetStart += afterHost;
                target = target[afterHost..];
            }
        }
        if (lastSpace > firstSpace) batch.Protocol[i] = new ByteRange(start + lastSpace + 1, line.Length - lastSpace - 1);
        batch.Method[i] = new ByteRange(start, firstSpace);
        var question = target.IndexOf((byte)'?');
        if (question < 0)
        {
            batch.Path[i] = new ByteRange(start + targetStart, target.Length);
        }
        else
        {
            batch.Path[i] = new ByteRange(start + targetStart, question);
            batch.Query[i] = new ByteRange(start + targetStart + question + 1, target.Length - question - 1);
        }
    }

    /// <summary>Drops a CR before the line's LF.</summary>
    public static ReadOnlySpan<byte> TrimCr(ReadOnlySpan<byte> line)
        => line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;
}
