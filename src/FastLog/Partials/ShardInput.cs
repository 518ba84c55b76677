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
/// <param name="Shard">With <c>--shard</c>: the shards of the file this input covers; null for the whole input.</param>
public sealed record ShardInput(string Path, string? Format, bool FormatGuessed, long Bytes, long Lines, long Size, long ModifiedUnixSeconds, UInt128 ContentHash,
    ShardRange? Shard = null)
{
    /// <summary>
    /// Size, modification time and XxHash128 of the regular file at <paramref name="path"/>, read
    /// once more from start to end (about 10 GB/s from the page cache); null for anything else.
    /// </summary>
    public static (long Size, long Modified, UInt128 Hash)? Fingerprint(string path) => Fingerprint(path, 0, long.MaxValue);

    /// <summary>
    /// As <see cref="Fingerprint(string)"/>, with the hash of bytes <c>[<paramref name="start"/>,
    /// <paramref name="end"/>)</c> only (a shard's range; the size stays the file's).
    /// </summary>
    public static (long Size, long Modified, UInt128 Hash)? Fingerprint(string path, long start, long end)
    {
        var info = new FileInfo(path);
        if (path == "-" || !info.Exists || (info.Attributes & FileAttributes.Device) != 0) return null;
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
        if (!file.CanSeek) return null;
        var hash = new XxHash128();
        var buffer = new byte[1 << 20];
        var size = file.Length;
        var at = file.Seek(Math.Min(start, size), SeekOrigin.Begin);
        var stop = Math.Min(end, size);
        int read;
        // Invariant: hash covers bytes [start, at) of the file; at only grows, up to stop.
        while (at < stop && (read = file.Read(buffer.AsSpan(0, (int)Math.Min(buffer.Length, stop - at)))) > 0)
        {
            hash.Append(buffer.AsSpan(0, read));
            at += read;
        }
        if (at < stop) throw new IOException($"{path}: file shrank while it was fingerprinted");
        return (size, new DateTimeOffset(info.LastWriteTimeUtc).ToUnixTimeSeconds(), hash.GetCurrentHashAsUInt128());
    }

    /// <summary>The identity as merge names it in a refusal.</summary>
    public string Describe() => Shard is { } shard
        ? $"'{Path}' ({Size} bytes, {shard.Describe()})"
        : $"'{Path}' ({(Size >= 0 ? $"{Size} bytes, " : "")}content {ContentHash:x32})";
}

/// <summary>
/// The shards <c>[First, End)</c> of <see cref="Count"/> that a partial covers of one file
/// (<c>--shard I/N</c> gives <c>[I, I + 1)</c>; merge joins adjacent ranges), cut by the chunk
/// plan of <see cref="ChunkBytes"/>: merge refuses shards of one file cut differently.
/// </summary>
/// <param name="First">The first shard covered.</param>
/// <param name="End">One past the last shard covered.</param>
/// <param name="Count">The number of shards the file was cut into.</param>
/// <param name="ChunkBytes">The chunk size of the plan the shards were cut from.</param>
public sealed record ShardRange(int First, int End, int Count, long ChunkBytes)
{
    /// <summary>The range as merge names it in a refusal.</summary>
    public string Describe() => End - First == 1 ? $"shard {First} of {Count}" : $"shards {First}-{End - 1} of {Count}";
}
