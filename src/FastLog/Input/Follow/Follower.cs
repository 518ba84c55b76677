using System.Diagnostics;

namespace FastLog.Input.Follow;

/// <summary>
/// Follows files and directories with <c>tail -F</c> semantics and hands their lines to an
/// <see cref="IFollowSink"/>: appended lines as they arrive; a file renamed away or deleted is
/// read to its end, including lines written to it after the rotation, until it has been idle for
/// <see cref="FollowOptions.RotatedGrace"/>, and the new file at the path is read from 0; a file
/// that shrank (copytruncate) is read again from 0; a file that appears in a followed directory
/// is read from 0; a gzip file is read once, never followed.
/// </summary>
/// <remarks>
/// <para>
/// Files are known by identity (device, inode), not name: a followed file renamed within a
/// followed directory (<c>app.log</c> → <c>app.log.1</c>) is the same file under a new name and
/// is not read again. Inotify events only wake the loop; a sweep (<c>statx</c> of every path,
/// <c>fstat</c> of every open file) decides what changed, after every event that moves names and
/// every <see cref="FollowOptions.SweepInterval"/> besides (lost events, other directories,
/// network file systems). Without inotify, or with <see cref="FollowOptions.PollInterval"/>, the
/// sweep runs on a timer.
/// </para>
/// <para>
/// Order: each file's lines go out in file order, each once. Rotated files are read before the
/// live ones and files in the order they were first opened, so the lines of a rotation chain keep
/// the order the writer wrote them in.
/// </para>
/// </remarks>
public sealed class Follower : IDisposable
{
    /// <summary>250 ms: the poll interval when inotify is unavailable and none was given.</summary>
    public static readonly TimeSpan FallbackPollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>100 ms: the longest wait between checks of the stop token.</summary>
    private const int StopCheckMilliseconds = 100;

    private readonly FollowOptions _options;
    private readonly IFollowSink _sink;
    private readonly TextWriter _warnings;
    private readonly List<string> _files = [];
    private readonly List<string> _directories = [];
    // Open files by the full path they are live under (aliases of a renamed file are removed on the next sweep).
    private readonly Dictionary<string, FollowedFile> _byPath = new(StringComparer.Ordinal);
    private readonly Dictionary<(ulong Device, ulong Inode), FollowedFile> _byIdentity = new();
    private readonly List<FollowedFile> _rotated = [];
    private readonly HashSet<(ulong Device, ulong Inode)> _readOnce = [];
    private readonly HashSet<string> _warned = new(StringComparer.Ordinal);
    private readonly HashSet<string> _modified = new(StringComparer.Ordinal);
    private readonly HashSet<string> _present = new(StringComparer.Ordinal);
    private readonly List<FollowedFile> _order = [];
    private FollowResume? _resume;
    private Inotify? _inotify;
    private TimeSpan _pollInterval;
    private int _nextId;
    private long _lastSweepTicks;

    /// <summary>Follows <paramref name="paths"/> (files and directories) into <paramref name="sink"/>; problems go to <paramref name="warnings"/> as one line each.</summary>
    public Follower(IEnumerable<string> paths, FollowOptions options, IFollowSink sink, TextWriter warnings)
    {
        _options = options;
        _sink = sink;
        _warnings = warnings;
        foreach (var path in paths)
            (Directory.Exists(path) ? _directories : _files).Add(path);
        _pollInterval = options.PollInterval ?? FallbackPollInterval;
    }

    /// <summary>"inotify" or "poll": how changes are noticed (after <see cref="Run"/> started).</summary>
    public string Mode => _inotify is null ? "poll" : "inotify";

    /// <summary>Files open now (live and rotated), for tests and the checkpoint.</summary>
    public IReadOnlyCollection<FollowedFile> Files => _byIdentity.Values;

    /// <summary>The counts kept in the <c>--state</c> checkpoint beside the offsets (null: offsets only).</summary>
    public ICheckpointedState? State { get; init; }

