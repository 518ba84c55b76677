namespace FastLog.Input;

/// <summary>How one input is read: what its first bytes decided and the pieces it is read in.</summary>
/// <param name="Input">The input; of kind <see cref="InputKind.Reframed"/> when its records are not one per line.</param>
/// <param name="Sniff">The format and skip decision (for a stream input: only the forced format, decided when it is opened).</param>
/// <param name="Chunks">The byte ranges to read: a regular file's line-aligned chunks, one whole-stream chunk (length -1), or none.</param>
/// <param name="Error">Why the input cannot be read (it could not be opened), or null.</param>
public sealed record InputPlan(InputSource Input, InputSniff Sniff, IReadOnlyList<LogChunk> Chunks, string? Error)
{
    /// <summary>True when the input's chunks are ranges of a regular file, each opened and mapped or read by offset.</summary>
    public bool IsChunkedFile => Input.Kind == InputKind.File && Chunks.Count > 0;
}
