namespace FastLog.Input;

/// <summary>What an input is, which decides how it can be read.</summary>
public enum InputKind
{
    /// <summary>A regular file: split into chunks and read in parallel.</summary>
    File,
    /// <summary>A gzip file (by its magic bytes): decompressed as one sequential stream.</summary>
    Gzip,
    /// <summary>Standard input: one sequential stream.</summary>
    Stdin,
    /// <summary>A regular file whose records are not one per line (a CloudTrail <c>{"Records":[…]}</c> file): read as one stream through its format's reframer.</summary>
    Reframed,
}
