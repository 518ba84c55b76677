using System.Runtime.InteropServices;

namespace FastLog.Input;

/// <summary>
/// Linux <c>statx(2)</c>, the one binding behind <see cref="FileStatus"/> (what an input is) and
/// <c>Output.Sinks.FileStatus</c> (what <c>-o</c> finds). <c>struct statx</c> has one layout on
/// every architecture (linux/stat.h, 256 bytes), unlike <c>struct stat</c>, so one declaration
/// serves x64 and arm64.
/// </summary>
public static partial class Statx
{
    /// <summary><c>AT_FDCWD</c>: a path relative to the working directory.</summary>
    public const int AtFdCwd = -100;

    /// <summary><c>AT_EMPTY_PATH</c>: the descriptor itself, with an empty path.</summary>
    public const int AtEmptyPath = 0x1000;

    private const uint BasicStats = 0x7ff;

    /// <summary>The fields of <c>struct statx</c> read here, at their fixed offsets.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    public struct Buffer
    {
        /// <summary><c>stx_nlink</c>.</summary>
        [FieldOffset(16)] public uint Links;
        /// <summary><c>stx_uid</c>.</summary>
        [FieldOffset(20)] public uint Uid;
        /// <summary><c>stx_gid</c>.</summary>
        [FieldOffset(24)] public uint Gid;
        /// <summary><c>stx_mode</c>: type and permission bits.</summary>
        [FieldOffset(28)] public ushort Mode;
        /// <summary><c>stx_ino</c>.</summary>
        [FieldOffset(32)] public ulong Inode;
        /// <summary><c>stx_size</c>.</summary>
        [FieldOffset(40)] public ulong Size;
        /// <summary><c>stx_dev_major</c>.</summary>
        [FieldOffset(136)] public uint DevMajor;
        /// <summary><c>stx_dev_minor</c>.</summary>
        [FieldOffset(140)] public uint DevMinor;

        /// <summary>The device holding the inode (major &lt;&lt; 32 | minor).</summary>
        public readonly ulong Device => ((ulong)DevMajor << 32) | DevMinor;
    }

    /// <summary>
    /// Reads the status of <paramref name="path"/> relative to <paramref name="directoryFd"/>
    /// (<see cref="AtFdCwd"/>, or a descriptor with <see cref="AtEmptyPath"/> and an empty path);
    /// false with the errno when it fails, or with errno 0 when statx is not available (not Linux,
    /// a C library without it).
    /// </summary>
    public static bool TryRead(int directoryFd, string path, int flags, out Buffer buffer, out int errno)
    {
        buffer = default;
        errno = 0;
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            if (Call(directoryFd, path, flags, BasicStats, out buffer) == 0) return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false; // not glibc 2.28+ or musl 1.2.5+
        }
        errno = Marshal.GetLastPInvokeError();
        return false;
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Call(int directoryFd, string path, int flags, uint mask, out Buffer buffer);
}
