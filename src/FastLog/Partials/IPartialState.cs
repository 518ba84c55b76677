namespace FastLog.Partials;

/// <summary>
/// State that can leave the process as a partial and come back (<c>--partial</c>, <c>merge</c>).
/// </summary>
/// <remarks>
/// Contract (tested): reading what <see cref="WriteState"/> wrote into a fresh instance built with
/// the same options, then merging it, equals merging the original. Writing is deterministic: where
/// the in-memory order depends on thread scheduling (table ids), keys are written sorted, so the
/// same input gives the same bytes.
/// </remarks>
public interface IPartialState
{
    /// <summary>Writes the whole state.</summary>
    void WriteState(PartialWriter writer);

    /// <summary>Reads a state written by <see cref="WriteState"/> into this fresh (empty) instance.</summary>
    void ReadState(PartialReader reader);
}
