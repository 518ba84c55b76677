namespace FastLog.Aggregation;

/// <summary>
/// An aggregator that needs the whole chunk plan before the first chunk starts (to emit chunks in
/// input order, it must know which chunk comes after which).
/// </summary>
public interface IChunkPlanObserver
{
    /// <summary>
    /// Called once per worker, before any <see cref="IChunkObserver.ChunkStarted"/>:
    /// <paramref name="chunksPerInput"/>[i] is the number of chunks of input i (1 for a stream,
    /// 0 for an input that could not be opened). Every planned chunk is later started and
    /// finished exactly once, unless the run is cancelled.
    /// </summary>
    void ChunksPlanned(IReadOnlyList<int> chunksPerInput);
}
