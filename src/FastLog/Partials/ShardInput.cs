using System.IO.Hashing;

namespace FastLog.Partials;

/// <summary>
/// One input a partial covers: what the report lists about it, and its identity. Merge refuses a
/// set in which two partials cover the same content (<see cref="Size"/> and <see cref="ContentHash"/>),
/// whatever path or host it was read under.
/// </summary>
/// <param name="Path">The path as given to the run (<c>-</c> for stdin).</param>
/// <param name="Format">The format read, or null when the input was not read.</param>
/// <param name="FormatGuessed">True when no format was recognised and combined was assumed.</param>
/// <param name="Bytes">Bytes read (decompressed for gzip).</param>
/// <param name="Lines">Lines read.</param>
/// <param name="Size">Size of the file as stored (compressed for gzip); -1 for a stream.</param>
/// <param name="ModifiedUnixSeconds">Modification time of the file; 0 for a stream.</param>
/// <param name="ContentHash">XxHash128 of the file's bytes as stored; for a stream (stdin, a FIFO), of the partial's state, since the stream cannot be read twice.</param>
public sealed record ShardInput(string Path, string? Format, bool FormatGuessed, long Bytes, long Lines, long Size, long ModifiedUnixSeconds, UInt128 ContentHash)
{
    /// <summary>
    /// Size, modification time and XxHash128 of the regular file at <paramref name="path"/>, read
    /// once more from start to end (about 10 GB/s from the page cache); null for anything else.
    /// </summary>
    public static (long Size, long Modified, UInt128 Hash)? Fingerprint(string path)
    {
        var info = new FileInfo(path);
        if (path == "-" || !info.Exists || (info.Attributes & FileAttributes.Device) != 0) return null;
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
        if (!file.CanSeek) return null;
        var hash = new XxHash128();
        var buffer = new byte[1 << 20];
        long size = 0;
        int read;
        // Invariant: hash covers bytes [0, size) of the file.
        while ((read = file.Read(buffer)) > 0)
        {
            hash.Append(buffer.AsSpan(0, read));
            size += read;
        }
        return (size, new DateTimeOffset(info.LastWriteTimeUtc).ToUnixTimeSeconds(), hash.GetCurrentHashAsUInt128());
    }

    /// <summary>The identity as merge names it in a refusal.</summary>
    public string Describe() => $"'{Path}' ({(Size >= 0 ? $"{Size} bytes, " : "")}content {ContentHash:x32})";
}
