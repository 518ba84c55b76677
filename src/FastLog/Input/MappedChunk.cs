using System.IO.MemoryMappedFiles;

namespace FastLog.Input;

/// <summary>
/// One chunk of a mapped file (<see cref="ChunkedInputFile.MapChunk"/>), its view held until
/// disposed: <see cref="Bytes"/> is valid only until then.
/// </summary>
public sealed unsafe class MappedChunk : IDisposable
{
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _pointer;
    private readonly int _length;

    internal MappedChunk(MemoryMappedFile map, LogChunk chunk)
    {
        // Callers map only chunks up to ChunkedInputFile.MaxMappedWindow (1 GiB), within int range.
        _length = checked((int)chunk.Length);
        _view = map.CreateViewAccessor(chunk.Start, chunk.Length, MemoryMappedFileAccess.Read);
        byte* pointer = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        _pointer = pointer + _view.PointerOffset;
    }

    /// <summary>The chunk's bytes.</summary>
    public ReadOnlySpan<byte> Bytes => new(_pointer, _length);

    /// <inheritdoc/>
    public void Dispose()
    {
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
    }
}
