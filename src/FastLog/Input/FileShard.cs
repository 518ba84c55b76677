namespace FastLog.Input;

/// <summary>
/// Shard <see cref="Index"/> of <see cref="Count"/> of every input (<c>--shard I/N</c>): of a
/// regular file, the chunks <c>c</c> of its plan (<see cref="ChunkPlanner"/>) with
/// <c>c·N / C = I</c> (C chunks), a contiguous run; an input that is not cut into chunks (a stream,
/// a gzip file, a reframed JSON document) belongs whole to shard 0. A chunk is read with the
/// lines before it (<see cref="ChunkLookback"/>), so the shards of a file together parse exactly
/// as one run over it does, parser context included.
/// </summary>
/// <param name="Index">The shard, 0 ≤ Index &lt; Count.</param>
/// <param name="Count">The number of shards.</param>
public readonly record struct FileShard(int Index, int Count)
{
    /// <summary>
    /// The chunk size of the plan the shards of a file of <paramref name="length"/> bytes are cut
    /// from: <paramref name="chunkBytes"/> (<c>--chunk-size</c>) when given, else one run's choice
    /// made small enough for about 4 chunks per shard (so no shard is left empty), at least 64 KiB.
    /// It depends only on the length and <see cref="Count"/>, so every shard plans alike.
    /// </summary>
    public long ChunkBytes(long length, long? chunkBytes)
        => chunkBytes ?? Math.Min(ChunkPlanner.ChooseChunkBytes(length), Math.Max(64L << 10, length / (4L * Count)));

    /// <summary>Whether chunk <paramref name="chunk"/> of <paramref name="chunks"/> is this shard's.</summary>
    public bool Owns(int chunk, int chunks) => (long)chunk * Count / chunks == Index;
}
