using System.Runtime.CompilerServices;

namespace FastLog.Scanning;

/// <summary>The scalar reference of <see cref="IJsonBlockClassifier"/>: one byte at a time.</summary>
public readonly struct JsonBlockClassifierScalar : IJsonBlockClassifier
{
    /// <inheritdoc/>
    public static string Name => "scalar";

    /// <inheritdoc/>
    public static void Classify(ref byte block, out JsonBlockMasks masks)
    {
        masks = default;
        // Invariant: bits [0, i) of every mask are final; 64 iterations.
        for (var i = 0; i < 64; i++)
        {
            var b = Unsafe.Add(ref block, i);
            var bit = 1UL << i;
            switch (b)
            {
                case ByteSets.Quote: masks.Quote |= bit; break;
                case ByteSets.Backslash: masks.Backslash |= bit; break;
                case ByteSets.OpenBrace or ByteSets.CloseBrace or ByteSets.OpenBracket or ByteSets.CloseBracket or ByteSets.Colon or ByteSets.Comma: masks.Operator |= bit; break;
                case ByteSets.Space or ByteSets.Tab or ByteSets.Lf or ByteSets.Cr: masks.Whitespace |= bit; break;
            }
            if (b < ByteSets.FirstPrintable) masks.Control |= bit;
        }
    }
}
