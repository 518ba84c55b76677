namespace FastLog.Output.Sinks;

/// <summary>
/// Writes a regular file under a unique temporary name in its directory and renames it over the
/// final path only on <see cref="Commit"/>: an interrupted or failed run never leaves a file that
/// looks complete, and two runs writing the same path never interleave (the last rename wins).
/// </summary>
/// <remarks>
/// The temporary file is created by <see cref="Create"/>, before any input is read, so a path
/// that cannot be written fails at once. The stream wraps its <see cref="FileStream"/> rather than
/// deriving from it: a constructor that throws then leaves no half-built object whose finalizer
/// could run cleanup on null fields. Every live temporary file is known to <see cref="AbortAll"/>,
/// which a signal handler calls to remove them before the process ends.
/// </remarks>
public sealed class AtomicFileStream : WriteOnlyStream
{
    private static readonly List<AtomicFileStream> s_live = [];

    private readonly FileStream _file;
    private readonly string _finalPath;
    private readonly string _tempPath;
    // Guarded by s_live: commit and abort exclude each other, so a signal either finds the
    // temporary file and removes it, or finds it already renamed into place, never half of each.
    private bool _committed;
    private bool _aborted;

    private AtomicFileStream(FileStream file, string finalPath, string tempPath)
    {
        _file = file;
        _finalPath = finalPath;
        _tempPath = tempPath;
    }

    /// <summary>
    /// Creates the temporary file for <paramref name="finalPath"/> (an absolute path whose
    /// directory exists) with the permissions and, where the process may set it, the owner of
    /// <paramref name="replaced"/>, the regular file it will replace (null for a new file).
    /// </summary>
    /// <exception cref="IOException">The temporary file cannot be created.</exception>
    /// <exception cref="UnauthorizedAccessException">The directory is not writable.</exception>
    public static AtomicFileStream Create(string finalPath, FileStatus? replaced)
    {
        var directory = Path.GetDirectoryName(finalPath)!;
        var temp = Path.Combine(directory, $".{Path.GetFileName(finalPath)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 1 << 16 };
        // Created with the final permissions, so the content is never readable more widely than the file it replaces.
        if (replaced is { } old && !OperatingSystem.IsWindows()) options.UnixCreateMode = (UnixFileMode)old.Permissions & ~(UnixFileMode.SetUser | UnixFileMode.SetGroup | UnixFileMode.StickyBit);
        var file = new FileStream(temp, options);
        var stream = new AtomicFileStream(file, finalPath, temp);
        lock (s_live) s_live.Add(stream);
        if (replaced is { } existing && !OperatingSystem.IsWindows())
        {
            // Owner first: chown clears setuid and setgid, which the mode then restores. The mode
            // is set exactly because UnixCreateMode is filtered by the umask.
            FileOwner.TrySet(file.SafeFileHandle, existing.Uid, existing.Gid);
            File.SetUnixFileMode(file.SafeFileHandle, (UnixFileMode)existing.Permissions);
        }
        return stream;
    }

    /// <summary>Removes every temporary file not yet committed; later commits fail. For signal handlers.</summary>
    public static void AbortAll()
    {
        lock (s_live)
        {
            foreach (var stream in s_live) stream.AbortLocked();
            s_live.Clear();
        }
    }

    /// <summary>Flushes to disk, closes and renames the temporary file over the final path.</summary>
    /// <exception cref="OperationCanceledException">A signal aborted the file first.</exception>
    public void Commit()
    {
        // Flushed to disk outside the lock: fsync of a large file may take seconds, and a signal
        // arriving meanwhile must still be able to remove the temporary file at once.
        _file.Flush(flushToDisk: true);
        _file.Dispose();
        lock (s_live)
        {
            if (_aborted) throw new OperationCanceledException("output aborted by a signal");
            File.Move(_tempPath, _finalPath, overwrite: true);
            _committed = true;
            s_live.Remove(this);
        }
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _file.Dispose();
            lock (s_live)
            {
                AbortLocked();
                s_live.Remove(this);
            }
        }
        base.Dispose(disposing);
    }

    private void AbortLocked()
    {
        if (_committed || _aborted) return;
        _aborted = true;
        try
        {
            File.Delete(_tempPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: the temporary name never looks like the final file.
        }
    }
    /// <inheritdoc/>
    public override void Write(ReadOnlySpan<byte> buffer) => _file.Write(buffer);
    /// <inheritdoc/>
    public override void WriteByte(byte value) => _file.WriteByte(value);
    /// <inheritdoc/>
    public override void Flush() => _file.Flush();
}
