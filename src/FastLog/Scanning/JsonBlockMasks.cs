namespace FastLog.Scanning;

/// <summary>
/// The byte classes of one 64-byte block of JSON text, bit <c>i</c> for byte <c>i</c>: what an
/// <see cref="IJsonBlockClassifier"/> computes with vector compares, before
/// <see cref="JsonStructuralIndex"/> resolves escapes and strings.
/// </summary>
public struct JsonBlockMasks
{
    /// <summary><c>"</c>, escaped or not.</summary>
    public ulong Quote;
    /// <summary><c>\</c>.</summary>
    public ulong Backslash;
    /// <summary>The six structural characters of RFC 8259 §2: <c>{ } [ ] : ,</c>.</summary>
    public ulong Operator;
    /// <summary>The four whitespace bytes of RFC 8259 §2: space, tab, LF, CR.</summary>
    public ulong Whitespace;
    /// <summary>Bytes below 0x20, which no JSON string may hold unescaped (RFC 8259 §7).</summary>
    public ulong Control;
}
