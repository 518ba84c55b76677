using System.Runtime.InteropServices;
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
public readonly partial record struct FileStatus(FileType Type, long Size, ulong Device, ulong Inode)
{
    // linux/fcntl.h and linux/stat.h.
    private const int AtFdCwd = -100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxType = 0x1, StatxIno = 0x100, StatxSize = 0x200;
    private const int StatxBufferBytes = 256;
    // Offsets in struct statx: stx_mode (u16) 28, stx_ino (u64) 32, stx_size (u64) 40,
    // stx_dev_major (u32) 136, stx_dev_minor (u32) 140.
    private const int ModeOffset = 28, InodeOffset = 32, SizeOffset = 40, DevMajorOffset = 136, DevMinorOffset = 140;

    /// <summary>True when <paramref name="other"/> is the same file (device and inode).</summary>
    public bool SameFileAs(FileStatus other) => Device == other.Device && Inode == other.Inode;

    /// <summary>The status of an open file; false when <c>statx</c> is unavailable.</summary>
    public static bool TryGet(SafeFileHandle handle, out FileStatus status)
    {
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            return TryStatx((int)handle.DangerousGetHandle(), "", AtEmptyPath, out status);
        }
        finally
        {
            if (added) handle.DangerousRelease();
        }
    }

    /// <summary>The status of what <paramref name="path"/> names, following symbolic links; false when it cannot be read.</summary>
    public static bool TryGet(string path, out FileStatus status) => TryStatx(AtFdCwd, path, 0, out status);

    private static bool TryStatx(int directoryFd, string path, int flags, out FileStatus status)
    {
        status = default;
        if (!OperatingSystem.IsLinux()) return false;
        Span<byte> buffer = stackalloc byte[StatxBufferBytes];
        int result;
        try
        {
            result = Statx(directoryFd, path, flags, StatxType | StatxIno | StatxSize, ref MemoryMarshal.GetReference(buffer));
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false; // not glibc 2.28+ or musl 1.2.5+
        }
        if (result != 0) return false;
        var mode = MemoryMarshal.Read<ushort>(buffer[ModeOffset..]);
        var device = ((ulong)MemoryMarshal.Read<uint>(buffer[DevMajorOffset..]) << 32)
            | MemoryMarshal.Read<uint>(buffer[DevMinorOffset..]);
        status = new FileStatus(TypeOf(mode), (long)MemoryMarshal.Read<ulong>(buffer[SizeOffset..]),
            device, MemoryMarshal.Read<ulong>(buffer[InodeOffset..]));
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

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directoryFd, string path, int flags, uint mask, ref byte buffer);
}
