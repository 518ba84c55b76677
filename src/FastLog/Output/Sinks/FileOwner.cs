using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace FastLog.Output.Sinks;

/// <summary>Gives a replacement file the owner and group of the file it replaces, where the process may.</summary>
internal static partial class FileOwner
{
    /// <summary>
    /// <c>fchown(2)</c> to <paramref name="uid"/>:<paramref name="gid"/>. Only root may give a file
    /// away, and a user may set only a group they belong to; a refusal leaves the process's own
    /// owner and group, as a file written by <c>cp</c> would have (docs/output-files.md).
    /// </summary>
    public static void TrySet(SafeFileHandle file, uint uid, uint gid)
    {
        var added = false;
        try
        {
            file.DangerousAddRef(ref added);
            _ = Fchown((int)file.DangerousGetHandle(), uid, gid);
        }
        finally
        {
            if (added) file.DangerousRelease();
        }
    }

    [LibraryImport("libc", EntryPoint = "fchown", SetLastError = true)]
    private static partial int Fchown(int fd, uint uid, uint gid);
}