    /// <summary>Reads what the paths hold, then follows them until <paramref name="stop"/>; reads what is there once more before returning.</summary>
    public void Run(CancellationToken stop)
    {
        if (_options.PollInterval is null)
        {
            _inotify = Inotify.TryCreate(out var error);
            if (error is not null) Warn($"polling every {_pollInterval.TotalMilliseconds:0} ms: {error}");
        }
        if (_options.StatePath is { } statePath)
        {
            _resume = new FollowResume(statePath, _options.StateInterval, State, Warn);
            foreach (var path in _resume.RotatedWhileDown()) OpenRotated(path);
        }
        Sweep(initial: true);
        _sink.PassDone();
        SaveState(force: true);
        // Invariant: each pass handles one wake-up (event, timeout or backlog) and ends with the
        // sink told; the loop ends when stop is requested.
        var backlog = false;
        while (!stop.IsCancellationRequested)
        {
            var reason = backlog ? WakeReason.Modified : Wait(stop);
            if (stop.IsCancellationRequested) break;
            var sweepDue = Stopwatch.GetElapsedTime(_lastSweepTicks) >= (_inotify is null ? _pollInterval : _options.SweepInterval);
            if (_inotify is null || reason == WakeReason.Structure || sweepDue || _modified.Count == 0 && reason != WakeReason.Timeout)
                backlog = Sweep(initial: false);
            else
                backlog = DrainModified();
            _sink.PassDone();
            SaveState(force: false);
        }
        Sweep(initial: false);
        _sink.PassDone();
        SaveState(force: true);
    }

    private void SaveState(bool force) => _resume?.Save(_byIdentity.Values, _sink, force);

    /// <summary>Opens a file found rotated at start (resumed at its checkpoint offset, or from 0) to be drained before the live files.</summary>
    private void OpenRotated(string path)
    {
        var key = Path.GetFullPath(path);
        Open(path, key, initial: true);
        if (!_byPath.Remove(key, out var rotated) || rotated.Rotated) return;
        rotated.Rotated = true;
        _rotated.Add(rotated);
    }

