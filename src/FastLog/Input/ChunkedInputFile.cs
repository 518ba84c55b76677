using System.IO.MemoryMappedFiles;
using Microsoft.Win32.SafeHandles;

namespace FastLog.Input;

/// <summary>
/// A chunked input's file, opened by the first of its chunks that runs and closed when the last
/// one is done, so a run holds open only the files whose chunks are in progress — about one per
/// worker — however many inputs it has (a directory of 100,000 files under a limit of 1,024
/// descriptors). Reopening checks that the path still names the file that was listed
/// (<see cref="InputSource.OpenFile"/>).
/// </summary>
/// <param name="input">The input, of kind <see cref="InputKind.File"/>.</param>
/// <param name="chunks">Its number of chunks: after that many <see cref="ChunkDone"/> calls the file is closed.</param>
public sealed class ChunkedInputFile(InputSource input, int chunks)
{
    /// <summary>
    /// 1 GiB: the largest window mapped at once. A chunk is larger only when a single line spans
    /// more than the chunk size (a file without newlines); such a chunk is read instead, where
    /// the too-long line is skipped without being held in memory.
    /// </summary>
    public const long MaxMappedWindow = 1L << 30;

    private readonly object _lock = new();
    private SafeFileHandle? _handle;
    private MemoryMappedFile? _map;
    private int _remaining = chunks;
    private int _mappable; // 0 unknown, 1 yes, 2 no

    /// <summary>True when <c>--io auto</c> maps this file: it will not shrink while read (<see cref="MapSafety"/>); decided once.</summary>
    public bool AutoMaps
    {
        get
        {
            if (_mappable == 0) _mappable = MapSafety.WillNotShrink(input.Path, Handle, DateTime.UtcNow) ? 1 : 2;
            return _mappable == 1;
        }
    }

    /// <summary>The open file, opened on first use.</summary>
    /// <exception cref="IOException">The file cannot be opened, or is no longer the file listed.</exception>
    public SafeFileHandle Handle
    {
        get
        {
            lock (_lock) return _handle ??= input.OpenFile();
        }
    }

    /// <summary>
    /// The file mapped, created on first use. Maps exactly the length seen at listing: bytes
    /// appended later are not read, and a file that shrinks under the map kills the process with
    /// SIGBUS (<c>--io mmap</c> is opt-in; see <see cref="IoStrategy"/>).
    /// </summary>
    public MemoryMappedFile Map
    {
        get
        {
            lock (_lock)
            {
                return _map ??= MemoryMappedFile.CreateFromFile(
                    new FileStream(_handle ??= input.OpenFile(), FileAccess.Read, 1), null, input.Length,
                    MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
            }
        }
    }

    /// <summary>Whether <paramref name="chunk"/> is mapped rather than read under <paramref name="io"/>: never when empty or over <see cref="MaxMappedWindow"/>.</summary>
    public bool MapsChunk(IoStrategy io, LogChunk chunk)
        => (io == IoStrategy.MemoryMapped || (io == IoStrategy.Auto && AutoMaps)) && chunk.Length is > 0 and <= MaxMappedWindow;

    /// <summary>Maps <paramref name="chunk"/> (one that <see cref="MapsChunk"/> accepts) until the result is disposed.</summary>
    public MappedChunk MapChunk(LogChunk chunk) => new(Map, chunk);

    /// <summary>One chunk is finished (read, failed or skipped); the last one closes the file.</summary>
    public void ChunkDone()
    {
        if (Interlocked.Decrement(ref _remaining) == 0) Close();
    }

    /// <summary>Closes the file now (the run ended or was cancelled with chunks left).</summary>
    public void Close()
    {
        lock (_lock)
        {
            _map?.Dispose();
            _handle?.Dispose();
            _map = null;
            _handle = null;
        }
    }
}
