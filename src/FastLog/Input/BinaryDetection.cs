using System.Globalization;

namespace FastLog.Input;

/// <summary>
/// Recognises inputs that are not UTF-8 text from their first bytes (the detection sample): UTF-16
/// text, executables and images, archives and compressed data FastLog does not decode, and other
/// binary data. Such an input is skipped with one message instead of flooding the report with
/// malformed lines (each would be "line too long" or "missing fields").
/// </summary>
/// <remarks>
/// NUL regions (runs of NULs at a line start) are damage inside a text log, not binary data, and
/// NULs elsewhere count as data too (NUL is data): only the shapes below decide. gzip and Parquet
/// are read, so they are never reported here.
/// </remarks>
public static class BinaryDetection
{
    /// <summary>Bytes examined for the NUL-every-other-byte shape of UTF-16 without a byte-order mark.</summary>
    private const int Utf16ProbeBytes = 4096;

    /// <summary>Shortest sample the control-byte ratio is judged on: a few lines could tip it.</summary>
    private const int MinRatioBytes = 1024;

    /// <summary>
    /// 5 %: text logs hold almost none of these control bytes (an escaped TLS handshake is text);
    /// random, encrypted or compressed data holds about 25/256, nearly 10 %.
    /// </summary>
    private const double MaxControlRatio = 0.05;

    private static readonly (byte[] Magic, string Message)[] s_magics =
    [
        ([0x7F, (byte)'E', (byte)'L', (byte)'F'], "an ELF executable or library, not a log"),
        ([(byte)'P', (byte)'K', 0x03, 0x04], "a ZIP archive: extract the logs first (unzip -p FILE | fastlog COMMAND -)"),
        ([(byte)'P', (byte)'K', 0x05, 0x06], "an empty ZIP archive, not a log"),
        ([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], "a PNG image, not a log"),
        ([0xFF, 0xD8, 0xFF], "a JPEG image, not a log"),
        ([0x28, 0xB5, 0x2F, 0xFD], "compressed with zstd: decompress first (zstd -dc FILE | fastlog COMMAND -)"),
        ([(byte)'B', (byte)'Z', (byte)'h'], "compressed with bzip2: decompress first (bzip2 -dc FILE | fastlog COMMAND -)"),
        ([0xFD, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0x00], "compressed with xz: decompress first (xz -dc FILE | fastlog COMMAND -)"),
        ([0x04, 0x22, 0x4D, 0x18], "compressed with lz4: decompress first (lz4 -dc FILE | fastlog COMMAND -)"),
        ([(byte)'7', (byte)'z', 0xBC, 0xAF, 0x27, 0x1C], "a 7-Zip archive: extract the logs first"),
    ];

    /// <summary>Why <paramref name="sample"/> (an input's first bytes) is not a text log, or null when it may be one.</summary>
    public static string? Describe(ReadOnlySpan<byte> sample)
    {
        foreach (var (magic, message) in s_magics)
        {
            // bzip2's "BZh" is followed by the block size digit 1-9, so a line starting "BZh" is not enough.
            if (sample.StartsWith(magic) && (magic[0] != (byte)'B' || (sample.Length > 3 && sample[3] is >= (byte)'1' and <= (byte)'9')))
                return message;
        }
        if (Utf16Order(sample) is { } order)
            return $"looks like UTF-16{order} text: convert with iconv -f UTF-16{order} -t UTF-8 FILE | fastlog COMMAND -";
        return ControlRatio(sample) is var ratio && ratio > MaxControlRatio
            ? $"binary data, not a text log ({(ratio * 100).ToString("0", CultureInfo.InvariantCulture)}% of the first {sample.Length} bytes are control bytes)"
            : null;
    }

    /// <summary>"LE" or "BE" when the sample is UTF-16 (a byte-order mark, or NULs in every other byte); null otherwise.</summary>
    private static string? Utf16Order(ReadOnlySpan<byte> sample)
    {
        if (sample.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE])) return "LE";
        if (sample.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])) return "BE";
        var probe = sample[..(Math.Min(sample.Length, Utf16ProbeBytes) & ~1)];
        if (probe.Length < 16) return null;
        int evenNul = 0, oddNul = 0;
        // Invariant: [0, i) counted; i is even, so probe[i + 1] exists.
        for (var i = 0; i < probe.Length; i += 2)
        {
            if (probe[i] == 0) evenNul++;
            if (probe[i + 1] == 0) oddNul++;
        }
        // ASCII in UTF-16: the high byte of each unit is NUL, the low one is not; a NUL region
        // (NULs in both) or NULs inside lines do not have this shape.
        var units = probe.Length / 2;
        if (oddNul * 10 >= units * 9 && evenNul * 10 <= units) return "LE";
        if (evenNul * 10 >= units * 9 && oddNul * 10 <= units) return "BE";
        return null;
    }

    /// <summary>The share of C0 control bytes other than NUL, tab, LF, VT, FF, CR and ESC; 0 for a sample too short to judge.</summary>
    private static double ControlRatio(ReadOnlySpan<byte> sample)
    {
        if (sample.Length < MinRatioBytes) return 0;
        var controls = 0;
        foreach (var b in sample)
        {
            if (b is (>= 0x01 and <= 0x08) or (>= 0x0E and <= 0x1A) or (>= 0x1C and <= 0x1F)) controls++;
        }
        return (double)controls / sample.Length;
    }
}
