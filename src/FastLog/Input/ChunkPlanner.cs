using Microsoft.Win32.SafeHandles;

namespace FastLog.Input;

/// <summary>Splits a regular file into newline-aligned chunks (see <see cref="LogChunk"/>).</summary>
public static class ChunkPlanner
{
    /// <summary>64 MiB: large enough that per-chunk cost vanishes, small enough that 2 workers balance on a 1 GB file.</summary>
    public const long MaxChunkBytes = 64L << 20;

    /// <summary>4 MiB: below this, splitting costs more than it saves.</summary>
    public const long MinChunkBytes = 4L << 20;

    /// <summary>16 chunks per file when the clamps allow: four per worker on 4 cores, and enough to balance 2.</summary>
    public const int TargetChunks = 16;

    /// <summary>
    /// The chunk size for a file of <paramref name="length"/> bytes. It depends on the length
    /// only, never on the thread count: a result past a memory budget depends on the chunk
    /// boundaries, and must not change with <c>--threads</c>.
    /// </summary>
    public static long ChooseChunkBytes(long length)
        => Math.Clamp(length / TargetChunks, MinChunkBytes, MaxChunkBytes);

    /// <summary>
    /// Cuts <c>[0, length)</c> at the first line end at or after every multiple of
    /// <paramref name="chunkBytes"/> past the previous cut.
    /// </summary>
    public static List<LogChunk> Plan(SafeFileHandle file, int inputIndex, long length, long chunkBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkBytes, 1);
        var chunks = new List<LogChunk>();
        var buffer = new byte[64 * 1024];
        long start = 0;
        // Invariant: start is 0 or follows a LF; each iteration adds one chunk and moves start
        // forward by at least one byte, so the loop ends after at most length iterations.
        while (start < length)
        {
            var tentative = start + chunkBytes;
            var end = tentative >= length ? length : LineEndAtOrAfter(file, tentative - 1, length, buffer);
            chunks.Add(new LogChunk(inputIndex, chunks.Count, start, end - start));
            start = end;
        }
        return chunks;
    }

    /// <summary>The offset just past the first LF at or after <paramref name="from"/>, or <paramref name="length"/>.</summary>
    public static long LineEndAtOrAfter(SafeFileHandle file, long from, long length, byte[] buffer)
    {
        var at = from;
        while (at < length)
        {
            var read = RandomAccess.Read(file, buffer.AsSpan(0, (int)Math.Min(buffer.Length, length - at)), at);
            if (read <= 0) throw new InputChangedException($"file shrank while being read (short read at offset {at})");
            var lf = buffer.AsSpan(0, read).IndexOf((byte)'\n');
            if (lf >= 0) return at + lf + 1;
            at += read;
        }
        return length;
    }
}
