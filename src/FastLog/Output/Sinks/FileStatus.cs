using System.Runtime.InteropServices;

using FastLog.Input;

namespace FastLog.Output.Sinks;

/// <summary>What <c>-o</c> finds at a path: the kind of file, the inode that identifies it, its mode and owner.</summary>
public enum FileKind
{
    /// <summary>Nothing is there.</summary>
    Missing,
    /// <summary>A regular file.</summary>
    Regular,
    /// <summary>A directory.</summary>
    Directory,
    /// <summary>A character device (<c>/dev/null</c>, a terminal).</summary>
    CharacterDevice,
    /// <summary>A block device.</summary>
    BlockDevice,
    /// <summary>A named pipe.</summary>
    Fifo,
    /// <summary>A Unix-domain socket.</summary>
    Socket,
}

/// <summary>
/// The <c>statx(2)</c> facts about a file that output placement needs (read by <see cref="Statx"/>).
/// </summary>
/// <param name="Kind">What the file is.</param>
/// <param name="Device">The device holding the inode (major &lt;&lt; 32 | minor).</param>
/// <param name="Inode">The inode number; with <paramref name="Device"/> it names the file whatever path reaches it.</param>
/// <param name="Permissions">The low 12 mode bits (permissions, setuid, setgid, sticky).</param>
/// <param name="Uid">Owner.</param>
/// <param name="Gid">Group.</param>
/// <param name="Links">Hard links to the inode.</param>
public readonly record struct FileStatus(FileKind Kind, ulong Device, ulong Inode, int Permissions, uint Uid, uint Gid, uint Links)
{
    private const int Enoent = 2;
    private const int Enotdir = 20;

    /// <summary>The file at <paramref name="path"/>, symbolic links followed; <see cref="FileKind.Missing"/> when nothing is there.</summary>
    /// <exception cref="IOException">The path cannot be examined (permission denied, a loop of links).</exception>
    public static FileStatus Of(string path)
    {
        if (Statx.TryRead(Statx.AtFdCwd, path, 0, out var buffer, out var errno)) return From(buffer);
        if (errno is Enoent or Enotdir) return default;
        throw new IOException($"{path}: {(errno == 0 ? "statx is not available" : Marshal.GetPInvokeErrorMessage(errno))}");
    }

    /// <summary>The file open on descriptor <paramref name="fd"/>, or null when the descriptor is closed.</summary>
    public static FileStatus? OfDescriptor(int fd)
        => Statx.TryRead(fd, "", Statx.AtEmptyPath, out var buffer, out _) ? From(buffer) : null;

    /// <summary>True when both name the same inode on the same device (a hard link, a symbolic link, <c>./x</c> and <c>x</c>).</summary>
    public bool IsSameFileAs(FileStatus other) => Kind != FileKind.Missing && Device == other.Device && Inode == other.Inode;

    private static FileStatus From(in Statx.Buffer b)
    {
        var kind = (b.Mode & 0xF000) switch // S_IFMT and the S_IF* values of sys/stat.h
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0x2000 => FileKind.CharacterDevice,
            0x6000 => FileKind.BlockDevice,
            0x1000 => FileKind.Fifo,
            0xC000 => FileKind.Socket,
            _ => FileKind.Regular,
        };
        return new FileStatus(kind, b.Device, b.Inode, b.Mode & 0xFFF, b.Uid, b.Gid, b.Links);
    }
}
