using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using FastLog.Columns;
using FastLog.Diagnostics;
using FastLog.Formats.Custom;
using FastLog.Formats.Fields;
using FastLog.Scanning;

namespace FastLog.Formats.Clf;

/// <summary>
/// The fast lane of the line walk: the shapes nearly every line of a real log has, recognised
/// with a few masks and word reads instead of a walk field by field.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="TryFastLine"/> accepts a line only when <see cref="ParseLine"/> would parse it, and
/// fills the row exactly as <see cref="ParseLine"/> does; anything it does not recognise (a
/// vhost token, a head longer than 64 bytes, an escaped quote, bytes of 8 digits or more,
/// extras after the agent, a line near the block's end, a malformed line) goes to
/// <see cref="ParseLine"/>, which decides, fills and words the malformed reason. So the fast lane
/// changes no outcome and no column: tests compare it with the walk alone on every byte value.
/// </para>
/// <para>
/// The shapes: <c>host SP ident SP user SP [timestamp] SP "request" SP status SP bytes</c>, then
/// the line's end (common) or <c>SP "referer" SP "agent"</c> and the line's end (combined); the
/// end is LF or CR LF.
/// </para>
/// </remarks>
public sealed partial class ClfParser<TScanner>
{
    /// <summary><c>[dd/Mon/yyyy:HH:MM:SS ±zzzz]</c>, the space after it and the request's opening quote.</summary>
    private const int TimestampWithSeparators = ClfTimestampField.Length + 2;

    /// <summary>Longest <c>host SP ident SP user SP</c> the fast lane reads (four 16-byte masks).</summary>
    private const int MaxFastHead = 64;

    // The last timestamp the fast lane accepted, with its space and quote (bytes 0–15 and 14–29),
    // and its instant: lines of one second repeat it, and the same bytes parse the same.
    private Vector128<byte> _lastStampLow;
    private Vector128<byte> _lastStampHigh;
    private long _lastStampSeconds;
    private bool _lastStampValid;

    /// <summary>False: every line goes through the walk alone (tests compare the two).</summary>
    internal bool FastLane { get; init; } = true;

    /// <summary>Lines the fast lane parsed (tests: the lane is really taken).</summary>
    internal long FastLines { get; private set; }