    private WakeReason Wait(CancellationToken stop)
    {
        _modified.Clear();
        var interval = _inotify is null ? _pollInterval : _options.SweepInterval;
        var wait = interval - Stopwatch.GetElapsedTime(_lastSweepTicks);
        foreach (var file in _byIdentity.Values)
        {
            // An unterminated line is due when its file has been idle for the timeout.
            if (file.HasPartial) wait = Min(wait, _options.PartialLineTimeout - Stopwatch.GetElapsedTime(file.LastGrowthTicks));
        }
        var milliseconds = (int)Math.Clamp(Math.Ceiling(wait.TotalMilliseconds), 0, int.MaxValue);
        if (_inotify is null)
        {
            // The stop token's handle wakes this wait at once.
            stop.WaitHandle.WaitOne(milliseconds);
            return WakeReason.Timeout;
        }
        // poll(2) does not see the token: wake at least this often to look at it.
        return _inotify.Wait(Math.Min(milliseconds, StopCheckMilliseconds), _modified);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>After writes only: reads the rotated files and the files written to. Returns whether bytes are left for another pass.</summary>
    private bool DrainModified()
    {
        _order.Clear();
        foreach (var path in _modified)
        {
            if (_byPath.TryGetValue(path, out var file)) _order.Add(file);
            // A name written to but not followed yet (it appeared between a sweep and its watch): look at everything.
            else if (IsFollowedName(path)) return Sweep(initial: false);
        }
        _order.Sort(static (a, b) => a.Id.CompareTo(b.Id));
        return DrainRotated() | DrainAll(_order);
    }

    /// <summary>True when <paramref name="fullPath"/> is a followed file or lies under a followed directory.</summary>
    private bool IsFollowedName(string fullPath)
    {
        foreach (var file in _files)
            if (Path.GetFullPath(file) == fullPath) return true;
        foreach (var directory in _directories)
            if (fullPath.StartsWith(Path.GetFullPath(directory), StringComparison.Ordinal)) return true;
        return false;
    }

    /// <summary>
    /// Checks every path: notices rotations, replacements, deletions and new files, then reads
    /// the rotated files and the live ones. Returns whether bytes are left for another pass.
    /// </summary>
    private bool Sweep(bool initial)
    {
        _lastSweepTicks = Stopwatch.GetTimestamp();
        _present.Clear();
        foreach (var path in _files)
        {
            Watch(Path.GetDirectoryName(Path.GetFullPath(path))!);
            Visit(path, initial);
        }
        foreach (var directory in _directories) Walk(directory, initial);
        // A live path that is gone: its file was renamed out of sight or deleted.
        List<string>? gone = null;
        foreach (var (path, file) in _byPath)
            if (!_present.Contains(path)) (gone ??= []).Add(path);
        if (gone is not null)
            foreach (var path in gone) Unlink(path);
        _order.Clear();
        foreach (var file in _byIdentity.Values)
            if (!file.Rotated) _order.Add(file);
        _order.Sort(static (a, b) => a.Id.CompareTo(b.Id));
        return DrainRotated() | DrainAll(_order);
    }

    private bool DrainAll(List<FollowedFile> files)
    {
        var backlog = false;
        foreach (var file in files) backlog |= TryDrain(file);
        return backlog;
    }

    /// <summary>Reads the rotated files, oldest first, and lets go of those idle past the grace period.</summary>
    private bool DrainRotated()
    {
        var backlog = false;
        for (var i = 0; i < _rotated.Count; i++)
        {
            var file = _rotated[i];
            backlog |= TryDrain(file);
            if (Stopwatch.GetElapsedTime(file.LastGrowthTicks) < _options.RotatedGrace) continue;
            file.FlushPartial(_sink);
            Close(file);
            _rotated.RemoveAt(i--);
        }
        return backlog;
    }

    private bool TryDrain(FollowedFile file)
    {
        try
        {
            return file.Drain(_sink, _options.PartialLineTimeout);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Warn($"{file.Path}: {InputError.Describe(e)}");
            return false;
        }
    }

    private void Walk(string root, bool initial)
    {
        var pending = new Stack<string>();
        pending.Push(root);
        // Invariant: only real directories are pushed (links to directories are not followed), so each is listed once.
        while (pending.TryPop(out var directory))
        {
            Watch(Path.GetFullPath(directory));
            try
            {
                foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos("*", s_oneLevel))
                {
                    var path = Path.Join(directory, entry.Name);
                    if (entry is DirectoryInfo && !entry.Attributes.HasFlag(FileAttributes.ReparsePoint)) pending.Push(path);
                    else Visit(path, initial);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                WarnOnce(directory, $"{directory}: {InputError.Describe(e)}");
            }
        }
    }

    private static readonly EnumerationOptions s_oneLevel = new() { RecurseSubdirectories = false, AttributesToSkip = 0, IgnoreInaccessible = false };

    /// <summary>Looks at one path: the same file as before, a renamed known file, a replacement, or a new file.</summary>
    private void Visit(string path, bool initial)
    {
        if (!FileStatus.TryGet(path, out var status) || status.Type != FileType.Regular) return;
        var key = Path.GetFullPath(path);
        _present.Add(key);
        if (_byPath.TryGetValue(key, out var current))
        {
            if (current.Device == status.Device && current.Inode == status.Inode) return;
            Unlink(key); // replaced by another file (rotation, or mv new app.log)
        }
        if (_byIdentity.TryGetValue((status.Device, status.Inode), out var known))
        {
            // Renamed within what is followed (app.log -> app.log.1 in a followed directory, or back): not read again.
            known.Path = path;
            _byPath[key] = known;
            if (known.Rotated)
            {
                known.Rotated = false;
                _rotated.Remove(known);
            }
            return;
        }
        if (_readOnce.Contains((status.Device, status.Inode))) return;
        Open(path, key, initial);
    }

    /// <summary>The path no longer names its file: the file is rotated (read until idle, then let go) unless it lives on under another followed name.</summary>
    private void Unlink(string key)
    {
        var file = _byPath[key];
        _byPath.Remove(key);
        if (Path.GetFullPath(file.Path) != key || file.Rotated) return; // an alias of a file renamed within the followed paths
        file.Rotated = true;
        _rotated.Add(file);
    }

    private void Open(string path, string key, bool initial)
    {
        Microsoft.Win32.SafeHandles.SafeFileHandle? handle = null;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            // The identity of what was opened, not of what the path named a moment before.
            if (!FileStatus.TryGet(handle, out var status) || status.Type != FileType.Regular) return;
            if (_byIdentity.ContainsKey((status.Device, status.Inode))) return;
            Span<byte> magic = stackalloc byte[2];
            if (RandomAccess.Read(handle, magic, 0) == 2 && magic[0] == 0x1F && magic[1] == 0x8B)
            {
                ReadOnce(path, handle, status);
                handle = null;
                return;
            }
            // Resuming, a file the checkpoint does not know is new since then: read from its start.
            var resumed = _resume?.Take(handle, status);
            var start = resumed?.Offset ?? (initial && _options.FromEnd && _resume?.Resuming != true ? LastLineEnd(handle, status.Size) : 0);
            var file = new FollowedFile(_nextId++, path, handle, status, start, resumed?.Lines ?? 0);
            handle = null;
            _byIdentity[(status.Device, status.Inode)] = file;
            _byPath[key] = file;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            WarnOnce(key, $"{path}: {InputError.Describe(e)}");
        }
        finally
        {
            handle?.Dispose();
        }
    }

