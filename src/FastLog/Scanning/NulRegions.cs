namespace FastLog.Scanning;

/// <summary>
/// Where a block of whole lines stops before a NUL region: a run of NUL bytes at a line start,
/// which the input layer counts once and skips (NULs inside a line are data).
/// </summary>
public static class NulRegions
{
    /// <summary>
    /// The length of the whole lines of <paramref name="block"/> (which starts with a non-NUL
    /// byte and ends with LF) before the first line that starts with NUL; the whole block when
    /// none does.
    /// </summary>
    public static int LinesBefore(ReadOnlySpan<byte> block)
    {
        var from = 0;
        // Invariant: no line starting in [0, from) starts with NUL; each pass moves `from` past a
        // NUL, so the loop ends. NULs are rare in logs: usually one vectorised pass finds none.
        while (true)
        {
            var nul = block[from..].IndexOf((byte)0);
            if (nul < 0) return block.Length;
            from += nul;
            if (block[from - 1] == ByteSets.Lf) return from;
            var run = block[from..].IndexOfAnyExcept((byte)0);
            from += run; // the block ends with LF, so a run inside it ends
        }
    }
}
