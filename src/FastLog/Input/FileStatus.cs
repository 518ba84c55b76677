using Microsoft.Win32.SafeHandles;

namespace FastLog.Input;

/// <summary>
/// The type, size and identity (device and inode) of a file, read with Linux <c>statx(2)</c>.
/// .NET exposes none of the three for a handle without seeking (<c>RandomAccess.GetLength</c>
/// throws on a pipe), and the identity is what tells a reopened path from the file first listed.
/// </summary>
/// <remarks>
/// <c>statx</c> is used rather than <c>fstat</c> because its buffer has one layout on every
/// architecture (linux/stat.h, <c>struct statx</c>, 256 bytes), while <c>struct stat</c> differs
/// between x86-64 and arm64. Where it is missing (not Linux, a kernel before 4.11, a seccomp
/// profile that refuses it) <see cref="TryGet(SafeFileHandle, out FileStatus)"/> returns false
/// and callers fall back to what .NET offers (seekability and length).
/// </remarks>
/// <param name="Type">The file type.</param>
/// <param name="Size">Size in bytes as the file system reports it (0 for pipes, devices and <c>/proc</c> files).</param>
/// <param name="Device">The device holding the file (major &lt;&lt; 32 | minor).</param>
/// <param name="Inode">The inode number on that device.</param>
public readonly record struct FileStatus(FileType Type, long Size, ulong Device, ulong Inode)
{
    /// <summary>True when <paramref name="other"/> is the same file (device and inode).</summary>
    public bool SameFileAs(FileStatus other) => Device == other.Device && Inode == other.Inode;

    /// <summary>The status of an open file; false when <c>statx</c> is unavailable.</summary>
    public static bool TryGet(SafeFileHandle handle, out FileStatus status)
    {
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            return TryStatx((int)handle.DangerousGetHandle(), "", Statx.AtEmptyPath, out status);
        }
        finally
        {
            if (added) handle.DangerousRelease();
        }
    }

    /// <summary>The status of what <paramref name="path"/> names, following symbolic links; false when it cannot be read.</summary>
    public static bool TryGet(string path, out FileStatus status) => TryStatx(Statx.AtFdCwd, path, 0, out status);

    private static bool TryStatx(int directoryFd, string path, int flags, out FileStatus status)
    {
        status = default;
        if (!Statx.TryRead(directoryFd, path, flags, out var b, out _)) return false;
        status = new FileStatus(TypeOf(b.Mode), (long)b.Size, b.Device, b.Inode);
        return true;
    }

    private static FileType TypeOf(int mode) => (mode & 0xF000) switch
    {
        0x8000 => FileType.Regular,
        0x4000 => FileType.Directory,
        0x1000 => FileType.Fifo,
        0xC000 => FileType.Socket,
        0x2000 => FileType.CharacterDevice,
        0x6000 => FileType.BlockDevice,
        0xA000 => FileType.SymbolicLink,
        _ => FileType.Unknown,
    };
}
