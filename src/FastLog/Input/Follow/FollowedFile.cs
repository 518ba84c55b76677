using System.Diagnostics;
using Microsoft.Win32.SafeHandles;

namespace FastLog.Input.Follow;

/// <summary>
/// One file being followed: its open descriptor (which keeps reading the inode after a rename or
/// delete), its identity, the offset of the end of the last whole line handed on, and the bytes
/// of an unterminated line read past it.
/// </summary>
/// <remarks>
/// Reads are <c>pread</c>s at explicit offsets (<see cref="RandomAccess"/>), never a mapping: a
/// truncated mapped file raises SIGBUS. The committed offset only moves past whole lines, so a
/// line is never split across two records however the writer's <c>write</c> calls fall.
/// </remarks>
public sealed class FollowedFile : IDisposable
{
    /// <summary>32 bytes: the last bytes read, checked again before reading on, so a rewrite that kept the first bytes (a shared header) is noticed too.</summary>
    public const int AnchorBytes = 32;

    /// <summary>1 KiB: the first bytes kept to tell a rewritten file (copytruncate that grew back) from a grown one.</summary>
    public const int PrefixBytes = 1024;

    /// <summary>4 MiB: most bytes held for one unterminated line; a longer line is handed on as too long and skipped to its LF.</summary>
    public const int MaxBufferBytes = 4 * LineBlockCutter.MaxLineBytes;

    /// <summary>16 MiB: most bytes read from one file in one pass, so one busy file cannot starve the others.</summary>
    public const int MaxBytesPerPass = 16 << 20;

    private readonly SafeFileHandle _handle;
    private readonly byte[] _prefix = new byte[PrefixBytes];
    private readonly byte[] _anchor = new byte[AnchorBytes];
    private int _anchorLength; // the last _anchorLength bytes before ReadOffset
    private byte[] _buffer = new byte[64 * 1024];
    private int _filled; // bytes in _buffer after Committed: an unterminated line, or lines the sink left
    private int _prefixLength;
    private bool _skipping; // inside a too-long line already handed on; bytes up to its LF are dropped

    internal FollowedFile(int id, string path, SafeFileHandle handle, FileStatus status, long start, long startLine = 0)
    {
        StartLine = startLine;
        Id = id;
        Path = path;
        _handle = handle;
        Device = status.Device;
        Inode = status.Inode;
        Committed = start;
        LastGrowthTicks = Stopwatch.GetTimestamp();
    }

    /// <summary>Numbers the files of a follow session in the order they were first opened (the input index of their records).</summary>
    public int Id { get; }

    /// <summary>The name the file was last seen under.</summary>
    public string Path { get; internal set; }

    /// <summary>Device of the inode.</summary>
    public ulong Device { get; }

    /// <summary>The inode.</summary>
    public ulong Inode { get; }

    /// <summary>Offset of the end of the last whole line handed on: where a restart resumes.</summary>
    public long Committed { get; private set; }

    /// <summary>Lines before the offset reading started at (resumed from a checkpoint: the lines read before the restart).</summary>
    public long StartLine { get; }

    /// <summary>True once the file was renamed away from its followed path or deleted: read until idle, then let go.</summary>
    public bool Rotated { get; internal set; }

    /// <summary>Times the file was truncated or rewritten and read again from 0.</summary>
    public int Truncations { get; private set; }

    internal long LastGrowthTicks { get; private set; }

    internal bool HasPartial => _filled > 0 && !_skipping;

    /// <summary>Offset of the next byte to read.</summary>
    private long ReadOffset => Committed + _filled;

    /// <summary>Links to the inode (0 once deleted), or -1 when it cannot be read.</summary>
    internal long Links
    {
        get
        {
            var added = false;
            try
            {
                _handle.DangerousAddRef(ref added);
                return Statx.TryRead((int)_handle.DangerousGetHandle(), "", Statx.AtEmptyPath, out var status, out _) ? status.Links : -1;
            }
            finally
            {
                if (added) _handle.DangerousRelease();
            }
        }
    }

    /// <summary>
    /// Reads what was appended since the last pass and hands whole lines to
    /// <paramref name="sink"/>; a file that shrank, or that grew while its first bytes or the
    /// bytes before the read offset changed (truncated and written past the old size between two
    /// looks), is read again from 0. An unterminated last line is handed on as final
    /// once the file has been idle for <paramref name="partialTimeout"/>. Returns true when more
    /// bytes wait than one pass reads.
    /// </summary>
    internal bool Drain(IFollowSink sink, TimeSpan partialTimeout)
    {
        var size = RandomAccess.GetLength(_handle);
        // Two preads when the file grew: cheap beside the read that follows, and the only way to
        // see a truncation the writer already wrote past (polling, or two events coalesced).
        if (size < ReadOffset || (size != ReadOffset && !ContentUnchanged()))
        {
            var dropped = _skipping ? 0 : _filled;
            Committed = 0;
            _filled = 0;
            _prefixLength = 0;
            _anchorLength = 0;
            _skipping = false;
            Truncations++;
            Call(() => sink.Truncated(this, dropped));
        }
        var grew = false;
        var budget = MaxBytesPerPass;
        // Invariant: [Committed, ReadOffset) is in _buffer[0.._filled); each pass reads at least
        // one byte or stops, and reads at most `budget` bytes in all.
        while (ReadOffset < size && budget > 0)
        {
            if (_filled == _buffer.Length) Array.Resize(ref _buffer, Math.Min(_buffer.Length * 2, MaxBufferBytes));
            var offset = ReadOffset;
            var read = RandomAccess.Read(_handle, _buffer.AsSpan(_filled, (int)Math.Min(_buffer.Length - _filled, Math.Min(size - offset, budget))), offset);
            if (read == 0) break;
            KeepPrefix(offset, _buffer.AsSpan(_filled, read));
            KeepAnchor(_buffer.AsSpan(_filled, read));
            _filled += read;
            budget -= read;
            grew = true;
            HandOn(sink);
        }
        var now = Stopwatch.GetTimestamp();
        if (grew) LastGrowthTicks = now;
        else if (HasPartial && Stopwatch.GetElapsedTime(LastGrowthTicks, now) >= partialTimeout) FlushPartial(sink);
        return budget == 0 && ReadOffset < size;
    }