    private void ReadOnce(string path, Microsoft.Win32.SafeHandles.SafeFileHandle handle, FileStatus status)
    {
        _readOnce.Add((status.Device, status.Inode));
        using var file = new FollowedFile(_nextId++, path, handle, status, 0);
        try
        {
            using var stream = new GzipVerifyingStream(file.OpenStream());
            _sink.ReadOnce(file, stream);
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            Warn($"{path}: {InputError.Describe(e)}");
        }
    }

    /// <summary>Where <c>--from end</c> starts: after the last LF of the file (its unterminated last line, if any, is read when it completes).</summary>
    private static long LastLineEnd(Microsoft.Win32.SafeHandles.SafeFileHandle handle, long size)
    {
        Span<byte> tail = stackalloc byte[4096];
        var end = size;
        // Invariant: no LF in [end, size); each pass looks at up to 4 KiB before `end`, at most 1 MiB in all (a longer last line starts at `size`).
        while (end > 0 && size - end < LineBlockCutter.MaxLineBytes)
        {
            var length = (int)Math.Min(tail.Length, end);
            var read = RandomAccess.Read(handle, tail[..length], end - length);
            var lf = tail[..read].LastIndexOf((byte)'\n');
            if (lf >= 0) return end - length + lf + 1;
            end -= length;
        }
        return end == 0 ? 0 : size;
    }

    private void Watch(string directory)
    {
        if (_inotify is null || _inotify.TryWatch(directory, out var error)) return;
        Warn($"polling every {_pollInterval.TotalMilliseconds:0} ms: {error}");
        _inotify.Dispose();
        _inotify = null;
    }

    private void Close(FollowedFile file)
    {
        _byIdentity.Remove((file.Device, file.Inode));
        _sink.LetGo(file);
        file.Dispose();
    }

    private void Warn(string message) => _warnings.Write($"fastlog: warning: {message}\n");

    private void WarnOnce(string key, string message)
    {
        if (_warned.Add(key)) Warn(message);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var file in _byIdentity.Values) file.Dispose();
        _byIdentity.Clear();
        _byPath.Clear();
        _rotated.Clear();
        _inotify?.Dispose();
        _resume?.Dispose();
    }
}
