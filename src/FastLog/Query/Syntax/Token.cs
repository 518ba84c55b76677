namespace FastLog.Query.Syntax;

/// <summary>One token of a <c>--where</c> expression.</summary>
/// <param name="Kind">What it is.</param>
/// <param name="Start">Index of its first character in the expression.</param>
/// <param name="Length">Its length in characters (0 for <see cref="TokenKind.End"/>).</param>
/// <param name="Text">
/// A word or operator as written; a string's or file reference's value with escapes decoded
/// (<see cref="Bytes"/> holds the exact bytes when an escape made invalid UTF-8).
/// </param>
/// <param name="Raw">A string's content exactly as written between the quotes (regular expressions use it).</param>
/// <param name="Bytes">A string's decoded value as bytes (UTF-8, <c>\xHH</c> escapes as raw bytes); null for other tokens.</param>
public sealed record Token(TokenKind Kind, int Start, int Length, string Text, string Raw, byte[]? Bytes)
{
    /// <summary>True for the word <paramref name="keyword"/>, compared ASCII case-insensitively.</summary>
    public bool Is(string keyword) => Kind == TokenKind.Word && string.Equals(Text, keyword, StringComparison.OrdinalIgnoreCase);

    /// <summary>How the token reads in an error message.</summary>
    public string Describe() => Kind switch
    {
        TokenKind.End => "the end of the expression",
        TokenKind.String => $"the string {Quote(Raw)}",
        TokenKind.FileRef => $"'@{Text}'",
        _ => $"'{Text}'",
    };

    private static string Quote(string raw) => raw.Length > 40 ? $"'{raw[..37]}...'" : $"'{raw}'";
}