    /// <summary>
    /// Parses the line at <paramref name="lineStart"/> into slot <c>batch.Count</c> when it has one
    /// of the fast lane's shapes, and moves <paramref name="p"/> to its LF; otherwise returns false
    /// with <paramref name="p"/> unchanged (the slot may hold partial values, which the walk overwrites).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryFastLine(ReadOnlySpan<byte> block, ReadOnlySpan<int> pos, ref int p, int lineStart, LogBatch batch)
    {
        var i = batch.Count;
        var q = pos[p];
        var headLength = q - TimestampWithSeparators + 1 - lineStart;
        // The request's quote after a head of 5–64 bytes; the line's LF comes after q, so every
        // read below up to q + 1 is inside the block.
        if (block[q] != ByteSets.Quote || (uint)(headLength - 5) > MaxFastHead - 5) return false;
        ref var b = ref MemoryMarshal.GetReference(block);
        var spaces = HeadMask(ref b, lineStart, headLength, ByteSets.Space, out var specials);
        // Exactly three spaces, the last one just before the timestamp, none first (a host) and
        // none just before the last (a user): the walk's non-vhost head. A fourth is a vhost.
        var keep = headLength == 64 ? ulong.MaxValue : (1UL << headLength) - 1;
        spaces &= keep;
        if (BitOperations.PopCount(spaces) != 3 || (spaces >> (headLength - 2)) != 2 || (spaces & 1) != 0) return false;
        var hostEnd = BitOperations.TrailingZeroCount(spaces);
        var identEnd = BitOperations.TrailingZeroCount(spaces & (spaces - 1));
        var userEnd = headLength - 1;

        var tsStart = lineStart + headLength;
        if (!TryStamp(block, ref b, tsStart, out batch.UnixSeconds[i])) return false;

        // "request": the next quote closes it when no backslash precedes it.
        var close = pos[p + 1];
        if (block[close] != ByteSets.Quote || block[close - 1] == ByteSets.Backslash || close + 14 > block.Length) return false;
        // SP ddd SP: a status 100–599 and the space before the bytes.
        var s0 = (uint)(block[close + 2] - '1');
        var s1 = (uint)(block[close + 3] - '0');
        var s2 = (uint)(block[close + 4] - '0');
        if (block[close + 1] != ByteSets.Space || block[close + 5] != ByteSets.Space || s0 > 4 || s1 > 9 || s2 > 9) return false;

        // bytes: 1–7 digits, or "-"; then the line's end or the referer.
        var bytesStart = close + 6;
        var word = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b, bytesStart)) ^ 0x3030303030303030UL;
        // A byte is a digit when it is below 10 after the XOR; carries only run towards later
        // bytes, so the first non-digit is found exactly.
        var nonDigits = ((word + 0x7676767676767676UL) | word) & 0x8080808080808080UL;
        var digits = BitOperations.TrailingZeroCount(nonDigits) >> 3;
        long bytes;
        if (digits is > 0 and < 8)
        {
            bytes = EightDigits(word << (8 * (8 - digits)));
        }
        else if (digits == 0 && block[bytesStart] == ByteSets.Dash)
        {
            bytes = -1;
            digits = 1;
        }
        else
        {
            return false;
        }
        var at = bytesStart + digits;
        int lineFeed;
        var withAgent = false;
        if (LineEndsAt(block, at) is var end and >= 0)
        {
            lineFeed = end;
            p += 2;
            batch.Referer[i] = ByteRange.Null;
            batch.Agent[i] = ByteRange.Null;
        }
        else
        {
            // SP "referer" SP "agent" and the line's end. Each position read follows a quote, so
            // the line's LF (and its position) is still ahead.
            if (block[at] != ByteSets.Space || pos[p + 2] != at + 1 || block[at + 1] != ByteSets.Quote) return false;
            var refererEnd = pos[p + 3];
            if (block[refererEnd] != ByteSets.Quote || block[refererEnd - 1] == ByteSets.Backslash) return false;
            var agentOpen = pos[p + 4];
            if (agentOpen != refererEnd + 2 || block[refererEnd + 1] != ByteSets.Space || block[agentOpen] != ByteSets.Quote) return false;
            var agentEnd = pos[p + 5];
            if (block[agentEnd] != ByteSets.Quote || block[agentEnd - 1] == ByteSets.Backslash) return false;
            lineFeed = LineEndsAt(block, agentEnd + 1);
            if (lineFeed < 0) return false;
            p += 6;
            batch.Referer[i] = AccessValues.DashIsNull(block, at + 2, refererEnd);
            batch.Agent[i] = AccessValues.DashIsNull(block, refererEnd + 3, agentEnd);
            withAgent = true;
        }

        // Accepted: the row as the walk writes it.
        batch.Status[i] = (short)(s0 * 100 + s1 * 10 + s2 + 100);
        batch.Bytes[i] = bytes;
        batch.RequestTimeMicros[i] = -1;
        _vhost[i] = ByteRange.Null;
        _port[i] = LogBatch.NullNumber;
        batch.Ip[i] = !_fillIp ? ByteRange.Null
            : (specials & ((1UL << hostEnd) - 1)) == 0 ? new ByteRange(lineStart, hostEnd)
            : ClientAddress.Of(block, lineStart, lineStart + hostEnd);
        batch.User[i] = _fillUser ? AccessValues.DashIsNull(block, lineStart + identEnd + 1, lineStart + userEnd) : ByteRange.Null;
        if (_fillRequest) SplitRequest(block, q + 1, close, batch, i);
        else NoRequest(batch, i);
        if (withAgent) LinesWithAgent++;
        FastLines++;
        FastLogAssert.True(pos[p] == lineFeed && block[lineFeed] == ByteSets.Lf);
        return true;
    }

    /// <summary>The LF of a line that ends at <paramref name="at"/> (LF, or CR LF), or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int LineEndsAt(ReadOnlySpan<byte> block, int at)
    {
        var c = block[at];
        if (c == ByteSets.Lf) return at;
        return c == ByteSets.Cr && block[at + 1] == ByteSets.Lf ? at + 1 : -1;
    }

    /// <summary>
    /// The mask of <paramref name="value"/> over the <paramref name="length"/> (≤ 64) bytes at
    /// <paramref name="start"/> (bits past the length are garbage), and in <paramref name="specials"/>
    /// the mask of <c>:</c>, <c>[</c> and <c>%</c> (a client token that may carry a port or a zone).
    /// Reads whole 16-byte vectors: the caller guarantees the block holds them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong HeadMask(ref byte b, int start, int length, byte value, out ulong specials)
    {
        var needle = Vector128.Create(value);
        var colon = Vector128.Create((byte)':');
        var bracket = Vector128.Create(ByteSets.OpenBracket);
        var percent = Vector128.Create((byte)'%');
        ulong mask = 0;
        specials = 0;
        // Invariant: the masks hold bytes [start, start + k) of the head; k < length + 16 <= 80.
        for (var k = 0; k < length; k += 16)
        {
            var v = Vector128.LoadUnsafe(ref b, (nuint)(start + k));
            mask |= (ulong)Vector128.Equals(v, needle).ExtractMostSignificantBits() << k;
            specials |= (ulong)(Vector128.Equals(v, colon) | Vector128.Equals(v, bracket) | Vector128.Equals(v, percent)).ExtractMostSignificantBits() << k;
        }
        return mask;
    }

    /// <summary>
    /// Validates and converts the timestamp at <paramref name="tsStart"/> with the space and the
    /// quote after it (30 bytes, the last the request's quote): the same bytes as the last
    /// accepted ones give its instant, others go through <see cref="ClfTimestampField.TryParse(ReadOnlySpan{byte}, ref ClfTimestampField.DayCache, out long)"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryStamp(ReadOnlySpan<byte> block, ref byte b, int tsStart, out long seconds)
    {
        var low = Vector128.LoadUnsafe(ref b, (nuint)tsStart);
        var high = Vector128.LoadUnsafe(ref b, (nuint)(tsStart + TimestampWithSeparators - 16));
        if (_lastStampValid && low == _lastStampLow && high == _lastStampHigh)
        {
            seconds = _lastStampSeconds;
            return true;
        }
        if (!ClfTimestampField.TryParse(block[tsStart..], ref _dayCache, out seconds) || block[tsStart + ClfTimestampField.Length] != ByteSets.Space)
            return false;
        _lastStampLow = low;
        _lastStampHigh = high;
        _lastStampSeconds = seconds;
        _lastStampValid = true;
        return true;
    }

    /// <summary>
    /// The number written by up to eight decimal digits, as digit values (0–9) one a byte, the
    /// first in the lowest byte, left-aligned with zeros before them (SWAR, as simdjson's
    /// <c>parse_eight_digits_unrolled</c>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long EightDigits(ulong digits)
    {
        var v = (digits & 0x0F0F0F0F0F0F0F0FUL) * 2561 >> 8;
        v = (v & 0x00FF00FF00FF00FFUL) * 6553601 >> 16;
        return (long)((v & 0x0000FFFF0000FFFFUL) * 42949672960001UL >> 32);
    }
}