    /// <summary>Hands on an unterminated last line whole (the file is let go, or idle past the timeout).</summary>
    internal void FlushPartial(IFollowSink sink)
    {
        if (!HasPartial) return;
        Lines(sink, final: true);
        Committed += _filled;
        _filled = 0;
    }

    /// <summary>Hands the buffer to the sink; a failure of the sink is wrapped so that it is never taken for a read error of this file.</summary>
    private int Lines(IFollowSink sink, bool final)
    {
        try
        {
            return sink.Lines(this, _buffer.AsSpan(0, _filled), final);
        }
        catch (Exception e)
        {
            throw new SinkFailedException(e);
        }
    }

    private static void Call(Action call)
    {
        try
        {
            call();
        }
        catch (Exception e)
        {
            throw new SinkFailedException(e);
        }
    }

    /// <summary>Hands the whole lines of the buffer to the sink and keeps the rest; a buffer full of one line hands it on as too long.</summary>
    private void HandOn(IFollowSink sink)
    {
        if (_skipping)
        {
            var lf = _buffer.AsSpan(0, _filled).IndexOf((byte)'\n');
            if (lf < 0)
            {
                Committed += _filled;
                _filled = 0;
                return;
            }
            Shift(lf + 1);
            _skipping = false;
        }
        if (_filled == 0) return;
        Shift(Lines(sink, final: false));
        if (_filled == MaxBufferBytes)
        {
            // One line fills the largest buffer: the sink counts it as too long; its rest is dropped.
            Lines(sink, final: true);
            Shift(_filled);
            _skipping = true;
        }
    }

    private void Shift(int consumed)
    {
        if (consumed == 0) return;
        _buffer.AsSpan(consumed, _filled - consumed).CopyTo(_buffer);
        _filled -= consumed;
        Committed += consumed;
    }

    private void KeepPrefix(long offset, ReadOnlySpan<byte> data)
    {
        if (offset >= PrefixBytes || offset != _prefixLength) return;
        var take = (int)Math.Min(data.Length, PrefixBytes - offset);
        data[..take].CopyTo(_prefix.AsSpan((int)offset));
        _prefixLength += take;
    }

    /// <summary>Keeps the last bytes before the read offset: those of <paramref name="buffered"/> (the bytes just read), after those of the previous anchor.</summary>
    private void KeepAnchor(ReadOnlySpan<byte> buffered)
    {
        if (buffered.Length >= AnchorBytes)
        {
            buffered[^AnchorBytes..].CopyTo(_anchor);
            _anchorLength = AnchorBytes;
            return;
        }
        // Fewer new bytes than the anchor holds: slide the old anchor left and append them.
        var keep = Math.Min(_anchorLength, AnchorBytes - buffered.Length);
        _anchor.AsSpan(_anchorLength - keep, keep).CopyTo(_anchor);
        buffered.CopyTo(_anchor.AsSpan(keep));
        _anchorLength = keep + buffered.Length;
    }

    /// <summary>
    /// True when the file still starts with the bytes read from it and still holds the bytes
    /// last read before the read offset (a copytruncate that grew back past the offset changes them).
    /// </summary>
    private bool ContentUnchanged()
    {
        Span<byte> now = stackalloc byte[PrefixBytes];
        if (_prefixLength > 0)
        {
            var read = RandomAccess.Read(_handle, now[.._prefixLength], 0);
            if (read != _prefixLength || !now[..read].SequenceEqual(_prefix.AsSpan(0, _prefixLength))) return false;
        }
        if (_anchorLength > 0 && ReadOffset >= _prefixLength + _anchorLength)
        {
            var read = RandomAccess.Read(_handle, now[.._anchorLength], ReadOffset - _anchorLength);
            if (read != _anchorLength || !now[..read].SequenceEqual(_anchor.AsSpan(0, _anchorLength))) return false;
        }
        return true;
    }

    /// <summary>This file's checkpoint entry: identity and the end of the last whole line handed on.</summary>
    internal FollowCheckpoint.Entry Checkpoint(long lines) => FollowCheckpoint.Describe(_handle, Device, Inode, Committed, lines, System.IO.Path.GetFullPath(Path));

    /// <summary>Opens the stream of a file read once (a gzip member), from its start.</summary>
    internal Stream OpenStream() => new FileStream(_handle, FileAccess.Read, 1 << 16);

    /// <inheritdoc/>
    public void Dispose() => _handle.Dispose();
}
