namespace FastLog.Input.Follow;

/// <summary>
/// The sink failed (its output closed, a disk filled): carried out of <see cref="Follower.Run"/>
/// as is, where a failure to read a followed file is only a warning.
/// </summary>
public sealed class SinkFailedException(Exception inner) : Exception("the follow sink failed: " + inner.Message, inner);
