namespace FastLog.Aggregation;

/// <summary>
/// An aggregator that wants to know where chunks begin and end (for example to emit records in
/// input order: one worker handles a chunk from start to end, but chunks finish in any order).
/// </summary>
public interface IChunkObserver
{
    /// <summary>The worker starts chunk <paramref name="chunkIndex"/> of input <paramref name="inputIndex"/>; batches until <see cref="ChunkFinished"/> come from it, in order.</summary>
    void ChunkStarted(int inputIndex, int chunkIndex);

    /// <summary>The worker finished the chunk (also when it failed part-way).</summary>
    void ChunkFinished(int inputIndex, int chunkIndex);
}
