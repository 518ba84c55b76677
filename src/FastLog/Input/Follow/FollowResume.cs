using System.Diagnostics;
using Microsoft.Win32.SafeHandles;

namespace FastLog.Input.Follow;

/// <summary>
/// The <c>--state</c> side of a <see cref="Follower"/>: holds the lock, reads the checkpoint (and
/// puts back the counts saved with it), finds the files rotated or truncated while fastlog was
/// down, says where each opened file resumes, and writes the checkpoint every interval.
/// </summary>
internal sealed class FollowResume : IDisposable
{
    private readonly string _path;
    private readonly TimeSpan _interval;
    private readonly ICheckpointedState? _state;
    private readonly Action<string> _warn;
    private readonly StateLock _lock;
    private readonly List<FollowCheckpoint.Entry> _pending;
    private long _lastSaveTicks;

    /// <summary>Takes the lock on <paramref name="path"/> and reads it; <paramref name="state"/> gets the counts saved with it.</summary>
    /// <exception cref="IOException">The state is in use, damaged, or saved by another command or with other options.</exception>
    public FollowResume(string path, TimeSpan interval, ICheckpointedState? state, Action<string> warn)
    {
        _path = path;
        _interval = interval;
        _state = state;
        _warn = warn;
        _lock = StateLock.Take(path);
        try
        {
            FollowCheckpoint.RemoveLeftovers(path);
            FollowCheckpoint.Saved saved;
            try
            {
                saved = FollowCheckpoint.Load(path);
            }
            catch (InvalidDataException e)
            {
                throw new IOException($"--state {e.Message}", e);
            }
            _pending = saved.Entries;
            Resuming = _pending.Count > 0;
            LoadCounts(saved);
        }
        catch
        {
            _lock.Dispose();
            throw;
        }
    }

    /// <summary>True when the checkpoint names files: <c>--from end</c> then does not apply to the files it knows.</summary>
    public bool Resuming { get; }

    private void LoadCounts(FollowCheckpoint.Saved saved)
    {
        if (saved.State is null)
        {
            if (_state is not null && Resuming)
                _warn($"{_path} holds offsets but no saved counts (written by filter, or by an older fastlog); counting starts afresh at the saved offsets");
            return;
        }
        if (_state is null)
            throw new IOException($"--state {_path} holds the counts of '{saved.StateKind}'; this command keeps none: give it its own --state file");
        if (saved.StateKind != _state.Kind)
            throw new IOException($"--state {_path} was saved by another command or with other options that shape the counts (saved: '{saved.StateKind}', now: '{_state.Kind}'); restart with the same command and options, or give a new --state file");
        try
        {
            _state.Load(saved.State);
        }
        catch (InvalidDataException e)
        {
            throw new IOException($"--state {_path}: its saved counts cannot be read ({e.Message})", e);
        }
    }

    /// <summary>
    /// The files to drain before the live ones, in order: a checkpointed file that its path no
    /// longer names (rotated while fastlog was down) is looked for among its siblings
    /// (<c>app.log.1</c> beside <c>app.log</c>) by content, then come the files rotated after it,
    /// oldest first; an entry found nowhere is reported and dropped.
    /// </summary>
    public List<string> RotatedWhileDown()
    {
        var open = new List<string>();
        foreach (var entry in _pending.ToArray())
        {
            if (MatchesAt(entry.Path, entry)) continue; // resumed when its path is opened
            var truncated = TruncatedWhileDown(entry);
            var directory = Path.GetDirectoryName(entry.Path) ?? ".";
            var name = Path.GetFileName(entry.Path);
            string[] siblings;
            try
            {
                siblings = Directory.GetFiles(directory, name + "*");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                siblings = [];
            }
            Array.Sort(siblings, StringComparer.Ordinal);
            var found = false;
            foreach (var sibling in siblings)
            {
                if (sibling == entry.Path || !MatchesAt(sibling, entry)) continue;
                if (truncated is not null)
                    _warn($"{entry.Path}: {truncated} while fastlog was down (copytruncate): the rest of the checkpointed content is read from its copy {sibling}, then {entry.Path} from the start");
                open.Add(sibling);
                // Rotated more than once while down: the files written after it (app.log.1 when it
                // is app.log.2), oldest first, are read whole before the live file.
                var since = File.GetLastWriteTimeUtc(sibling);
                open.AddRange(siblings.Where(s => s != sibling && s != entry.Path && !s.EndsWith(".gz", StringComparison.Ordinal) && File.GetLastWriteTimeUtc(s) >= since)
                    .OrderBy(File.GetLastWriteTimeUtc));
                found = true;
                break;
            }
            if (!found && truncated is not null)
            {
                _warn($"{entry.Path}: {truncated} while fastlog was down (copytruncate) and no copy of it is beside it; reading it from the start (lines written after offset {entry.Offset} and before the truncation are lost)");
                _pending.Remove(entry);
            }
            else if (!found)
            {
                _warn($"{entry.Path}: the file checkpointed at offset {entry.Offset} is gone (no file at its path or beside it has its content); lines after that offset may be lost");
                _pending.Remove(entry);
            }
        }
        return open;
    }

    /// <summary>
    /// How the file its path names now differs from <paramref name="entry"/> when it is the same
    /// file (device, inode) cut short or rewritten (copytruncate while fastlog was down); null when
    /// the path names another file or none.
    /// </summary>
    private static string? TruncatedWhileDown(FollowCheckpoint.Entry entry)
    {
        if (!FileStatus.TryGet(entry.Path, out var status) || status.Device != entry.Device || status.Inode != entry.Inode) return null;
        return status.Size < entry.Offset
            ? $"shorter ({status.Size} bytes) than the checkpointed offset {entry.Offset}: truncated"
            : "its content before the checkpointed offset changed: truncated and written again";
    }

    private static bool MatchesAt(string path, FollowCheckpoint.Entry entry)
    {
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return FollowCheckpoint.Matches(handle, RandomAccess.GetLength(handle), entry);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Where a file opened at start resumes: the entry it matches (same inode preferred), taken, or null for a file new since the checkpoint.</summary>
    public FollowCheckpoint.Entry? Take(SafeFileHandle handle, FileStatus status)
    {
        FollowCheckpoint.Entry? match = null;
        foreach (var entry in _pending)
        {
            if (!FollowCheckpoint.Matches(handle, status.Size, entry)) continue;
            match = entry;
            if (entry.Device == status.Device && entry.Inode == status.Inode) break;
        }
        if (match is not null) _pending.Remove(match);
        return match;
    }

    /// <summary>Writes the checkpoint when due (or <paramref name="force"/>): after the sink has taken what the offsets cover.</summary>
    public void Save(IReadOnlyCollection<FollowedFile> files, IFollowSink sink, bool force)
    {
        if (!force && Stopwatch.GetElapsedTime(_lastSaveTicks) < _interval) return;
        _lastSaveTicks = Stopwatch.GetTimestamp();
        var entries = new List<FollowCheckpoint.Entry>(files.Count);
        foreach (var file in files) entries.Add(file.Checkpoint(sink.LinesBefore(file)));
        FollowCheckpoint.Save(_path, entries, _state?.Kind, _state?.Save());
    }

    public void Dispose() => _lock.Dispose();
}
