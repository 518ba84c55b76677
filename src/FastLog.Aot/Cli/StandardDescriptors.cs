using System.Runtime.InteropServices;
using FastLog.Output.Sinks;
using Microsoft.Win32.SafeHandles;

namespace FastLog.Cli;

/// <summary>
/// Standard input, output and error as the process found them. A descriptor closed by the
/// caller (<c>2&gt;&amp;-</c>, <c>&gt;&amp;-</c>) is filled with <c>/dev/null</c> at startup: otherwise
/// the next file the run opens would get its number, and diagnostics or results would be written
/// into that file (an input, or the temporary output file).
/// </summary>
public static partial class StandardDescriptors
{
    private static readonly bool[] s_closedAtStart = new bool[3];
    // Kept open for the life of the process when /dev/null landed on the wanted number directly.
    private static readonly List<SafeFileHandle> s_placeholders = [];

    /// <summary>Fills closed descriptors 0–2 with <c>/dev/null</c> and remembers which were closed. Call once, first thing.</summary>
    public static void Reserve()
    {
        for (var fd = 0; fd <= 2; fd++)
        {
            if (FileStatus.OfDescriptor(fd) is not null) continue;
            s_closedAtStart[fd] = true;
            try
            {
                var handle = File.OpenHandle("/dev/null", FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
                var opened = (int)handle.DangerousGetHandle();
                if (opened == fd)
                {
                    s_placeholders.Add(handle);
                    continue;
                }
                _ = Dup2(opened, fd);
                handle.Dispose();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // No /dev/null (a bare chroot): the descriptor stays closed; writes to it fail and are reported or dropped.
            }
        }
    }

    /// <summary>True when standard output was closed when the process started (<c>&gt;&amp;-</c>).</summary>
    public static bool StdoutClosed => s_closedAtStart[1];

    /// <summary>True when standard input was closed when the process started (<c>&lt;&amp;-</c>).</summary>
    public static bool StdinClosed => s_closedAtStart[0];

    [LibraryImport("libc", EntryPoint = "dup2", SetLastError = true)]
    private static partial int Dup2(int oldFd, int newFd);
}
