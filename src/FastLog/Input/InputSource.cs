namespace FastLog.Input;

/// <summary>One input of a run.</summary>
/// <param name="Index">Position in the run's input list (reports keep this order).</param>
/// <param name="Path">The path as given or found in a directory; <c>-</c> for stdin.</param>
/// <param name="Kind">How it is read.</param>
/// <param name="Length">Length at open for regular and gzip files (compressed length for gzip); -1 for stdin.</param>
public sealed record InputSource(int Index, string Path, InputKind Kind, long Length);
