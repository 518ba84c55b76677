namespace FastLog.Scanning;

/// <summary>
/// Classifies 64 bytes of JSON text into <see cref="JsonBlockMasks"/>: the only per-ISA step of
/// the <see cref="JsonStructuralIndex"/> (escapes, strings and positions are resolved once, on
/// the masks, for every ISA).
/// </summary>
public interface IJsonBlockClassifier
{
    /// <summary>Short name, as <see cref="IStructuralScanner.Name"/>.</summary>
    static abstract string Name { get; }

    /// <summary>Classifies the 64 bytes <c>[0, 64)</c> from <paramref name="block"/>; the caller guarantees all 64 are readable.</summary>
    static abstract void Classify(ref byte block, out JsonBlockMasks masks);
}
