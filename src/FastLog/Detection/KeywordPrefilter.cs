using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace FastLog.Detection;

/// <summary>
/// Exact, case-insensitive (ASCII folding only) search of raw bytes for any of a fixed set of
/// ASCII anchors of at least three characters: the web rules' keyword prefilter
/// (<see cref="Web.WebRules.TargetAnchors"/>, <see cref="Web.WebRules.HeaderAnchors"/>).
/// <see cref="MayContainAny"/> answers exactly what
/// <c>SearchValues.Create(anchors, StringComparison.OrdinalIgnoreCase)</c> answers over the
/// Latin-1 widened value, without widening.
/// </summary>
/// <remarks>
/// <para>
/// Why not <see cref="System.Buffers.SearchValues{T}"/>: with ~150 anchors as short as
/// <c>ct(</c> or <c>et+</c>, Teddy's nibble buckets report a candidate at most positions of an
/// ordinary path and every candidate is verified, which measured 0.5–2 µs per value. Here each
/// position costs a fixed handful of integer operations: the case-folded trigram starting there
/// is hashed into a 2^16-bit set (8 KiB, stays in L1) of the anchors' first trigrams; only when
/// its bit is set is the trigram compared with the anchors' trigrams and, on equality, the rest
/// of those anchors compared with the value.
/// </para>
/// <para>
/// Bounded work whatever the input (docs/reliability.md R4): no backtracking, and a position whose
/// bit is set costs one table probe sequence (at most <see cref="SlotCount"/> slots, in practice
/// one or two, the table being at most a quarter full) plus, only if its trigram is exactly an
/// anchor's first trigram, one comparison per anchor sharing that trigram, each at most that
/// anchor's length. A value built to collide in the hash therefore costs a probe per position,
/// not a comparison; the unseeded hash needs no seed for that reason.
/// </para>
/// <para>
/// Bytes ≥ 0x80 are left as they are by the folding and NUL is an ordinary byte; neither occurs
/// in an anchor, so neither can take part in a match (no Latin-1 letter case-folds to ASCII,
/// which is why the ASCII-only folding equals <c>OrdinalIgnoreCase</c> on widened bytes).
/// </para>
/// </remarks>
internal sealed class KeywordPrefilter
{
    /// <summary>Anchors shorter than this are refused: the filter keys on the first three bytes.</summary>
    public const int MinAnchorLength = 3;

    private const int FilterBits = 16;
    // Knuth's multiplicative constant (2^32 / golden ratio): the top bits of key * this spread
    // trigrams that differ in any byte.
    private const uint HashMultiplier = 0x9E3779B1u;
    private const uint TrigramMask = 0xFF_FFFF;
    // Lowest byte of each 64-bit lane, for the SWAR folding.
    private const ulong EachByte = 0x0101_0101_0101_0101UL;

    // Bit FilterIndex(t) (the top 16 bits of t * HashMultiplier) is set for the first trigram t of every anchor.
    private readonly ulong[] _filter = new ulong[(1 << FilterBits) / 64];
    // Open addressing over the distinct first trigrams (key 0 = empty: printable ASCII trigrams are never 0).
    private readonly uint[] _slotKeys;
    private readonly int[] _slotStarts;
    private readonly int[] _slotEnds;
    private readonly int _slotShift;
    // Every anchor, lower-cased, grouped by first trigram, each group shortest first.
    private readonly byte[][] _anchors;

