using System.Runtime.InteropServices;

namespace FastLog.Output.Sinks;

/// <summary>
/// Standard output written with <c>write(2)</c> on fd 1. The .NET console stream swallows
/// EPIPE, so a run piped into <c>head</c> would go on to the end; here EPIPE surfaces as
/// <see cref="OutputClosedException"/> and the CLI exits quietly at once (exit 0, as ripgrep does).
/// </summary>
public sealed partial class StdoutStream : WriteOnlyStream
{
    private const int Epipe = 32;
    private const int Eintr = 4;
    private const int Eagain = 11;
    private const int FGetFl = 3;    // F_GETFL, linux/fcntl.h
    private const int OAccMode = 3;  // O_ACCMODE
    private const int ORdOnly = 0;   // O_RDONLY

    /// <summary>
    /// True when fd 1 is open for writing. Checked before a run reads its inputs, so a closed
    /// stdout fails at once; the descriptor number may even hold a file the runtime opened
    /// read-only after the caller closed it, which only the access mode tells apart.
    /// </summary>
    public static bool IsWritable()
    {
        var flags = Fcntl(1, FGetFl, 0);
        return flags != -1 && (flags & OAccMode) != ORdOnly;
    }

    /// <inheritdoc/>
    public override unsafe void Write(ReadOnlySpan<byte> buffer)
    {
        // Invariant: [0, written) has reached the kernel; every iteration writes at least one byte or fails.
        var written = 0;
        fixed (byte* p = buffer)
        {
            while (written < buffer.Length)
            {
                var n = WriteFd(1, p + written, (nint)(buffer.Length - written));
                if (n > 0)
                {
                    written += (int)n;
                    continue;
                }
                var errno = Marshal.GetLastPInvokeError();
                if (errno == Eintr || errno == Eagain) continue;
                if (errno == Epipe) throw new OutputClosedException();
                throw new IOException($"write to standard output failed: {Marshal.GetPInvokeErrorMessage(errno)}");
            }
        }
    }

    /// <inheritdoc/>
    public override void WriteByte(byte value) => Write([value]);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int fd, int command, int argument);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static unsafe partial nint WriteFd(int fd, byte* buffer, nint count);
}

/// <summary>The reader of standard output went away (EPIPE): stop quietly.</summary>
public sealed class OutputClosedException() : IOException("standard output closed");
