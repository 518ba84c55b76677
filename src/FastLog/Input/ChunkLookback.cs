using FastLog.Formats;
using Microsoft.Win32.SafeHandles;

namespace FastLog.Input;

/// <summary>
/// Reads the lines before a chunk of a regular file for an <see cref="IContextualBlockParser"/>:
/// every line starting within the parser's lookback before the chunk, and the line just before
/// it unless that line is longer than <see cref="LineBlockCutter.MaxLineBytes"/> (the cutter skips
/// such a line, so no parser ever sees it).
/// </summary>
public static class ChunkLookback
{
    /// <summary>First step when searching backwards for the start of the line before the chunk.</summary>
    private const int StepBytes = 64 * 1024;

    /// <summary>
    /// Fills <paramref name="buffer"/> (grown as needed) with whole lines ending at
    /// <paramref name="chunkStart"/> and returns their length; <paramref name="offset"/> is the
    /// file offset of the first. Empty at the start of the file.
    /// </summary>
    public static int Read(SafeFileHandle file, long chunkStart, int lookbackBytes, ref byte[] buffer, out long offset)
    {
        offset = chunkStart;
        if (chunkStart == 0) return 0;
        // One byte more than the lookback: the LF before a line that starts exactly lookbackBytes back.
        var want = (long)lookbackBytes + 1;
        var step = (long)Math.Max(want, StepBytes);
        // Invariant: each pass reads [regionStart, chunkStart); the region at least doubles, and the
        // loop ends at the file start or once it is longer than the longest line the cutter keeps.
        while (true)
        {
            var regionStart = Math.Max(0, chunkStart - step);
            var length = (int)(chunkStart - regionStart);
            if (buffer.Length < length) buffer = new byte[Math.Max(length, buffer.Length * 2)];
            var region = buffer.AsSpan(0, length);
            ReadExactly(file, region, regionStart);
            // Byte chunkStart - 1 is the LF that ends the previous line (chunks are newline-aligned).
            var previousStart = region[..^1].LastIndexOf((byte)'\n') + 1;
            var previousFound = previousStart > 0 || regionStart == 0;
            if (!previousFound && length <= LineBlockCutter.MaxLineBytes + 1)
            {
                step *= 2;
                continue;
            }
            if (!previousFound) return 0; // the previous line is too long: the cutter skipped it, and nothing before it is within reach
            if (length - previousStart > LineBlockCutter.MaxLineBytes + 1) previousStart = length; // same: the previous line was skipped
            // The lookback: lines that start at or after chunkStart - lookbackBytes (the first LF at or after want back ends the line before them).
            var lookbackFrom = Math.Max(0, length - (int)Math.Min(want, length));
            var first = regionStart == 0 && lookbackFrom == 0 ? 0 : region[lookbackFrom..].IndexOf((byte)'\n') + lookbackFrom + 1;
            var start = Math.Min(first, previousStart);
            region[start..].CopyTo(buffer);
            offset = regionStart + start;
            return length - start;
        }
    }

    private static void ReadExactly(SafeFileHandle file, Span<byte> destination, long fileOffset)
    {
        var done = 0;
        while (done < destination.Length)
        {
            var read = RandomAccess.Read(file, destination[done..], fileOffset + done);
            if (read <= 0) throw new InputChangedException($"file shrank while being read (short read at offset {fileOffset + done})");
            done += read;
        }
    }
}
