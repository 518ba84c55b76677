using System.Runtime.ExceptionServices;
using FastLog.Formats;

namespace FastLog.Input;

/// <summary>
/// Replays bytes already read from a stream (the sample used to detect the format), then
/// continues with the stream itself. Lets a pipe be sniffed without seeking.
/// </summary>
public sealed class PrefixedStream(byte[] prefix, int prefixLength, Stream inner) : ReadOnlyStream
{
    private int _prefixPosition;
    private long _position;
    private ExceptionDispatchInfo? _deferred;

    /// <summary>
    /// The most read ahead past an oversized first line: the longest line the cutter parses
    /// (<see cref="LineBlockCutter.MaxLineBytes"/>); a longer first line is malformed anyway.
    /// </summary>
    public const int MaxFirstLineBytes = LineBlockCutter.MaxLineBytes;

    /// <summary>
    /// Reads the first <paramref name="count"/> bytes of <paramref name="inner"/> as the sample
    /// and wraps the stream so they are read again.
    /// </summary>
    /// <remarks>
    /// When those bytes hold no LF (a first line longer than the sample), reading goes on to the
    /// end of that line (up to <see cref="MaxFirstLineBytes"/>) and the sample is the
    /// <paramref name="count"/> bytes after it: the first line is written by whoever sent the
    /// first request after a rotation, and one line must not decide a file's format. Everything
    /// read is replayed. When reading fails part-way (a corrupt or cut gzip file), the bytes
    /// before the failure are the sample and are replayed; the error is raised when the replay
    /// reaches it, so the records before it are kept.
    /// </remarks>
    public static PrefixedStream Peek(Stream inner, int count, out ReadOnlyMemory<byte> sample)
    {
        var prefix = new byte[count];
        ExceptionDispatchInfo? deferred = null;
        var filled = Fill(inner, prefix, 0, ref deferred);
        var lf = prefix.AsSpan(0, filled).IndexOf((byte)'\n');
        // Invariant: lf is the first LF in prefix[0, filled); each pass doubles the buffer, which
        // is capped, or stops at the end of input.
        while (lf < 0 && filled == prefix.Length && deferred is null && prefix.Length < MaxFirstLineBytes + 2 * count)
        {
            var searched = filled;
            Array.Resize(ref prefix, Math.Min(prefix.Length * 2, MaxFirstLineBytes + 2 * count));
            filled = Fill(inner, prefix, filled, ref deferred);
            var found = prefix.AsSpan(searched, filled - searched).IndexOf((byte)'\n');
            if (found >= 0) lf = searched + found;
        }
        if (lf >= 0 && lf >= count)
        {
            // An oversized first line: make sure `count` bytes after it are read, then sample those.
            if (filled < lf + 1 + count && filled == prefix.Length && deferred is null)
            {
                Array.Resize(ref prefix, lf + 1 + count);
                filled = Fill(inner, prefix, filled, ref deferred);
            }
            if (lf + 1 < filled)
            {
                sample = prefix.AsMemory(lf + 1, Math.Min(count, filled - lf - 1));
                return new PrefixedStream(prefix, filled, inner) { _deferred = deferred };
            }
        }
        sample = prefix.AsMemory(0, Math.Min(filled, count));
        return new PrefixedStream(prefix, filled, inner) { _deferred = deferred };
    }

    /// <summary>Reads into <c>buffer[filled..]</c> until it is full or the input ends; returns the new fill. A decoding error is kept in <paramref name="deferred"/>.</summary>
    private static int Fill(Stream inner, byte[] buffer, int filled, ref ExceptionDispatchInfo? deferred)
    {
        try
        {
            while (filled < buffer.Length)
            {
                var n = inner.Read(buffer, filled, buffer.Length - filled);
                if (n == 0) break;
                filled += n;
            }
        }
        catch (InvalidDataException e)
        {
            deferred = ExceptionDispatchInfo.Capture(e);
        }
        return filled;
    }

    /// <inheritdoc/>
    public override int Read(Span<byte> buffer)
    {
        int n;
        if (_prefixPosition < prefixLength)
        {
            n = Math.Min(buffer.Length, prefixLength - _prefixPosition);
            prefix.AsSpan(_prefixPosition, n).CopyTo(buffer);
            _prefixPosition += n;
        }
        else
        {
            _deferred?.Throw();
            n = inner.Read(buffer);
        }
        _position += n;
        return n;
    }

    /// <summary>Bytes read so far (decompressed bytes for gzip).</summary>
    public override long BytesRead => _position;

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
