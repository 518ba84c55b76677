using System.IO.Hashing;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace FastLog.Input;

/// <summary>
/// The content identity of a regular file computed from the bytes a run reads anyway (a partial's
/// input identity, docs/partials.md): the XxHash3 of each <see cref="BlockBytes"/> block at a
/// multiple of <see cref="BlockBytes"/>, combined in file order by XxHash128. Each block is hashed
/// by the chunk its start falls in, which reads on past its own end to finish it (at most one
/// block per chunk), so the identity does not depend on chunking, threads or the I/O strategy.
/// </summary>
/// <param name="length">The file's length.</param>
public sealed class BlockHashes(long length)
{
    /// <summary>1 MiB: 8 bytes of hash per MiB (8 MB for a 1 TB file), and at most 1 MiB read twice per chunk.</summary>
    public const int BlockBytes = 1 << 20;

    private readonly long _length = length;
    private readonly ulong[] _hashes = new ulong[(length + BlockBytes - 1) / BlockBytes];

    /// <summary>A hasher for the chunk <c>[<paramref name="start"/>, <paramref name="end"/>)</c>, to be fed its bytes in order.</summary>
    public ChunkHasher ForChunk(long start, long end) => new(this, start, end);

    /// <summary>The identity of the blocks whose start lies in <c>[<paramref name="start"/>, <paramref name="end"/>)</c> (the whole file, or a shard's range).</summary>
    public UInt128 Combine(long start, long end)
    {
        var first = (int)((start + BlockBytes - 1) / BlockBytes);
        var last = (int)Math.Min(_hashes.Length, (end + BlockBytes - 1) / BlockBytes);
        return XxHash128.HashToUInt128(MemoryMarshal.AsBytes(_hashes.AsSpan(first, Math.Max(0, last - first))));
    }

    /// <summary>Hashes the blocks that start in one chunk, from the chunk's bytes as the run reads them.</summary>
    public sealed class ChunkHasher
    {
        private readonly BlockHashes _owner;
        private readonly long _end;
        private readonly XxHash3 _hash = new();
        private long _position;
        private long _block;

        internal ChunkHasher(BlockHashes owner, long start, long end)
        {
            _owner = owner;
            _end = end;
            _position = start;
            _block = (start + BlockBytes - 1) / BlockBytes;
        }

        /// <summary>Hashes the chunk's next bytes (they start where the previous ones ended).</summary>
        public void Append(ReadOnlySpan<byte> bytes)
        {
            // Invariant: _position is the file offset of bytes[0]; bytes before block _block's start are another chunk's.
            while (!bytes.IsEmpty)
            {
                var blockStart = _block * BlockBytes;
                if (_position < blockStart)
                {
                    var skip = (int)Math.Min(bytes.Length, blockStart - _position);
                    bytes = bytes[skip..];
                    _position += skip;
                    continue;
                }
                var take = (int)Math.Min(bytes.Length, blockStart + BlockBytes - _position);
                _hash.Append(bytes[..take]);
                bytes = bytes[take..];
                _position += take;
                if (_position == blockStart + BlockBytes) Store();
            }
        }

        /// <summary>Finishes the block the chunk ends inside, reading its rest from <paramref name="file"/>.</summary>
        public void Finish(SafeFileHandle file)
        {
            var blockStart = _block * BlockBytes;
            if (blockStart >= _end || blockStart >= _owner._length) return;
            var blockEnd = Math.Min(blockStart + BlockBytes, _owner._length);
            Span<byte> buffer = stackalloc byte[16 * 1024];
            // Invariant: the hash holds bytes [blockStart, _position) of the file.
            while (_position < blockEnd)
            {
                var read = RandomAccess.Read(file, buffer[..(int)Math.Min(buffer.Length, blockEnd - _position)], _position);
                if (read <= 0) throw new InputChangedException($"file shrank while being read (nothing at offset {_position})");
                _hash.Append(buffer[..read]);
                _position += read;
            }
            Store();
        }

        private void Store()
        {
            _owner._hashes[_block] = _hash.GetCurrentHashAsUInt64();
            _hash.Reset();
            _block++;
        }
    }
}
