using System.Runtime.InteropServices;

namespace FastLog.Input.Follow;

/// <summary>
/// One Linux inotify instance (<c>inotify_init1</c>, <c>inotify_add_watch</c>, <c>poll</c>,
/// <c>read</c>) with one watch per directory that holds followed files. Chosen over
/// <c>FileSystemWatcher</c>, which opens one instance per watcher out of a per-user budget of
/// 128, follows names rather than inodes and reports a truncation as a plain change.
/// </summary>
/// <remarks>
/// Events are wake-up hints only; the follower's sweep (<c>statx</c> of each path, <c>fstat</c>
/// of each open file) decides what happened. Inotify sees only writes made through this kernel
/// (not NFS, SMB or FUSE writes from other hosts): those mounts need <c>--poll</c>.
/// </remarks>
internal sealed partial class Inotify : IDisposable
{
    private const int InNonBlock = 0x800;
    private const int InCloExec = 0x80000;
    private const uint InModify = 0x2, InAttrib = 0x4, InCloseWrite = 0x8, InMovedFrom = 0x40, InMovedTo = 0x80,
        InCreate = 0x100, InDelete = 0x200, InDeleteSelf = 0x400, InMoveSelf = 0x800, InQueueOverflow = 0x4000;
    private const uint WatchMask = InModify | InAttrib | InCloseWrite | InMovedFrom | InMovedTo | InCreate | InDelete | InDeleteSelf | InMoveSelf;
    // Events that change which names exist: the follower then sweeps every path.
    private const uint StructureMask = InAttrib | InMovedFrom | InMovedTo | InCreate | InDelete | InDeleteSelf | InMoveSelf | InQueueOverflow;
    private const short PollIn = 1;
    private const int EventHeaderBytes = 16;

    private readonly int _fd;
    private readonly Dictionary<int, string> _directories = new();
    private readonly HashSet<string> _watched = new(StringComparer.Ordinal);
    private readonly byte[] _events = new byte[64 * 1024];

    private Inotify(int fd) => _fd = fd;

    /// <summary>A new instance, or null with the reason (not Linux, the per-user instance limit).</summary>
    public static Inotify? TryCreate(out string? error)
    {
        error = null;
        if (!OperatingSystem.IsLinux())
        {
            error = "inotify is Linux-only";
            return null;
        }
        try
        {
            var fd = Init(InNonBlock | InCloExec);
            if (fd >= 0) return new Inotify(fd);
            var errno = Marshal.GetLastPInvokeError();
            error = $"inotify_init1 failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}); raise fs.inotify.max_user_instances";
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            error = "inotify is not available in this C library";
        }
        return null;
    }

    /// <summary>Watches <paramref name="directory"/> (once); false with the reason when the kernel refuses.</summary>
    public bool TryWatch(string directory, out string? error)
    {
        error = null;
        if (_watched.Contains(directory)) return true;
        var wd = AddWatch(_fd, directory, WatchMask);
        if (wd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            error = $"inotify_add_watch {directory}: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})"
                + (errno == 28 ? "; raise fs.inotify.max_user_watches" : "");
            return false;
        }
        _watched.Add(directory);
        _directories[wd] = directory;
        return true;
    }

    /// <summary>
    /// Waits up to <paramref name="timeoutMs"/> for events and reads all that are queued. Names
    /// of modified files go to <paramref name="modified"/> (directory joined with the name);
    /// returns <see cref="WakeReason.Structure"/> when a name appeared, moved or went away (or the
    /// queue overflowed), <see cref="WakeReason.Modified"/> for writes only, else
    /// <see cref="WakeReason.Timeout"/>.
    /// </summary>
    public WakeReason Wait(int timeoutMs, HashSet<string> modified)
    {
        var pollFd = new PollFd { Fd = _fd, Events = PollIn };
        var ready = Poll(ref pollFd, 1, timeoutMs);
        if (ready <= 0) return WakeReason.Timeout;
        var reason = WakeReason.Timeout;
        // Invariant: each read returns whole events; a non-blocking read ends the loop at an empty queue.
        while (true)
        {
            var read = (int)Read(_fd, _events, (nint)_events.Length);
            if (read <= 0) break;
            var pos = 0;
            while (pos + EventHeaderBytes <= read)
            {
                var wd = BitConverter.ToInt32(_events, pos);
                var mask = BitConverter.ToUInt32(_events, pos + 4);
                var nameLength = (int)BitConverter.ToUInt32(_events, pos + 12);
                if ((mask & StructureMask) != 0) reason = WakeReason.Structure;
                else if (reason == WakeReason.Timeout) reason = WakeReason.Modified;
                if ((mask & (InModify | InCloseWrite)) != 0 && nameLength > 0 && _directories.TryGetValue(wd, out var directory))
                {
                    var name = _events.AsSpan(pos + EventHeaderBytes, nameLength);
                    var end = name.IndexOf((byte)0);
                    modified.Add(Path.Join(directory, System.Text.Encoding.UTF8.GetString(end < 0 ? name : name[..end])));
                }
                pos += EventHeaderBytes + nameLength;
            }
        }
        return reason;
    }

    /// <inheritdoc/>
    public void Dispose() => Close(_fd);

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport("libc", EntryPoint = "inotify_init1", SetLastError = true)]
    private static partial int Init(int flags);

    [LibraryImport("libc", EntryPoint = "inotify_add_watch", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int AddWatch(int fd, string path, uint mask);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static partial int Poll(ref PollFd fds, nuint count, int timeoutMs);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint Read(int fd, byte[] buffer, nint count);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}

/// <summary>Why a follower woke up.</summary>
internal enum WakeReason
{
    /// <summary>Nothing happened before the timeout: the periodic sweep.</summary>
    Timeout,
    /// <summary>Files were written.</summary>
    Modified,
    /// <summary>Names appeared, moved or went away, or events were lost: sweep every path.</summary>
    Structure,
}
