using FastLog.Diagnostics;

namespace FastLog.Generation;

/// <summary>
/// The output of one segment: whole lines in a reusable buffer, plus where the lines meant to be
/// malformed end and which scenario each attack line belongs to, so a <c>--size</c> cut in the
/// middle of the segment can still count exactly what was written.
/// </summary>
public sealed class GeneratedSegment
{
    private byte[] _buffer;

    /// <summary>Creates a segment with room for <paramref name="capacity"/> bytes (it grows when needed).</summary>
    public GeneratedSegment(int capacity = 1 << 22) => _buffer = new byte[capacity];

    /// <summary>The segment's index in the run.</summary>
    public long Index { get; internal set; }

    /// <summary>Bytes written: <c>Buffer[0..Length)</c>, whole lines, each ending with LF.</summary>
    public int Length { get; internal set; }

    /// <summary>Lines written.</summary>
    public int Lines { get; internal set; }

    /// <summary>The buffer (valid up to <see cref="Length"/>).</summary>
    public byte[] Buffer => _buffer;

    /// <summary>End offset (just past the LF) of each line meant to fail the format's grammar, blank lines included.</summary>
    public List<int> MalformedLineEnds { get; } = [];

    /// <summary>End offset (just past the LF) of each header (directive) line.</summary>
    public List<int> HeaderLineEnds { get; } = [];

    /// <summary>For each attack line: its scenario, its timestamp (Unix seconds) and its end offset.</summary>
    public List<(int Scenario, long Time, int LineEnd)> AttackLines { get; } = [];

    /// <summary>Empties the segment for reuse as segment <paramref name="index"/>.</summary>
    public void Reset(long index)
    {
        Index = index;
        Length = 0;
        Lines = 0;
        MalformedLineEnds.Clear();
        HeaderLineEnds.Clear();
        AttackLines.Clear();
    }

    /// <summary>Grows the buffer so that <paramref name="bytes"/> more bytes fit after <see cref="Length"/>.</summary>
    public byte[] Reserve(int bytes)
    {
        if (_buffer.Length - Length < bytes)
        {
            FastLogAssert.True(bytes > 0);
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + bytes)); // deliberate: rare, a segment longer than estimated
        }
        return _buffer;
    }
}
