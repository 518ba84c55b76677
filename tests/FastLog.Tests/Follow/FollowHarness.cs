using System.Diagnostics;
using System.Text;
using FastLog.Input.Follow;

namespace FastLog.Tests.Follow;

/// <summary>Collects the lines a follower hands on, as text, with the name of the file each came from.</summary>
internal sealed class CollectingSink : IFollowSink
{
    private readonly object _lock = new();
    private readonly List<string> _lines = [];

    public int Truncations;
    public int ReadOnceFiles;

    public List<string> Snapshot()
    {
        lock (_lock) return [.. _lines];
    }

    public int Count
    {
        get
        {
            lock (_lock) return _lines.Count;
        }
    }

    public int Lines(FollowedFile file, ReadOnlySpan<byte> data, bool final)
    {
        var take = final ? data.Length : data.LastIndexOf((byte)'\n') + 1;
        var text = Encoding.UTF8.GetString(data[..take]);
        lock (_lock)
        {
            foreach (var line in text.Split('\n'))
                if (line.Length > 0) _lines.Add(line);
        }
        return take;
    }

    public void ReadOnce(FollowedFile file, Stream decompressed)
    {
        Interlocked.Increment(ref ReadOnceFiles);
        var text = new StreamReader(decompressed).ReadToEnd();
        lock (_lock)
        {
            foreach (var line in text.Split('\n'))
                if (line.Length > 0) _lines.Add(line);
        }
    }

    public void Truncated(FollowedFile file, long droppedPartial) => Interlocked.Increment(ref Truncations);

    public void LetGo(FollowedFile file)
    {
    }

    public void PassDone()
    {
    }

    public long LinesBefore(FollowedFile file) => file.StartLine;
}

/// <summary>A follower running on its own thread over some paths, stopped and joined on dispose.</summary>
internal sealed class RunningFollower : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private Exception? _failure;

    public RunningFollower(IEnumerable<string> paths, FollowOptions options)
    {
        Follower = new Follower(paths, options, Sink, Warnings);
        _thread = new Thread(() =>
        {
            try
            {
                Follower.Run(_stop.Token);
            }
            catch (Exception e)
            {
                _failure = e;
            }
        }) { IsBackground = true };
        _thread.Start();
    }

    public CollectingSink Sink { get; } = new();
    public StringWriter Warnings { get; } = new();
    public Follower Follower { get; }

    /// <summary>Options for a mode: inotify (the default) or polling every 50 ms.</summary>
    public static FollowOptions Options(string mode, TimeSpan? partialTimeout = null, bool fromEnd = false, string? state = null) => new()
    {
        StatePath = state,
        PollInterval = mode == "poll" ? TimeSpan.FromMilliseconds(50) : null,
        PartialLineTimeout = partialTimeout ?? TimeSpan.FromSeconds(1),
        FromEnd = fromEnd,
    };

    /// <summary>Waits until the sink holds at least <paramref name="count"/> lines (or 15 s pass).</summary>
    public void WaitFor(int count, int timeoutMs = 15_000)
    {
        var watch = Stopwatch.StartNew();
        while (Sink.Count < count && watch.ElapsedMilliseconds < timeoutMs) Thread.Sleep(10);
    }

    /// <summary>Stops the follower and returns what it handed on.</summary>
    public List<string> Stop()
    {
        _stop.Cancel();
        _thread.Join();
        if (_failure is not null) throw new InvalidOperationException("the follower failed", _failure);
        return Sink.Snapshot();
    }

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join();
        Follower.Dispose();
    }
}

/// <summary>Writes numbered lines (<c>seq=000000042 …</c>) the way a server does: one write per line, to an append-mode handle it may keep across a rotation.</summary>
internal sealed class SequenceWriter : IDisposable
{
    private readonly string _path;
    private FileStream _stream;

    public SequenceWriter(string path)
    {
        _path = path;
        _stream = Open(path);
    }

    public int Next { get; private set; }

    public static string Line(int seq) => $"seq={seq:D9} user=alice action=login padding=abcdefghijklmnopqrstuvwxyz";

    public static List<string> Expected(int count) => [.. Enumerable.Range(0, count).Select(Line)];

    private static FileStream Open(string path)
        => new(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);

    /// <summary>Writes <paramref name="count"/> lines, one write(2) each.</summary>
    public void Write(int count)
    {
        for (var i = 0; i < count; i++)
        {
            _stream.Write(Encoding.UTF8.GetBytes(Line(Next++) + "\n"));
        }
    }

    /// <summary>Opens the path again (as a server does after rotation).</summary>
    public void Reopen()
    {
        _stream.Dispose();
        _stream = Open(_path);
    }

    public void Dispose() => _stream.Dispose();
}
