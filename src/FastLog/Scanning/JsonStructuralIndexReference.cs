namespace FastLog.Scanning;

/// <summary>
/// The specification of <see cref="JsonStructuralIndex"/>, one byte at a time with plain state:
/// what the branch-free block arithmetic must produce (tests compare every classifier with it).
/// </summary>
public static class JsonStructuralIndexReference
{
    /// <summary>Indexes <paramref name="line"/> into <paramref name="positions"/> and <paramref name="escapes"/> (at least <c>line.Length</c> entries each).</summary>
    public static JsonLineIndex Build(ReadOnlySpan<byte> line, Span<int> positions, Span<int> escapes)
    {
        var count = 0;
        var escapeCount = 0;
        var bad = false;
        var escaped = false;
        var inString = false;
        var previousScalar = false;
        // Invariant: `escaped` says whether byte i follows an escaping backslash, `inString`
        // whether an odd number of unescaped quotes precede byte i; one iteration per byte.
        for (var i = 0; i < line.Length; i++)
        {
            var b = line[i];
            var escape = b == ByteSets.Backslash && !escaped;
            var quote = b == ByteSets.Quote && !escaped;
            escaped = escape;
            if (quote) inString = !inString;
            var op = b is ByteSets.OpenBrace or ByteSets.CloseBrace or ByteSets.OpenBracket or ByteSets.CloseBracket or ByteSets.Colon or ByteSets.Comma;
            var whitespace = b is ByteSets.Space or ByteSets.Tab or ByteSets.Lf or ByteSets.Cr;
            var scalar = !(op || whitespace || quote);
            var scalarStart = scalar && !previousScalar;
            previousScalar = scalar;
            if (quote || ((op || scalarStart) && !inString)) positions[count++] = i;
            if (inString && escape) escapes[escapeCount++] = i;
            if (inString && (b < ByteSets.FirstPrintable || (escape && !JsonStructuralIndex.IsValidEscape(line, i)))) bad = true;
        }
        return new JsonLineIndex(count, escapeCount, bad);
    }
}