    /// <summary>Compiles <paramref name="anchors"/> (printable ASCII, at least <see cref="MinAnchorLength"/> characters each).</summary>
    /// <exception cref="ArgumentException">An anchor is shorter than three characters or holds a character outside 0x20–0x7E.</exception>
    public KeywordPrefilter(ReadOnlySpan<string> anchors)
    {
        var folded = new List<byte[]>(anchors.Length);
        foreach (var anchor in anchors)
        {
            ArgumentNullException.ThrowIfNull(anchor, nameof(anchors));
            if (anchor.Length < MinAnchorLength)
                throw new ArgumentException($"anchor \"{anchor}\" is shorter than {MinAnchorLength} characters", nameof(anchors));
            var bytes = new byte[anchor.Length];
            for (var i = 0; i < anchor.Length; i++)
            {
                var c = anchor[i];
                if (c is < ' ' or > '~')
                    throw new ArgumentException($"anchor \"{anchor}\" holds U+{(int)c:X4}: anchors are printable ASCII", nameof(anchors));
                bytes[i] = FoldByte((byte)c);
            }
            folded.Add(bytes);
        }

        folded.Sort((a, b) => Key(a) != Key(b) ? Key(a).CompareTo(Key(b)) : a.Length.CompareTo(b.Length));
        _anchors = [.. folded];

        var groups = 0;
        for (var i = 0; i < _anchors.Length; i++)
            if (i == 0 || Key(_anchors[i]) != Key(_anchors[i - 1])) groups++;
        // At most a quarter full, so an absent key's probe meets an empty slot within a slot or two.
        var slotCount = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, groups * 4));
        _slotShift = 32 - BitOperations.Log2((uint)slotCount);
        _slotKeys = new uint[slotCount];
        _slotStarts = new int[slotCount];
        _slotEnds = new int[slotCount];
        for (var start = 0; start < _anchors.Length;)
        {
            var key = Key(_anchors[start]);
            var end = start + 1;
            while (end < _anchors.Length && Key(_anchors[end]) == key) end++;
            var slot = (int)((key * HashMultiplier) >> _slotShift);
            while (_slotKeys[slot] != 0) slot = (slot + 1) & (slotCount - 1);
            (_slotKeys[slot], _slotStarts[slot], _slotEnds[slot]) = (key, start, end);
            var bit = FilterIndex(key);
            _filter[bit >> 6] |= 1UL << (int)bit;
            start = end;
        }
    }

    /// <summary>Slots of the trigram table (a power of two, at least four per distinct first trigram).</summary>
    public int SlotCount => _slotKeys.Length;

    /// <summary>
    /// Whether some anchor occurs in <paramref name="value"/>, ignoring ASCII case. Eight bytes are
    /// loaded and folded at a time and the six trigrams that start in their first six bytes tested
    /// without a branch each.
    /// </summary>
    public bool MayContainAny(ReadOnlySpan<byte> value)
    {
        if (value.Length < sizeof(ulong)) return MayContainAnyScalar(value);
        // Invariant: no anchor starts before position i. Each step reads the 8 bytes [i, i + 8),
        // inside the value by the loop bound, and tests the trigrams starting at i .. i + 5, all
        // inside those 8 bytes. On exit i > value.Length - 8, so the positions left are among
        // the last window's, value.Length - 8 .. value.Length - 3: testing again a position
        // already tested cannot change the answer, and it saves a scalar tail of up to 5 steps.
        ref var start = ref MemoryMarshal.GetReference(value);
        ref var filter = ref MemoryMarshal.GetArrayDataReference(_filter);
        var last = value.Length - sizeof(ulong);
        for (var i = 0; i <= last; i += 6)
        {
            if (WindowMatches(value, ref start, ref filter, i)) return true;
        }
        return last % 6 != 0 && WindowMatches(value, ref start, ref filter, last);
    }

    /// <summary>Whether an anchor starts at one of <paramref name="i"/> .. <paramref name="i"/> + 5; the 8 bytes from <paramref name="i"/> are inside <paramref name="value"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool WindowMatches(ReadOnlySpan<byte> value, ref byte start, ref ulong filter, int i)
    {
        var word = FoldWord(ReadLittleEndian(ref Unsafe.Add(ref start, i)));
        var hits = Probe(ref filter, (uint)word)
            | Probe(ref filter, (uint)(word >> 8))
            | Probe(ref filter, (uint)(word >> 16))
            | Probe(ref filter, (uint)(word >> 24))
            | Probe(ref filter, (uint)(word >> 32))
            | Probe(ref filter, (uint)(word >> 40));
        return (hits & 1) != 0 && AnyCandidateMatches(value, i, word);
    }

    /// <summary>
    /// The reference for <see cref="MayContainAny"/>: one byte at a time, the same answer by
    /// definition (the tests hold the two to it).
    /// </summary>
    public bool MayContainAnyScalar(ReadOnlySpan<byte> value)
    {
        if (value.Length < MinAnchorLength) return false;
        // Invariant: entering iteration p, bits 8–23 of trigram hold the folded bytes p - 2 and
        // p - 1; after the shift, bits 0–23 hold bytes p - 2 .. p, byte p - 2 lowest (the hot
        // loop's order), and no anchor starts before p - 2.
        var trigram = (uint)FoldByte(value[0]) << 8 | (uint)FoldByte(value[1]) << 16;
        for (var p = 2; p < value.Length; p++)
        {
            trigram = trigram >> 8 | (uint)FoldByte(value[p]) << 16;
            var bit = FilterIndex(trigram);
            if ((_filter[bit >> 6] >> (int)bit & 1) != 0 && Verify(value, p - 2, trigram)) return true;
        }
        return false;
    }

    /// <summary>After a filter hit in the 8-byte window at <paramref name="i"/>: tests its six positions one by one.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool AnyCandidateMatches(ReadOnlySpan<byte> value, int i, ulong word)
    {
        for (var k = 0; k < 6; k++)
        {
            var trigram = (uint)(word >> (8 * k)) & TrigramMask;
            var bit = FilterIndex(trigram);
            if ((_filter[bit >> 6] >> (int)bit & 1) != 0 && Verify(value, i + k, trigram)) return true;
        }
        return false;
    }

    /// <summary>Whether an anchor whose first trigram is <paramref name="trigram"/> occurs at <paramref name="position"/>.</summary>
    private bool Verify(ReadOnlySpan<byte> value, int position, uint trigram)
    {
        var mask = _slotKeys.Length - 1;
        // Invariant: the slots probed so far hold other trigrams; an empty slot ends the search,
        // and the table always has one (at most a quarter full), so the loop ends.
        for (var slot = (int)((trigram * HashMultiplier) >> _slotShift); _slotKeys[slot] != 0; slot = (slot + 1) & mask)
        {
            if (_slotKeys[slot] != trigram) continue;
            var rest = value[(position + MinAnchorLength)..];
            for (var a = _slotStarts[slot]; a < _slotEnds[slot]; a++)
            {
                var tail = _anchors[a].AsSpan(MinAnchorLength);
                // Shortest first, so a lone trigram anchor answers at once; Ascii.EqualsIgnoreCase
                // is false for any non-ASCII byte, which no anchor holds.
                if (tail.Length <= rest.Length && Ascii.EqualsIgnoreCase(rest[..tail.Length], tail)) return true;
            }
            return false;
        }
        return false;
    }

    /// <summary>Bit 0 is the filter bit of the trigram in the low 24 bits of <paramref name="window"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Probe(ref ulong filter, uint window)
    {
        var bit = FilterIndex(window & TrigramMask);
        // FilterIndex is below 2^16, so bit >> 6 is inside the 1024 words of _filter: no bounds check needed.
        return Unsafe.Add(ref filter, (int)(bit >> 6)) >> (int)bit;
    }

    /// <summary>The 8 bytes at <paramref name="source"/>, the first lowest; the caller guarantees they are readable.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong ReadLittleEndian(ref byte source)
    {
        var word = Unsafe.ReadUnaligned<ulong>(ref source);
        return BitConverter.IsLittleEndian ? word : BinaryPrimitives.ReverseEndianness(word);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint FilterIndex(uint trigram) => (trigram * HashMultiplier) >> (32 - FilterBits);

    /// <summary>ASCII 'A'–'Z' to 'a'–'z' in each byte of <paramref name="word"/>; every other byte unchanged.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong FoldWord(ulong word)
    {
        // Per byte, on its low 7 bits h (so no carry crosses into the next byte):
        // h + 0x3F has bit 7 set iff h >= 'A', h + 0x25 iff h > 'Z'; bytes >= 0x80 are excluded.
        var low7 = word & (0x7F * EachByte);
        var upper = (low7 + (0x3F * EachByte)) & ~(low7 + (0x25 * EachByte)) & ~word & (0x80 * EachByte);
        return word | (upper >> 2);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte FoldByte(byte b) => (uint)(b - 'A') <= 'Z' - 'A' ? (byte)(b | 0x20) : b;

    /// <summary>An anchor's first trigram as the hot loop sees it: first byte lowest.</summary>
    private static uint Key(byte[] anchor) => anchor[0] | (uint)anchor[1] << 8 | (uint)anchor[2] << 16;
}
