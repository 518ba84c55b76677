namespace FastLog.Input;

/// <summary>How regular files are read.</summary>
public enum IoStrategy
{
    /// <summary>
    /// Positioned reads. A file may be truncated while we read it (logrotate's copytruncate, or
    /// a writer that rewrites it); a mapped file would then kill the process with SIGBUS, which
    /// no handler can turn into a clear error, while a short read is detected and reported. Reads
    /// here are as fast as mapping, so auto never maps.
    /// </summary>
    Auto,
    /// <summary>Memory-mapped windows of at most 1 GiB. Unsafe if the file shrinks while mapped (SIGBUS).</summary>
    MemoryMapped,
    /// <summary>Positioned reads (<c>RandomAccess.Read</c>) into pooled buffers.</summary>
    Read,
}
