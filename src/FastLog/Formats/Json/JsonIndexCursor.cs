using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FastLog.Scanning;

namespace FastLog.Formats.Json;

/// <summary>
/// Stage 2 of the indexed JSON parse: walks the structural positions of one line
/// (<see cref="JsonStructuralIndex"/>) and checks the grammar of RFC 8259 on them.
/// </summary>
/// <remarks>
/// <para>
/// What a skip validates (so a line the <see cref="System.Text.Json.Utf8JsonReader"/> rejects is
/// never accepted here): the order of names, values, colons, commas and brackets; every number
/// against the RFC 8259 §6 grammar; every literal exactly <c>true</c>, <c>false</c> or
/// <c>null</c>; strings closed on the line (their bytes and escapes were checked by stage 1);
/// nothing but whitespace between tokens (any other byte starts a scalar that fails the checks);
/// nesting below <see cref="JsonRecordParser.MaxDepth"/> minus one. It does not check UTF-8,
/// which the reader does not check either.
/// </para>
/// <para>
/// It may reject a line the reader accepts (nesting at the very limit): every rejection sends
/// the line to the reader, which then decides, so the two can only differ in speed.
/// </para>
/// </remarks>
public ref struct JsonIndexCursor
{
    private readonly ReadOnlySpan<byte> _json;
    private readonly ReadOnlySpan<int> _positions;
    private readonly ReadOnlySpan<int> _escapes;
    // Index of the first escape not before the last string asked about (strings are asked in order).
    private int _nextEscape;

    /// <summary>Index of the next structural position to read.</summary>
    public int Next;

    /// <summary>
    /// A cursor on the first of <paramref name="positions"/>, the structural positions of
    /// <paramref name="json"/>; <paramref name="escapes"/> are its escaping backslashes.
    /// </summary>
    public JsonIndexCursor(ReadOnlySpan<byte> json, ReadOnlySpan<int> positions, ReadOnlySpan<int> escapes)
    {
        _json = json;
        _positions = positions;
        _escapes = escapes;
    }

    /// <summary>
    /// True when the string text <c>[start, end)</c> holds an escape. Amortised O(1): calls must
    /// come in ascending <paramref name="start"/> order (the walk reads strings left to right).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool HasEscape(int start, int end)
    {
        // Invariant: every escape before _nextEscape lies before `start`.
        while (_nextEscape < _escapes.Length && _escapes[_nextEscape] < start) _nextEscape++;
        return _nextEscape < _escapes.Length && _escapes[_nextEscape] < end;
    }

    /// <summary>True when every position was read.</summary>
    public readonly bool AtEnd => Next >= _positions.Length;

    /// <summary>The byte at the next position (the caller checked <see cref="AtEnd"/>).</summary>
    public readonly byte Current => _json[_positions[Next]];

    /// <summary>The offset of the next position in the line (the caller checked <see cref="AtEnd"/>).</summary>
    public readonly int CurrentOffset => _positions[Next];

    /// <summary>The offset one past the position just read.</summary>
    public readonly int PreviousEnd => _positions[Next - 1] + 1;

    /// <summary>
    /// With the cursor on a member's name (after <c>{</c> or <c>,</c>), reads the name and its
    /// colon: true with the name's escaped bytes <c>[start, end)</c>, and a value after them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryName(out int start, out int end)
    {
        // Name quote, closing quote (stage 1 pairs them), colon, and one value position at least.
        if (Next + 3 >= _positions.Length || _json[_positions[Next]] != ByteSets.Quote || _json[_positions[Next + 2]] != ByteSets.Colon)
        {
            start = end = 0;
            return false;
        }
        start = _positions[Next] + 1;
        end = _positions[Next + 1];
        Next += 3;
        return true;
    }

    /// <summary>
    /// With the cursor on a value's first position, inside <paramref name="depth"/> open
    /// containers, checks the whole value and moves past it. Returns the offset one past the
    /// value's last byte, or -1 when it is not valid JSON (or nests too deep for this walk).
    /// </summary>
    public int SkipValue(int depth)
    {
        // Unchecked reads: `next` is checked against the position count before each read, and
        // every position is an offset inside the line (stage 1's contract).
        ref var json = ref MemoryMarshal.GetReference(_json);
        ref var positions = ref MemoryMarshal.GetReference(_positions);
        var count = _positions.Length;
        var next = Next;
        var level = 0;
        // Bit i: the container opened at level i + 1 (counted from the innermost) is an object.
        ulong objects = 0;
        int end;
        byte c;
        // Invariant: `next` only grows (every label consumes a position or returns), so the walk
        // ends within `count` steps; `level` containers are open, fewer than 64 (the depth
        // check), so `objects` holds them all.
    Value:
        if (next >= count) return -1;
        c = Unsafe.Add(ref json, Unsafe.Add(ref positions, next));
        if (c == ByteSets.Quote)
        {
            if (next + 1 >= count) return -1;
            end = Unsafe.Add(ref positions, next + 1) + 1;
            next += 2;
            goto AfterValue;
        }
        if (c is ByteSets.OpenBrace or ByteSets.OpenBracket)
        {
            if (depth + level >= JsonRecordParser.MaxDepth - 1) return -1;
            var isObject = c == ByteSets.OpenBrace;
            objects = (objects << 1) | (isObject ? 1UL : 0UL);
            level++;
            next++;
            if (next >= count) return -1;
            c = Unsafe.Add(ref json, Unsafe.Add(ref positions, next));
            if (c == (isObject ? ByteSets.CloseBrace : ByteSets.CloseBracket))
            {
                next++;
                goto Close;
            }
            if (isObject) goto Name;
            goto Value;
        }
        end = ScalarEnd(next);
        if (!IsScalar(_json[Unsafe.Add(ref positions, next)..end])) return -1;
        next++;
        goto AfterValue;
    Name:
        if (next + 3 >= count || Unsafe.Add(ref json, Unsafe.Add(ref positions, next)) != ByteSets.Quote
            || Unsafe.Add(ref json, Unsafe.Add(ref positions, next + 2)) != ByteSets.Colon) return -1;
        next += 3;
        goto Value;
    Close:
        end = Unsafe.Add(ref positions, next - 1) + 1;
        level--;
        objects >>= 1;
    AfterValue:
        if (level == 0)
        {
            Next = next;
            return end;
        }
        if (next >= count) return -1;
        c = Unsafe.Add(ref json, Unsafe.Add(ref positions, next++));
        if (c == ByteSets.Comma)
        {
            if ((objects & 1) != 0) goto Name;
            goto Value;
        }
        if (c == ((objects & 1) != 0 ? ByteSets.CloseBrace : ByteSets.CloseBracket)) goto Close;
        return -1;
    }

    /// <summary>
    /// The end of the scalar (number, literal or garbage) at position <paramref name="index"/>:
    /// the next position or the line's end, less the whitespace before it (stage 1 starts a new
    /// position at any other byte).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly int ScalarEnd(int index)
    {
        var end = index + 1 < _positions.Length ? _positions[index + 1] : _json.Length;
        while (end > _positions[index] && _json[end - 1] is ByteSets.Space or ByteSets.Tab or ByteSets.Cr or ByteSets.Lf) end--;
        return end;
    }

    /// <summary>True for <c>true</c>, <c>false</c>, <c>null</c> and a number of RFC 8259 §6: <c>-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsScalar(ReadOnlySpan<byte> s)
    {
        if (s.Length == 0) return false;
        switch (s[0])
        {
            case (byte)'t': return s.SequenceEqual("true"u8);
            case (byte)'f': return s.SequenceEqual("false"u8);
            case (byte)'n': return s.SequenceEqual("null"u8);
        }
        var i = 0;
        if (s[i] == (byte)'-') i++;
        if (i >= s.Length) return false;
        if (s[i] == (byte)'0') i++;
        else if (char.IsAsciiDigit((char)s[i])) i = Digits(s, i);
        else return false;
        if (i < s.Length && s[i] == (byte)'.')
        {
            if (++i >= s.Length || !char.IsAsciiDigit((char)s[i])) return false;
            i = Digits(s, i);
        }
        if (i < s.Length && (s[i] | 0x20) == (byte)'e')
        {
            if (++i < s.Length && s[i] is (byte)'+' or (byte)'-') i++;
            if (i >= s.Length || !char.IsAsciiDigit((char)s[i])) return false;
            i = Digits(s, i);
        }
        return i == s.Length;
    }

    /// <summary>The index after the run of digits from <paramref name="i"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Digits(ReadOnlySpan<byte> s, int i)
    {
        while (i < s.Length && char.IsAsciiDigit((char)s[i])) i++;
        return i;
    }
}
