using System.Runtime.CompilerServices;
using FastLog.Diagnostics;

namespace FastLog.Generation;

/// <summary>
/// Appends UTF-8 pieces and ASCII numbers to a buffer: the only way generated lines are written.
/// The caller guarantees room (a whole line's worst case, checked once per line), so appends
/// only copy.
/// </summary>
internal ref struct ByteCursor
{
    private readonly Span<byte> _buffer;

    /// <summary>Bytes written so far.</summary>
    public int Position;

    public ByteCursor(Span<byte> buffer, int position)
    {
        _buffer = buffer;
        Position = position;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_buffer.Slice(Position));
        Position += bytes.Length;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(byte b) => _buffer[Position++] = b;

    /// <summary>Two ASCII bytes at once (e.g. <c>" "</c> pairs).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(byte a, byte b)
    {
        _buffer[Position + 1] = b;
        _buffer[Position] = a;
        Position += 2;
    }

    /// <summary><paramref name="value"/> in decimal, no leading zeros.</summary>
    public void WriteDecimal(ulong value)
    {
        var digits = value < 10 ? 1 : value < 100 ? 2 : value < 1000 ? 3 : value < 10000 ? 4 : CountDigits(value);
        var end = Position + digits;
        var span = _buffer.Slice(Position, digits);
        // Invariant: span[i..] holds the low (digits - i) digits of the original value.
        for (var i = digits - 1; i >= 0; i--)
        {
            var q = value / 10;
            span[i] = (byte)('0' + (value - q * 10));
            value = q;
        }
        Position = end;
    }

    /// <summary>Milliseconds as seconds with three decimals: 23 → <c>0.023</c>, 61234 → <c>61.234</c>.</summary>
    public void WriteMillisAsSeconds(uint millis)
    {
        WriteDecimal(millis / 1000);
        var frac = millis % 1000;
        _buffer[Position] = (byte)'.';
        _buffer[Position + 1] = (byte)('0' + frac / 100);
        _buffer[Position + 2] = (byte)('0' + frac / 10 % 10);
        _buffer[Position + 3] = (byte)('0' + frac % 10);
        Position += 4;
    }

    /// <summary><paramref name="value"/> in lower-case hexadecimal, no leading zeros (IPv6 groups).</summary>
    public void WriteHex(uint value)
    {
        var digits = value == 0 ? 1 : (32 - System.Numerics.BitOperations.LeadingZeroCount(value) + 3) / 4;
        for (var i = digits - 1; i >= 0; i--)
        {
            var nibble = value & 0xF;
            _buffer[Position + i] = (byte)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);
            value >>= 4;
        }
        Position += digits;
    }

    /// <summary><paramref name="value"/> as exactly <paramref name="digits"/> decimal digits, zero-padded (fractions, fixed-width ids).</summary>
    public void WriteFixed(ulong value, int digits)
    {
        var span = _buffer.Slice(Position, digits);
        // Invariant: span[i..] holds the low (digits - i) digits of the original value.
        for (var i = digits - 1; i >= 0; i--)
        {
            var q = value / 10;
            span[i] = (byte)('0' + (value - q * 10));
            value = q;
        }
        Position += digits;
    }

    /// <summary>The low <paramref name="digits"/> nibbles of <paramref name="bits"/> as lower-case hexadecimal (ids, hashes).</summary>
    public void WriteHexFixed(ulong bits, int digits)
    {
        for (var i = digits - 1; i >= 0; i--)
        {
            var nibble = (uint)(bits & 0xF);
            _buffer[Position + i] = (byte)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);
            bits >>= 4;
        }
        Position += digits;
    }

    /// <summary><paramref name="count"/> characters of <paramref name="alphabet"/> picked by successive 6-bit slices of random words.</summary>
    public void WriteRandom(ReadOnlySpan<byte> alphabet, int count, ref Sampling.Xoshiro256PlusPlus rng)
    {
        var bits = 0UL;
        var left = 0;
        // Invariant: bits holds `left` unused 6-bit slices.
        for (var i = 0; i < count; i++)
        {
            if (left == 0)
            {
                bits = rng.NextUInt64();
                left = 10;
            }
            _buffer[Position + i] = alphabet[(int)((bits & 63) * (uint)alphabet.Length >> 6)];
            bits >>= 6;
            left--;
        }
        Position += count;
    }

    private static int CountDigits(ulong value)
    {
        var n = 1;
        while (value >= 10)
        {
            value /= 10;
            n++;
        }
        FastLogAssert.True(n <= 20);
        return n;
    }
}
