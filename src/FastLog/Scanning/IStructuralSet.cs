namespace FastLog.Scanning;

/// <summary>
/// The bytes a scanner reports: up to three, fixed at compile time through a generic struct
/// parameter, so each (scanner, set) pair compiles to its own loop with constant compares.
/// A format asks for the fewest bytes it can work with: every reported byte costs a decoded
/// position, so the CLF parser asks only for quotes and line feeds and finds the few spaces it
/// needs between them.
/// </summary>
public interface IStructuralSet
{
    /// <summary>First byte of the set.</summary>
    static abstract byte A { get; }
    /// <summary>Second byte (may repeat <see cref="A"/>).</summary>
    static abstract byte B { get; }
    /// <summary>Third byte (may repeat another).</summary>
    static abstract byte C { get; }
}

/// <summary>Line feed and quote: what the CLF-family parser walks (quoted fields and line ends).</summary>
public readonly struct QuoteLineFeedSet : IStructuralSet
{
    /// <inheritdoc/>
    public static byte A => ByteSets.Lf;
    /// <inheritdoc/>
    public static byte B => ByteSets.Quote;
    /// <inheritdoc/>
    public static byte C => ByteSets.Quote;
}

/// <summary>Line feed, space and quote: for space-separated formats that need every field boundary.</summary>
public readonly struct SpaceQuoteLineFeedSet : IStructuralSet
{
    /// <inheritdoc/>
    public static byte A => ByteSets.Lf;
    /// <inheritdoc/>
    public static byte B => ByteSets.Space;
    /// <inheritdoc/>
    public static byte C => ByteSets.Quote;
}
