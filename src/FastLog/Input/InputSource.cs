using Microsoft.Win32.SafeHandles;

namespace FastLog.Input;

/// <summary>One input of a run.</summary>
/// <param name="Index">Position in the run's input list (reports keep this order).</param>
/// <param name="Path">The path as given or found in a directory; <c>-</c> for stdin.</param>
/// <param name="Kind">How it is read.</param>
/// <param name="Length">Length at open for regular and gzip files (compressed length for gzip); -1 for stdin and pipes; 0 for unsized files.</param>
/// <param name="Status">Type, size and identity when it was listed (null for stdin, or where <c>statx</c> is unavailable).</param>
/// <param name="Pipe">The open pipe of a <see cref="InputKind.Pipe"/> input; null otherwise.</param>
public sealed record InputSource(int Index, string Path, InputKind Kind, long Length, FileStatus? Status = null, PipeInput? Pipe = null)
{
    /// <summary>
    /// 1 GiB: most bytes read from an <see cref="InputKind.Unsized"/> input. <c>/proc</c> files
    /// are far smaller; a device such as <c>/dev/zero</c> never ends, so past this the input
    /// fails with an error (exit 1) instead of running forever. More data is read through a
    /// pipe (<c>cat DEVICE | fastlog …</c>), which has no cap.
    /// </summary>
    public const long MaxUnsizedBytes = 1L << 30;

    /// <summary>
    /// Opens the file again by its path, checking that the path still names the file that was
    /// listed (a rotation in between would otherwise make the run read another file).
    /// </summary>
    /// <exception cref="InputChangedException">The path now names another file.</exception>
    /// <exception cref="IOException">The file cannot be opened.</exception>
    public SafeFileHandle OpenFile()
    {
        // SequentialScan is posix_fadvise(SEQUENTIAL) on Linux: a larger read-ahead window for a cold file.
        var handle = File.OpenHandle(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.SequentialScan);
        if (Status is { } listed && FileStatus.TryGet(handle, out var now) && !now.SameFileAs(listed))
        {
            handle.Dispose();
            throw new InputChangedException("replaced since it was listed (the path now names another file)");
        }
        return handle;
    }

    /// <summary>
    /// The bytes of a stream input (<see cref="InputKind.Gzip"/> decompressed,
    /// <see cref="InputKind.Reframed"/>, <see cref="InputKind.Pipe"/>,
    /// <see cref="InputKind.Unsized"/> capped); standard input is opened by the caller.
    /// </summary>
    /// <exception cref="IOException">The input cannot be opened.</exception>
    public Stream OpenStream() => Kind switch
    {
        InputKind.Pipe => Pipe!.Open(),
        InputKind.Unsized => new CappedStream(new FileStream(OpenFile(), FileAccess.Read, 0), MaxUnsizedBytes,
            "no end after 1 GiB: a device or a file that reports size 0 is read up to 1 GiB (pipe it in to read more)"),
        InputKind.Gzip => new GzipVerifyingStream(new FileStream(OpenFile(), FileAccess.Read, 1 << 20)),
        InputKind.Reframed => new FileStream(OpenFile(), FileAccess.Read, 1 << 20),
        _ => throw new InvalidOperationException($"{Kind} inputs are not opened as one stream here"),
    };
}
