using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace FastLog.Input;

/// <summary>
/// Whether <c>--io auto</c> maps a file: only one that will not shrink while it is read, since a
/// mapped file that shrinks kills the process (SIGBUS) and logrotate's <c>copytruncate</c>
/// shrinks live logs. A file is mapped when any of these holds:
/// <list type="bullet">
/// <item>it sits on a read-only mount (<c>fstatvfs</c> <c>ST_RDONLY</c>): nothing can truncate it;</item>
/// <item>its name is a rotated one (<c>access.log.1</c>, <c>access.log-20240301</c>,
/// <c>access.log.2024-03-01</c>): rotation renames or deletes such files (deleting a mapped file
/// is harmless: its pages stay until unmapped) but never truncates them;</item>
/// <item>it was last written <see cref="IdleMinutes"/> minutes ago or more: no writer is active.</item>
/// </list>
/// Every other file is read. The residual risk: someone truncates a rotated or idle file by hand,
/// or <c>copytruncate</c> rotates a live log that was idle for an hour exactly while it is read;
/// <c>--io read</c> removes it.
/// </summary>
public static partial class MapSafety
{
    /// <summary>Minutes without a write after which a file counts as finished.</summary>
    public const int IdleMinutes = 60;

    private const ulong ReadOnlyMount = 1; // ST_RDONLY

    /// <summary>True when <c>--io auto</c> may map the open file <paramref name="handle"/> named <paramref name="path"/>.</summary>
    public static bool WillNotShrink(string path, SafeFileHandle handle, DateTime nowUtc)
        => IsRotatedName(Path.GetFileName(path)) || IsIdle(handle, nowUtc) || IsOnReadOnlyMount(handle);

    /// <summary>
    /// True for a rotated log's name: it ends with <c>.N</c> (1 to 3 digits), or a date
    /// (<c>-YYYYMMDD</c>, <c>-YYYYMMDDHH</c>, <c>.YYYY-MM-DD</c>; separator <c>-</c>, <c>.</c> or <c>_</c>).
    /// </summary>
    public static bool IsRotatedName(ReadOnlySpan<char> name)
    {
        var digits = name.Length - name.TrimEnd("0123456789").Length;
        if (digits > 0)
        {
            var separator = name.Length - digits - 1;
            if (separator < 1) return false;
            if (name[separator] == '.' && digits <= 3) return true;
            if (name[separator] is '-' or '.' or '_' && digits is 8 or 10 && LooksLikeDate(name.Slice(separator + 1, 8))) return true;
        }
        return EndsWithIsoDate(name);
    }

    /// <summary>True when <paramref name="name"/> ends with a <c>YYYY-MM-DD</c> date after a separator.</summary>
    private static bool EndsWithIsoDate(ReadOnlySpan<char> name)
    {
        if (name.Length < 12) return false;
        var date = name[^10..];
        if (name[^11] is not ('-' or '.' or '_') || date[4] != '-' || date[7] != '-') return false;
        Span<char> compact = stackalloc char[8];
        date[..4].CopyTo(compact);
        date.Slice(5, 2).CopyTo(compact[4..]);
        date.Slice(8, 2).CopyTo(compact[6..]);
        return compact.IndexOfAnyExceptInRange('0', '9') < 0 && LooksLikeDate(compact);
    }

    /// <summary>YYYYMMDD with a year 1970–2199, month 01–12 and day 01–31 (8 digits).</summary>
    private static bool LooksLikeDate(ReadOnlySpan<char> d)
    {
        var year = int.Parse(d[..4]);
        var month = int.Parse(d.Slice(4, 2));
        var day = int.Parse(d.Slice(6, 2));
        return year is >= 1970 and <= 2199 && month is >= 1 and <= 12 && day is >= 1 and <= 31;
    }

    /// <summary>True when the file was last written <see cref="IdleMinutes"/> or more before <paramref name="nowUtc"/>.</summary>
    public static bool IsIdle(SafeFileHandle handle, DateTime nowUtc)
    {
        try
        {
            return nowUtc - File.GetLastWriteTimeUtc(handle) >= TimeSpan.FromMinutes(IdleMinutes);
        }
        catch (IOException)
        {
            return false; // unknown: read it
        }
    }

    /// <summary>True when the file's file system is mounted read-only; false when that cannot be told.</summary>
    public static bool IsOnReadOnlyMount(SafeFileHandle handle)
    {
        if (!OperatingSystem.IsLinux()) return false;
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            if (Fstatvfs((int)handle.DangerousGetHandle(), out var buffer) != 0) return false;
            // struct statvfs on 64-bit glibc and musl: eleven 8-byte fields, f_flag the tenth (offset 72).
            return (buffer[9] & ReadOnlyMount) != 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
        finally
        {
            if (added) handle.DangerousRelease();
        }
    }

    /// <summary>Room for <c>struct statvfs</c> (112 bytes on 64-bit Linux), with slack.</summary>
    [InlineArray(32)]
    private struct StatvfsBuffer
    {
        private ulong _element;
    }

    [LibraryImport("libc", EntryPoint = "fstatvfs", SetLastError = true)]
    private static partial int Fstatvfs(int fd, out StatvfsBuffer buffer);
}
