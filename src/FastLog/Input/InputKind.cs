namespace FastLog.Input;

/// <summary>What an input is, which decides how it can be read.</summary>
public enum InputKind
{
    /// <summary>A regular file with a size: split into chunks and read in parallel.</summary>
    File,
    /// <summary>A gzip file (by its magic bytes): decompressed as one sequential stream.</summary>
    Gzip,
    /// <summary>Standard input: one sequential stream.</summary>
    Stdin,
    /// <summary>A regular file whose records are not one per line (a CloudTrail <c>{"Records":[…]}</c> file): read as one stream through its format's reframer.</summary>
    Reframed,
    /// <summary>
    /// A pipe that is not standard input: a FIFO, <c>&lt;(…)</c>, <c>/dev/stdin</c> on a pipe, a
    /// socket. It cannot be reopened or read twice, so the handle opened when listing it is kept
    /// (<see cref="InputSource.Pipe"/>) and read once, to its end, as one stream.
    /// </summary>
    Pipe,
    /// <summary>
    /// A file that reports no size but may have content: <c>/proc</c> and <c>/sys</c> files,
    /// character and block devices (and empty regular files). Read as one stream until end of
    /// file, at most <see cref="InputSource.MaxUnsizedBytes"/>, since a device such as
    /// <c>/dev/zero</c> never ends.
    /// </summary>
    Unsized,
}
