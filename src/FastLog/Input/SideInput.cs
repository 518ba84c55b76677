namespace FastLog.Input;

/// <summary>
/// Reads a side input whole — a <c>--rules</c> file, a <c>--geoip</c> database, an
/// <c>@FILE</c> value list — as a stream with a cap, so a pipe (<c>--rules &lt;(…)</c>), a FIFO
/// or <c>/proc</c> file reads like a regular file, and <c>/dev/zero</c> stops with an error at
/// the cap instead of growing without bound.
/// </summary>
public static class SideInput
{
    /// <summary>64 KiB: the first buffer when the size is unknown (a pipe); it doubles as bytes come.</summary>
    private const int UnknownSizeBufferBytes = 64 * 1024;

    /// <summary>The bytes of <paramref name="path"/>, at most <paramref name="maxBytes"/> of them.</summary>
    /// <exception cref="InputTooLargeException">There are more than <paramref name="maxBytes"/> bytes.</exception>
    /// <exception cref="IOException">The file cannot be opened or read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    public static byte[] ReadAll(string path, long maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxBytes, (long)Array.MaxLength);
        var tooLarge = $"larger than {Size(maxBytes)}";
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        // A regular file's size sizes the buffer; pipes, devices and /proc files report 0.
        var size = FileStatus.TryGet(handle, out var status) && status.Type == FileType.Regular ? status.Size : 0;
        if (size > maxBytes) throw new InputTooLargeException(tooLarge);
        using var stream = new CappedStream(new FileStream(handle, FileAccess.Read, 0), maxBytes, tooLarge);
        return ReadToEnd(stream, size > 0 ? (int)size : UnknownSizeBufferBytes, maxBytes);
    }

    private static byte[] ReadToEnd(Stream stream, int firstBufferBytes, long maxBytes)
    {
        var first = new byte[firstBufferBytes];
        var filled = Fill(stream, first);
        if (filled < first.Length) return first[..filled];
        Span<byte> probe = stackalloc byte[1];
        if (stream.Read(probe) == 0) return first; // the size was right: the buffer is the content
        // More bytes than the size said (a pipe): segments, each as large as all before it, joined
        // once at the end. Growing one array by doubling would copy everything at each step and
        // hold 1.5x the data at the last one.
        var segments = new List<(byte[] Buffer, int Length)> { (first, first.Length), ([probe[0]], 1) };
        long total = first.Length + 1L;
        // Invariant: the segments hold every byte read, total of them, and total <= maxBytes (the
        // capped stream throws past it); each pass reads one segment and ends the loop unless it is full.
        while (true)
        {
            var segment = new byte[(int)Math.Max(1, Math.Min(total, maxBytes - total))];
            var read = Fill(stream, segment);
            segments.Add((segment, read));
            total += read;
            if (read < segment.Length) break;
        }
        var content = new byte[total];
        var at = 0;
        foreach (var (buffer, length) in segments)
        {
            buffer.AsSpan(0, length).CopyTo(content.AsSpan(at));
            at += length;
        }
        return content;
    }

    /// <summary>Reads until <paramref name="buffer"/> is full or the stream ends; returns the bytes read.</summary>
    private static int Fill(Stream stream, byte[] buffer)
    {
        var filled = 0;
        int read;
        while (filled < buffer.Length && (read = stream.Read(buffer.AsSpan(filled))) > 0) filled += read;
        return filled;
    }

    private static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 when bytes % (1L << 30) == 0 => $"{bytes >> 30} GiB",
        >= 1L << 20 when bytes % (1L << 20) == 0 => $"{bytes >> 20} MiB",
        _ => $"{bytes} bytes",
    };
}
