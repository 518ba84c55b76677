namespace FastLog.Input;

/// <summary>What kind of file system object a path or an open handle is (the <c>S_IFMT</c> bits of <c>st_mode</c>).</summary>
public enum FileType
{
    /// <summary>The type could not be read (no <c>statx</c>): callers fall back to seekability and size.</summary>
    Unknown,
    /// <summary>A regular file.</summary>
    Regular,
    /// <summary>A directory.</summary>
    Directory,
    /// <summary>A FIFO (named pipe) or an anonymous pipe such as <c>/dev/fd/63</c> from <c>&lt;(…)</c>.</summary>
    Fifo,
    /// <summary>A socket.</summary>
    Socket,
    /// <summary>A character device (<c>/dev/zero</c>, a terminal).</summary>
    CharacterDevice,
    /// <summary>A block device.</summary>
    BlockDevice,
    /// <summary>A symbolic link (only when links are not followed).</summary>
    SymbolicLink,
}
