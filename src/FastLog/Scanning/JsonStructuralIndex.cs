using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FastLog.Scanning;

/// <summary>
/// Stage 1 of a simdjson-style JSON parse, for one line: classifies each 64-byte block with an
/// <see cref="IJsonBlockClassifier"/> (the per-ISA step), resolves escapes and strings on the
/// masks without branches, and writes the positions of the structural bytes
/// (<see cref="JsonLineIndex"/>). Stage 2 (the JSON record parser) walks those positions.
/// </summary>
/// <remarks>
/// <para>
/// Escapes: a backslash escapes the next byte unless it is itself escaped, so a quote is escaped
/// after an odd run of backslashes. The run parity of all 64 bytes comes from one subtraction
/// (simdjson's <c>json_escape_scanner</c>): adding each run's start to the run carries into the
/// byte after it, and comparing with the alternating bit pattern tells odd runs from even ones.
/// Strings: the in-string mask is the prefix XOR of the unescaped quotes (bit <c>i</c> = parity
/// of the quotes at or before <c>i</c>): one carry-less multiply by all-ones where PCLMULQDQ is
/// available, six shift-XORs otherwise. Both carry one bit into the next block.
/// </para>
/// <para>
/// The state starts afresh at each line: a JSON line cannot hold a string across its end, and a
/// malformed line must not leak an open string into the next one.
/// <see cref="JsonStructuralIndexReference"/> defines the result byte by byte; tests prove every
/// classifier agrees with it.
/// </para>
/// </remarks>
public static class JsonStructuralIndex
{
    /// <summary>Bits 1, 3, 5, …: the odd byte positions of a block.</summary>
    private const ulong OddBits = 0xAAAA_AAAA_AAAA_AAAAUL;

    /// <summary>Entries the positions span needs past one per byte of the line (<see cref="MaskDecoder.UnrolledSlack"/>).</summary>
    public const int PositionSlack = MaskDecoder.UnrolledSlack;

    /// <summary>Indexes <paramref name="line"/> with the classifier of <paramref name="kind"/> (the scanner <see cref="ScannerFactory"/> chose).</summary>
    public static JsonLineIndex Build(ScannerKind kind, ReadOnlySpan<byte> line, Span<int> positions, Span<int> escapes) => Build(kind, line, line.Length, positions, escapes);

    /// <summary>
    /// Indexes the line <c>text[0, length)</c> with the classifier of <paramref name="kind"/>;
    /// the bytes of <paramref name="text"/> after the line (the next lines of a block) may be
    /// loaded, never indexed, so the line's last vector needs no copy.
    /// </summary>
    public static JsonLineIndex Build(ScannerKind kind, ReadOnlySpan<byte> text, int length, Span<int> positions, Span<int> escapes) => kind switch
    {
        ScannerKind.Vector256 => Build<JsonBlockClassifierVector256>(text, length, positions, escapes),
        ScannerKind.Vector128 => Build<JsonBlockClassifierVector128>(text, length, positions, escapes),
        _ => Build<JsonBlockClassifierScalar>(text, length, positions, escapes),
    };

    /// <summary>
    /// Writes the structural positions of the line <c>text[0, length)</c> (without its LF) into
    /// <paramref name="positions"/>, which must hold <c>length + </c><see cref="PositionSlack"/>
    /// entries, and its escapes into <paramref name="escapes"/> (<paramref name="length"/> entries).
    /// Bytes of <paramref name="text"/> past the line are read only to fill the last vector.
    /// </summary>
    public static JsonLineIndex Build<TClassifier>(ReadOnlySpan<byte> text, int length, Span<int> positions, Span<int> escapes) where TClassifier : struct, IJsonBlockClassifier
    {
        if ((uint)length > (uint)text.Length)
            throw new ArgumentOutOfRangeException(nameof(length));
        if (positions.Length < length + PositionSlack || escapes.Length < length)
            throw new ArgumentException("positions must hold one entry per byte plus the slack, escapes one per byte");
        return Index<TClassifier>(text, length, toLineFeed: false, positions, escapes, out _);
    }

    /// <summary>
    /// Indexes the first line of <paramref name="text"/> (a block's rest: whole lines, the last
    /// ending with LF) as <see cref="Build(ScannerKind, ReadOnlySpan{byte}, int, Span{int}, Span{int})"/>
    /// does, finding its LF in the same pass, so the line is read once: <paramref name="length"/>
    /// is the offset of that LF (the line's length with its CR, if any). -1 when the line is longer
    /// than <paramref name="positions"/> (less the slack) or <paramref name="escapes"/> hold: the
    /// caller grows them and asks again.
    /// </summary>
    public static JsonLineIndex BuildLine(ScannerKind kind, ReadOnlySpan<byte> text, Span<int> positions, Span<int> escapes, out int length) => kind switch
    {
        ScannerKind.Vector256 => BuildLine<JsonBlockClassifierVector256>(text, positions, escapes, out length),
        ScannerKind.Vector128 => BuildLine<JsonBlockClassifierVector128>(text, positions, escapes, out length),
        _ => BuildLine<JsonBlockClassifierScalar>(text, positions, escapes, out length),
    };

