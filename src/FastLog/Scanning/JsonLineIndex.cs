namespace FastLog.Scanning;

/// <summary>
/// What <see cref="JsonStructuralIndex"/> found in one line of JSON text.
/// </summary>
/// <param name="Count">
/// Entries written to the positions span, ascending: every unescaped quote (a string's opening
/// and closing quote, in pairs unless the last string is unterminated), every <c>{ } [ ] : ,</c>
/// outside strings, and outside strings the first byte of every run of other non-whitespace bytes
/// (the start of a number, a literal, or garbage).
/// </param>
/// <param name="EscapeCount">
/// Entries written to the escapes span, ascending: the offset of every backslash inside a string
/// that escapes the next byte (a string holds escapes exactly when one of them falls inside it).
/// </param>
/// <param name="BadString">
/// A string holds a control byte (below 0x20) or an escape that RFC 8259 §7 does not allow
/// (<c>\x</c>, <c>\u12G4</c>, a backslash at the end of the line): the line is not JSON.
/// </param>
public readonly record struct JsonLineIndex(int Count, int EscapeCount, bool BadString);
