using System.Runtime.InteropServices;
using System.Text;

namespace FastLog.Output.Sinks;

/// <summary>
/// Diagnostics on fd 2, written with <c>write(2)</c>, best effort: a closed, full or broken
/// standard error drops them silently (the exit code still tells), where <see cref="Console.Error"/>
/// would throw and end the run with an unhandled exception.
/// </summary>
public sealed partial class StderrWriter : TextWriter
{
    private const int Eintr = 4;
    private readonly Lock _lock = new();

    /// <inheritdoc/>
    public override Encoding Encoding => Encoding.UTF8;

    /// <inheritdoc/>
    public override void Write(char value) => Write(value.ToString());

    /// <inheritdoc/>
    public override void Write(string? value)
    {
        if (string.IsNullOrEmpty(value)) return;
        // Deliberate allocation: diagnostics are a few lines per run, never per record.
        WriteBytes(Encoding.UTF8.GetBytes(value));
    }

    /// <inheritdoc/>
    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    private unsafe void WriteBytes(byte[] bytes)
    {
        lock (_lock)
        {
            // Invariant: [0, written) has reached the kernel; each iteration writes a byte, retries a call a signal interrupted, or gives up (a full non-blocking pipe included: diagnostics never wait on it).
            var written = 0;
            fixed (byte* p = bytes)
            {
                while (written < bytes.Length)
                {
                    var n = WriteFd(2, p + written, bytes.Length - written);
                    if (n > 0)
                    {
                        written += (int)n;
                        continue;
                    }
                    var errno = Marshal.GetLastPInvokeError();
                    if (n < 0 && errno == Eintr) continue;
                    return;
                }
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static unsafe partial nint WriteFd(int fd, byte* buffer, nint count);
}
