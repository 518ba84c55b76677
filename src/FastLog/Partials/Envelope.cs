using System.Buffers.Binary;
using System.IO.Hashing;

namespace FastLog.Partials;

/// <summary>
/// The envelope of a partial (<see cref="Partial"/>) and of a saved rule state
/// (<c>DetectionState</c>): magic (8 bytes), layout version (u16 LE), body length B (u64 LE),
/// the body, then the XxHash128 of every byte before it (16 bytes, LE).
/// </summary>
internal static class Envelope
{
    private const int PrefixLength = 8 + 2 + 8;
    private const int ChecksumLength = 16;

    /// <summary>The file holding <paramref name="body"/> under <paramref name="magic"/> (8 bytes) and <paramref name="version"/>.</summary>
    public static byte[] Wrap(ReadOnlySpan<byte> magic, int version, ReadOnlySpan<byte> body)
    {
        var file = new byte[PrefixLength + body.Length + ChecksumLength];
        magic.CopyTo(file);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(8), (ushort)version);
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(10), (ulong)body.Length);
        body.CopyTo(file.AsSpan(PrefixLength));
        XxHash128.Hash(file.AsSpan(0, file.Length - ChecksumLength), file.AsSpan(file.Length - ChecksumLength));
        return file;
    }

    /// <summary>The body of <paramref name="file"/>, checked whole; <paramref name="noun"/> names the kind of file in errors.</summary>
    /// <exception cref="InvalidDataException">Another magic or version, truncated, extended or altered.</exception>
    public static ReadOnlySpan<byte> Open(ReadOnlySpan<byte> file, ReadOnlySpan<byte> magic, int version, string noun)
    {
        if (file.Length < magic.Length || !file[..magic.Length].SequenceEqual(magic))
            throw new InvalidDataException($"not a FastLog {noun} (no {System.Text.Encoding.ASCII.GetString(magic).TrimEnd()} header)");
        if (file.Length < PrefixLength) throw new InvalidDataException($"truncated {noun} (the header ends early)");
        var found = BinaryPrimitives.ReadUInt16LittleEndian(file[8..]);
        if (found != version) throw new InvalidDataException($"{noun} format version {found}, this fastlog reads version {version}");
        var length = BinaryPrimitives.ReadUInt64LittleEndian(file[10..]);
        if (length > (ulong)(file.Length - PrefixLength - ChecksumLength))
            throw new InvalidDataException($"truncated {noun} ({file.Length} bytes, the header announces {PrefixLength + (decimal)length + ChecksumLength})");
        if (length < (ulong)(file.Length - PrefixLength - ChecksumLength))
            throw new InvalidDataException($"corrupt {noun} ({file.Length} bytes, the header announces {PrefixLength + (decimal)length + ChecksumLength}: bytes were added)");
        Span<byte> checksum = stackalloc byte[ChecksumLength];
        XxHash128.Hash(file[..^ChecksumLength], checksum);
        if (!checksum.SequenceEqual(file[^ChecksumLength..])) throw new InvalidDataException($"corrupt {noun} (checksum mismatch)");
        return file.Slice(PrefixLength, (int)length);
    }
}
