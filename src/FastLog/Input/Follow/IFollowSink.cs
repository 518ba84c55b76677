namespace FastLog.Input.Follow;

/// <summary>
/// Where a <see cref="Follower"/> hands the bytes it reads. Calls come from the follower's one
/// thread, each file's bytes in file order.
/// </summary>
public interface IFollowSink
{
    /// <summary>
    /// Takes the whole lines at the start of <paramref name="data"/> (bytes of
    /// <paramref name="file"/> from <paramref name="file"/>'s <see cref="FollowedFile.Committed"/>
    /// offset) and returns how many bytes it took; the rest is offered again with more bytes.
    /// When <paramref name="final"/>, the data is one last, unterminated line (its file was idle
    /// for the partial-line timeout, or let go) and must be taken whole.
    /// </summary>
    int Lines(FollowedFile file, ReadOnlySpan<byte> data, bool final);

    /// <summary>Reads a gzip member of a followed directory once, whole (<paramref name="decompressed"/>); it is never followed.</summary>
    void ReadOnce(FollowedFile file, Stream decompressed);

    /// <summary>
    /// <paramref name="file"/> was truncated (copytruncate) or rewritten: reading restarts at
    /// offset 0; <paramref name="droppedPartial"/> bytes of an unterminated line were dropped.
    /// </summary>
    void Truncated(FollowedFile file, long droppedPartial);

    /// <summary><paramref name="file"/> was let go (rotated or deleted, then idle past the grace period): its descriptor is closed.</summary>
    void LetGo(FollowedFile file);

    /// <summary>Lines of <paramref name="file"/> taken before its <see cref="FollowedFile.Committed"/> offset (since its start, or since it was last truncated), for the checkpoint.</summary>
    long LinesBefore(FollowedFile file);

    /// <summary>One pass over the files is done (a wake-up handled): a place to flush output.</summary>
    void PassDone();
}
