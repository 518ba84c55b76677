using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace FastLog.Input.Follow;

/// <summary>
/// An exclusive <c>flock(2)</c> on <c>STATE.lock</c>, held for the whole run, so two fastlog
/// processes never follow with one <c>--state</c>: each would save offsets the other's lines
/// went past, and a restart would count lines twice or miss them.
/// </summary>
/// <remarks>
/// The lock is on a file beside the state, not on the state itself: the state is replaced by a
/// rename at every save, and a lock on the replaced inode would no longer guard the name. The
/// kernel drops the lock when the process ends, however it ends, so a crash leaves no stale lock;
/// the <c>.lock</c> file itself stays (removing it would race with a starting instance).
/// </remarks>
internal sealed partial class StateLock : IDisposable
{
    private const int LockExclusive = 2;
    private const int LockNonBlocking = 4;
    private const int WouldBlock = 11; // EWOULDBLOCK (= EAGAIN) on Linux

    private readonly SafeFileHandle _handle;

    private StateLock(SafeFileHandle handle) => _handle = handle;

    /// <summary>The lock file of <paramref name="statePath"/>.</summary>
    public static string PathOf(string statePath) => statePath + ".lock";

    /// <summary>Takes the lock of <paramref name="statePath"/>, without waiting.</summary>
    /// <exception cref="IOException">Another process holds it, or the lock file cannot be opened.</exception>
    public static StateLock Take(string statePath)
    {
        var path = PathOf(statePath);
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
        {
            // .NET takes a shared flock of its own on open; an exclusive one held elsewhere refuses it.
            throw InUse(statePath, e);
        }
        if (Flock(handle, LockExclusive | LockNonBlocking) == 0) return new StateLock(handle);
        var errno = Marshal.GetLastPInvokeError();
        handle.Dispose();
        if (errno == WouldBlock) throw InUse(statePath, null);
        throw new IOException($"--state {statePath}: cannot lock {path}: {Marshal.GetPInvokeErrorMessage(errno)}");
    }

    private static IOException InUse(string statePath, Exception? inner)
        => new($"--state {statePath} is in use by another fastlog process (it holds {PathOf(statePath)}); one state file serves one follower", inner);

    public void Dispose() => _handle.Dispose();

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int Flock(SafeFileHandle fd, int operation);
}