    /// <summary><see cref="BuildLine(ScannerKind, ReadOnlySpan{byte}, Span{int}, Span{int}, out int)"/> with the classifier <typeparamref name="TClassifier"/>.</summary>
    public static JsonLineIndex BuildLine<TClassifier>(ReadOnlySpan<byte> text, Span<int> positions, Span<int> escapes, out int length) where TClassifier : struct, IJsonBlockClassifier
    {
        if (text.IsEmpty || text[^1] != ByteSets.Lf)
            throw new ArgumentException("the text must end with LF", nameof(text));
        return Index<TClassifier>(text, text.Length, toLineFeed: true, positions, escapes, out length);
    }

    /// <summary>
    /// The pass of <see cref="Build{TClassifier}"/> and <see cref="BuildLine{TClassifier}"/>: indexes
    /// <c>text[0, limit)</c>, or with <paramref name="toLineFeed"/> up to the first LF before
    /// <paramref name="limit"/> (whose offset <paramref name="length"/> receives; -1 when the
    /// spans are too short for the line).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static JsonLineIndex Index<TClassifier>(ReadOnlySpan<byte> text, int limit, bool toLineFeed, Span<int> positions, Span<int> escapes, out int length)
        where TClassifier : struct, IJsonBlockClassifier
    {
        // Bytes the spans have room for: at most one position and one escape per byte indexed.
        var capacity = Math.Min(positions.Length - PositionSlack, escapes.Length);
        // The span escapes are checked in: the line, or the whole text while its end is unknown
        // (an escape that would reach past the LF meets the LF, which no escape accepts).
        var line = toLineFeed ? text : text[..limit];
        ref var src = ref MemoryMarshal.GetReference(text);
        ref var dst = ref MemoryMarshal.GetReference(positions);
        var state = new BlockState();
        var count = 0;
        var escapeCount = 0;
        var bad = false;
        var i = 0;
        JsonBlockMasks masks;
        // The LFs of the block at i (toLineFeed only).
        ulong lineFeeds;
        // Invariant: [0, i) is indexed, holds no LF when toLineFeed, and `state` carries its last
        // escape, string and scalar bits; i + 64 <= limit inside the loop, so every load is
        // within the text. Each pass moves 64 bytes on or leaves the loop.
        for (; i + 64 <= limit; i += 64)
        {
            ref var block = ref Unsafe.Add(ref src, i);
            TClassifier.Classify(ref block, out masks);
            // A line feed is a control byte: the bytes are looked at only in a block that has one.
            lineFeeds = toLineFeed && masks.Control != 0 ? LineFeeds(ref block, masks.Control) : 0;
            if (lineFeeds != 0 || i + 64 > capacity) goto Last;
            count = Resolve(ref masks, ref state, line, i, ref dst, count, escapes, ref escapeCount, ref bad);
        }
        if (i >= limit)
        {
            length = i;
            return new JsonLineIndex(count, escapeCount, bad);
        }
        if (i + 64 <= text.Length)
        {
            // The last vector reaches into the next lines: their bits are cleared below.
            TClassifier.Classify(ref Unsafe.Add(ref src, i), out masks);
            lineFeeds = toLineFeed ? LineFeeds(ref Unsafe.Add(ref src, i), masks.Control) : 0;
        }
        else
        {
            // The end of the text: a copy, whose bytes past the text are cleared below.
            Span<byte> tail = stackalloc byte[64];
            text[i..].CopyTo(tail);
            TClassifier.Classify(ref MemoryMarshal.GetReference(tail), out masks);
            lineFeeds = toLineFeed ? LineFeeds(ref MemoryMarshal.GetReference(tail), masks.Control) : 0;
        }
    Last:
        // The block at i holds the line's end: at the limit, or at its first LF.
        var inText = limit - i >= 64 ? ulong.MaxValue : (1UL << (limit - i)) - 1;
        lineFeeds &= inText;
        var end = lineFeeds != 0 ? i + BitOperations.TrailingZeroCount(lineFeeds) : limit;
        if (end > capacity)
        {
            length = -1;
            return default;
        }
        // Past the line every byte counts as whitespace: it adds no position and closes nothing.
        var inLine = end - i >= 64 ? ulong.MaxValue : (1UL << (end - i)) - 1;
        masks.Quote &= inLine;
        masks.Backslash &= inLine;
        masks.Operator &= inLine;
        masks.Control &= inLine;
        masks.Whitespace |= ~inLine;
        count = Resolve(ref masks, ref state, line, i, ref dst, count, escapes, ref escapeCount, ref bad);
        length = end;
        return new JsonLineIndex(count, escapeCount, bad);
    }

