using Microsoft.Win32.SafeHandles;
using FastLog.Formats;

namespace FastLog.Input;

/// <summary>
/// Reads <c>[start, start + length)</c> of a file with positioned reads (<c>pread</c>), so
/// workers share one handle without sharing a file position. A short read means the file shrank
/// after it was opened: <see cref="InputChangedException"/>, never a silent partial count.
/// A <paramref name="hasher"/> sees every byte read (the input's identity, <see cref="BlockHashes"/>).
/// </summary>
public sealed class ChunkReadStream(SafeFileHandle file, long start, long length, BlockHashes.ChunkHasher? hasher = null) : ReadOnlyStream
{
    private long _position;

    /// <inheritdoc/>
    public override int Read(Span<byte> buffer)
    {
        var want = (int)Math.Min(buffer.Length, length - _position);
        if (want <= 0) return 0;
        var read = RandomAccess.Read(file, buffer[..want], start + _position);
        if (read <= 0)
            throw new InputChangedException($"file shrank while being read (nothing at offset {start + _position}, expected {length - _position} more bytes)");
        _position += read;
        hasher?.Append(buffer[..read]);
        return read;
    }

    /// <inheritdoc/>
    public override long Length => length;
    /// <inheritdoc/>
    public override long BytesRead => _position;
}
