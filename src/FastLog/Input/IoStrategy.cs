namespace FastLog.Input;

/// <summary>How regular files are read.</summary>
public enum IoStrategy
{
    /// <summary>
    /// Maps the files that will not shrink while read (rotated names, idle for an hour, read-only
    /// mounts: <see cref="MapSafety"/>) and reads the others. A live file may be truncated while
    /// we read it (logrotate's copytruncate, or a writer that rewrites it); mapped, it would kill
    /// the process with SIGBUS, which no handler can turn into a clear error, while a short read
    /// is detected and reported.
    /// </summary>
    Auto,
    /// <summary>Memory-mapped windows of at most 1 GiB. Unsafe if the file shrinks while mapped (SIGBUS).</summary>
    MemoryMapped,
    /// <summary>Positioned reads (<c>RandomAccess.Read</c>) into pooled buffers.</summary>
    Read,
}