    /// <summary>The bits of <paramref name="control"/> (control bytes of the 64 from <paramref name="block"/>) that are LF.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong LineFeeds(ref byte block, ulong control)
    {
        var lineFeeds = 0UL;
        // Invariant: one iteration per control byte, lowest first (a JSON line holds few but its LF).
        while (control != 0)
        {
            var at = BitOperations.TrailingZeroCount(control);
            if (Unsafe.Add(ref block, at) == ByteSets.Lf) lineFeeds |= 1UL << at;
            control &= control - 1;
        }
        return lineFeeds;
    }

    /// <summary>What one block hands the next: whether its last byte escapes, is in a string, or is a non-quote scalar byte.</summary>
    private struct BlockState
    {
        /// <summary>1 when the next block's first byte is escaped, else 0.</summary>
        public ulong NextIsEscaped;
        /// <summary>All ones when the next block starts inside a string, else 0.</summary>
        public ulong InString;
        /// <summary>1 when the last byte was a scalar (non-whitespace, non-operator, non-quote) byte, else 0.</summary>
        public ulong Scalar;
    }

    /// <summary>
    /// Resolves one block's masks (block starts at <paramref name="offset"/> of
    /// <paramref name="line"/>) into positions appended at <paramref name="count"/>; returns the
    /// new count. Branch-free but for the string checks, which run only when a string of the
    /// block holds a backslash or a control byte.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Resolve(ref JsonBlockMasks m, ref BlockState state, ReadOnlySpan<byte> line, int offset, ref int dst, int count,
        Span<int> escapes, ref int escapeCount, ref bool bad)
    {
        var backslash = m.Backslash;
        // escape: backslashes that escape the next byte; escaped: the bytes they escape.
        var potential = backslash & ~state.NextIsEscaped;
        var code = (((potential << 1) | OddBits) - potential) ^ OddBits;
        var escaped = code ^ (backslash | state.NextIsEscaped);
        var escape = code & backslash;
        state.NextIsEscaped = escape >> 63;

        var quote = m.Quote & ~escaped;
        var inString = PrefixXor(quote) ^ state.InString;
        state.InString = (ulong)((long)inString >> 63);

        var scalar = ~(m.Operator | m.Whitespace | quote);
        var follows = (scalar << 1) | state.Scalar;
        state.Scalar = scalar >> 63;

        var structural = quote | ((m.Operator | (scalar & ~follows)) & ~inString);
        if (((m.Control | escape) & inString) != 0)
            bad |= CheckStrings(m.Control & inString, escape & inString, line, offset, escapes, ref escapeCount);
        return MaskDecoder.DecodeUnrolled(structural, offset, ref dst, count);
    }

    /// <summary>Bit <c>i</c> of the result is the XOR of bits <c>[0, i]</c> of <paramref name="x"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong PrefixXor(ulong x)
    {
        // Carry-less multiply by all-ones adds (XORs) x shifted by every amount 0..63: one
        // instruction instead of six dependent shift-XOR steps.
        if (Pclmulqdq.IsSupported)
            return Pclmulqdq.CarrylessMultiply(Vector128.CreateScalar(x), Vector128.Create(ulong.MaxValue), 0).ToScalar();
        return PrefixXorLadder(x);
    }

    /// <summary>The shift-XOR ladder form of <see cref="PrefixXor"/>, for CPUs without a carry-less multiply.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong PrefixXorLadder(ulong x)
    {
        x ^= x << 1;
        x ^= x << 2;
        x ^= x << 4;
        x ^= x << 8;
        x ^= x << 16;
        x ^= x << 32;
        return x;
    }

    /// <summary>
    /// Slow path: appends the block's escapes to <paramref name="escapes"/>; true when a control
    /// byte sits in a string, or an escape is not one RFC 8259 §7 allows.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool CheckStrings(ulong control, ulong escapeMask, ReadOnlySpan<byte> line, int offset, Span<int> escapes, ref int escapeCount)
    {
        var bad = control != 0;
        // Invariant: one iteration per escaping backslash of the block, lowest first.
        while (escapeMask != 0)
        {
            var at = offset + System.Numerics.BitOperations.TrailingZeroCount(escapeMask);
            escapes[escapeCount++] = at;
            bad |= !IsValidEscape(line, at);
            escapeMask &= escapeMask - 1;
        }
        return bad;
    }

    /// <summary>True when the backslash at <paramref name="index"/> starts <c>\" \\ \/ \b \f \n \r \t</c> or <c>\u</c> with four hex digits.</summary>
    public static bool IsValidEscape(ReadOnlySpan<byte> line, int index)
    {
        if (index + 1 >= line.Length) return false;
        switch (line[index + 1])
        {
            case ByteSets.Quote or ByteSets.Backslash or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t':
                return true;
            case (byte)'u':
                if (index + 6 > line.Length) return false;
                foreach (var h in line.Slice(index + 2, 4))
                    if (!char.IsAsciiHexDigit((char)h)) return false;
                return true;
            default:
                return false;
        }
    }
}
