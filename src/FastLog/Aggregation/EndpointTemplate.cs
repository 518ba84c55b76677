namespace FastLog.Aggregation;

/// <summary>
/// Collapses the variable segments of a path into <c>{id}</c>, so <c>/api/users/123</c> and
/// <c>/api/users/456</c> group as one endpoint <c>/api/users/{id}</c>.
/// </summary>
/// <remarks>
/// A segment (between slashes) is variable when it is all decimal digits, a UUID
/// (<c>8-4-4-4-12</c> hex digits), or at least 16 hex digits (hashes, object ids). One pass over
/// the path, no regex: linear in its length whatever its content.
/// </remarks>
public static class EndpointTemplate
{
    private static ReadOnlySpan<byte> Placeholder => "{id}"u8;

    /// <summary>Upper bound of the template length for a path of <paramref name="pathLength"/> bytes.</summary>
    public static int MaxLength(int pathLength) => pathLength * 3 + Placeholder.Length;

    /// <summary>Writes the template of <paramref name="path"/> into <paramref name="destination"/> (at least <see cref="MaxLength"/> bytes); returns its length.</summary>
    public static int Write(ReadOnlySpan<byte> path, Span<byte> destination)
    {
        var written = 0;
        var start = 0;
        // Invariant: [0, start) is emitted; each iteration emits one segment and its slash.
        while (true)
        {
            var slash = path[start..].IndexOf((byte)'/');
            var end = slash < 0 ? path.Length : start + slash;
            var segment = path[start..end];
            if (IsVariable(segment))
            {
                Placeholder.CopyTo(destination[written..]);
                written += Placeholder.Length;
            }
            else
            {
                segment.CopyTo(destination[written..]);
                written += segment.Length;
            }
            if (slash < 0) return written;
            destination[written++] = (byte)'/';
            start = end + 1;
        }
    }

    /// <summary>True for an all-digit segment, a UUID, or a hex string of 16 or more digits.</summary>
    public static bool IsVariable(ReadOnlySpan<byte> segment)
    {
        if (segment.Length == 0) return false;
        var digits = true;
        var hex = true;
        foreach (var b in segment)
        {
            var isDigit = (uint)(b - '0') <= 9;
            digits &= isDigit;
            hex &= isDigit || (uint)((b | 0x20) - 'a') <= 5;
        }
        if (digits || (hex && segment.Length >= 16)) return true;
        return segment.Length == 36 && IsUuid(segment);
    }

    private static bool IsUuid(ReadOnlySpan<byte> s)
    {
        for (var i = 0; i < 36; i++)
        {
            var b = s[i];
            if (i is 8 or 13 or 18 or 23)
            {
                if (b != (byte)'-') return false;
            }
            else if (!((uint)(b - '0') <= 9 || (uint)((b | 0x20) - 'a') <= 5))
            {
                return false;
            }
        }
        return true;
    }
}
