using Microsoft.Win32.SafeHandles;

namespace FastLog.Input;

/// <summary>
/// A pipe given by path (a FIFO, <c>&lt;(…)</c>, <c>/dev/stdin</c> on a pipe), held open from
/// the moment it is listed: closing and reopening would lose what the writer already wrote (or
/// kill it with SIGPIPE), and its bytes can be read only once. The first bytes may be peeked
/// (format detection before the run) and are then replayed by <see cref="Open"/>.
/// </summary>
public sealed class PipeInput(SafeFileHandle handle)
{
    private PrefixedStream? _peeked;
    private ReadOnlyMemory<byte> _sample;
    private bool _opened;

    /// <summary>Up to <paramref name="count"/> first bytes, read once (later calls return the same bytes).</summary>
    public ReadOnlyMemory<byte> Peek(int count)
    {
        if (_opened) throw new InvalidOperationException("the pipe was already handed over for reading");
        _peeked ??= PrefixedStream.Peek(new FileStream(handle, FileAccess.Read, 0), count, out _sample);
        return _sample;
    }

    /// <summary>The pipe's bytes from its start (the peeked ones replayed first); can be called once.</summary>
    public Stream Open()
    {
        if (_opened) throw new InvalidOperationException("a pipe can be read only once");
        _opened = true;
        return _peeked ?? (Stream)new FileStream(handle, FileAccess.Read, 0);
    }
}
