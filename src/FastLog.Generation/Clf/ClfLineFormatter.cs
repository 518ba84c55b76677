using System.Runtime.CompilerServices;
using FastLog.Formats.Clf;
using FastLog.Generation.Traffic;

namespace FastLog.Generation.Clf;

/// <summary>
/// Writes an <see cref="AccessRecord"/> as one line of the CLF family (without its LF), the
/// exact inverse of <c>ClfParser</c>'s grammar:
/// <c>host - user [ts] "METHOD target PROTOCOL" status bytes ( "referer" "ua" ( request_time )? )?</c>.
/// </summary>
internal static class ClfLineFormatter
{
    /// <summary>Longest line this formatter writes from the generator's vocabularies (a bound a test checks), LF excluded.</summary>
    public const int MaxLineBytes = 1536;

    /// <summary>Writes the line; returns the offset just past the request's closing quote.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Write(ref ByteCursor c, ref AccessRecord r, ClfVariant variant, ClfTimestampText timestamp)
    {
        c.Write(r.Ip);
        c.Write(" - "u8);
        if (r.User.IsEmpty) c.Write((byte)'-');
        else c.Write(r.User);
        c.Write((byte)' ');
        timestamp.Write(ref c, r.Time);
        c.Write((byte)' ', (byte)'"');
        c.Write(r.Method);
        c.Write((byte)' ');
        c.Write(r.Target);
        c.Write((byte)' ');
        c.Write(r.Protocol);
        c.Write((byte)'"');
        var requestEnd = c.Position;
        c.Write((byte)' ');
        c.WriteDecimal((ulong)r.Status);
        c.Write((byte)' ');
        if (r.Bytes < 0) c.Write((byte)'-');
        else c.WriteDecimal((ulong)r.Bytes);
        if (variant == ClfVariant.Common) return requestEnd;
        c.Write((byte)' ', (byte)'"');
        if (r.Referer.IsEmpty) c.Write((byte)'-');
        else c.Write(r.Referer);
        c.Write("\" \""u8);
        if (r.Agent.IsEmpty) c.Write((byte)'-');
        else c.Write(r.Agent);
        c.Write((byte)'"');
        if (variant == ClfVariant.Nginx)
        {
            c.Write((byte)' ');
            c.WriteMillisAsSeconds(r.Millis);
        }
        return requestEnd;
    }
}
