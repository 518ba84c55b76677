namespace FastLog.Input.Follow;

/// <summary>
/// What a followed run has counted (detect's rule windows, count's table), kept in the
/// <c>--state</c> checkpoint beside the offsets, so that a restart goes on counting where the
/// offsets resume: an attack whose window spans the restart is still found, once.
/// </summary>
public interface ICheckpointedState
{
    /// <summary>
    /// The command and a hash of the options that shape the counts (rule options, rules files,
    /// <c>--where</c>, …): a checkpoint saved with another kind is refused rather than mixed.
    /// </summary>
    string Kind { get; }

    /// <summary>The counts as bytes; called after a pass, when they cover exactly the lines before the offsets.</summary>
    byte[] Save();

    /// <summary>Puts back what <see cref="Save"/> wrote (before any line is read).</summary>
    /// <exception cref="InvalidDataException">The bytes are not a state of this kind.</exception>
    void Load(byte[] saved);
}
