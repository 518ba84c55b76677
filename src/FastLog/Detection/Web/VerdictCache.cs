using System.Buffers.Binary;
using System.Numerics;

namespace FastLog.Detection.Web;

/// <summary>
/// A cache of a yes/no verdict per short byte string (the web rules' keyword prefilter per query
/// string): an open-addressing table whose slots hold the string's bytes inline, found by a
/// multiply-shift hash of the first and last 8 bytes and compared in full, so a hit is exact.
/// A string that finds no room (long, table half full, or a probe longer than
/// <see cref="MaxProbe"/>) is simply not cached: the cache never changes a verdict.
/// </summary>
/// <remarks>
/// Cheaper than a general hash table for this job: no hash of the whole string, no indirection
/// to an arena, no growth. 32,768 slots of 64 bytes (2 MiB, touched only where strings land)
/// keep up to 16,384 strings — a log's repeating queries (pagination, search terms, API
/// parameters) mostly number a few thousand.
/// </remarks>
internal sealed class VerdictCache
{
    private const int SlotBits = 15;
    private const int SlotBytes = 64;
    private const int Mask = (1 << SlotBits) - 1;
    // Bounds each lookup whatever the strings (an attacker can aim strings at one slot; they then go uncached).
    private const int MaxProbe = 8;
    /// <summary>Strings longer than this are not cached (the slot holds the bytes and one length byte).</summary>
    public const int MaxLength = SlotBytes - 1;

    private readonly byte[] _slots = new byte[(1 << SlotBits) * SlotBytes];
    private readonly byte[] _verdicts = new byte[1 << SlotBits]; // 0 = empty, 1 = no, 2 = yes
    private int _count;

    /// <summary>Whether <paramref name="value"/>'s verdict is cached, and then the verdict.</summary>
    public bool TryGet(ReadOnlySpan<byte> value, out bool verdict)
    {
        verdict = false;
        if (value.Length > MaxLength) return false;
        var slot = Slot(value);
        // Invariant: the slots before probe p hold other strings (an empty one ends the search).
        for (var p = 0; p < MaxProbe; p++)
        {
            var s = (slot + p) & Mask;
            if (_verdicts[s] == 0) return false;
            var stored = _slots.AsSpan(s * SlotBytes, SlotBytes);
            if (stored[0] == value.Length && stored.Slice(1, value.Length).SequenceEqual(value))
            {
                verdict = _verdicts[s] == 2;
                return true;
            }
        }
        return false;
    }

    /// <summary>Caches <paramref name="value"/>'s verdict when there is room (see the summary); call after a <see cref="TryGet"/> miss.</summary>
    public void Set(ReadOnlySpan<byte> value, bool verdict)
    {
        if (value.Length > MaxLength || _count >= (1 << SlotBits) / 2) return;
        var slot = Slot(value);
        for (var p = 0; p < MaxProbe; p++)
        {
            var s = (slot + p) & Mask;
            if (_verdicts[s] != 0) continue;
            var stored = _slots.AsSpan(s * SlotBytes, SlotBytes);
            stored[0] = (byte)value.Length;
            value.CopyTo(stored[1..]);
            _verdicts[s] = verdict ? (byte)2 : (byte)1;
            _count++;
            return;
        }
    }

    private static int Slot(ReadOnlySpan<byte> value)
    {
        ulong head, tail;
        if (value.Length >= 8)
        {
            head = BinaryPrimitives.ReadUInt64LittleEndian(value);
            tail = BinaryPrimitives.ReadUInt64LittleEndian(value[^8..]);
        }
        else
        {
            Span<byte> padded = stackalloc byte[8];
            padded.Clear();
            value.CopyTo(padded);
            head = tail = BinaryPrimitives.ReadUInt64LittleEndian(padded);
        }
        var h = (head * 0x9E3779B97F4A7C15UL) ^ BitOperations.RotateLeft(tail * 0xC2B2AE3D27D4EB4FUL, 31) ^ (ulong)value.Length;
        return (int)((h * 0x165667B19E3779F9UL) >> (64 - SlotBits));
    }
}
