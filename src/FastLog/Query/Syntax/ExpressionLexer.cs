using System.Text;

namespace FastLog.Query.Syntax;

/// <summary>
/// Splits a <c>--where</c> expression into tokens. Runs once per run, on the command line's
/// text, never on log data.
/// </summary>
/// <remarks>
/// <para>Words are runs of characters other than white space, quotes, <c>( ) [ ] ,</c> and the
/// operator characters <c>= ! &lt; &gt; ~</c>; so <c>10.0.0.0/8</c>, <c>2024-03-01T10:00:00Z</c>,
/// <c>/api/v1</c> and <c>-2h</c> are single words and need no quotes.</para>
/// <para>Strings are <c>'…'</c> or <c>"…"</c>. Escapes: <c>\\ \' \" \n \r \t \0 \xHH</c> (a
/// raw byte, so invalid UTF-8 can be matched); any other backslash is kept as written, so
/// <c>'\d+'</c> reaches a regular expression unchanged. The raw text between the quotes is kept
/// too: the <c>~</c> operator takes its pattern raw.</para>
/// </remarks>
public static class ExpressionLexer
{
    /// <summary>Tokenizes <paramref name="expression"/>; the last token is <see cref="TokenKind.End"/>.</summary>
    /// <exception cref="ExpressionException">An unterminated string, a bad escape or a lone <c>=</c> or <c>!</c>.</exception>
    public static List<Token> Tokenize(string expression)
    {
        var tokens = new List<Token>();
        var i = 0;
        // Invariant: [0, i) is tokenized; each iteration consumes at least one character.
        while (i < expression.Length)
        {
            var c = expression[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }
            var start = i;
            switch (c)
            {
                case '(':
                    tokens.Add(Simple(TokenKind.OpenParen, start, "("));
                    i++;
                    continue;
                case ')':
                    tokens.Add(Simple(TokenKind.CloseParen, start, ")"));
                    i++;
                    continue;
                case '[':
                    tokens.Add(Simple(TokenKind.OpenBracket, start, "["));
                    i++;
                    continue;
                case ']':
                    tokens.Add(Simple(TokenKind.CloseBracket, start, "]"));
                    i++;
                    continue;
                case ',':
                    tokens.Add(Simple(TokenKind.Comma, start, ","));
                    i++;
                    continue;
                case '\'' or '"':
                    tokens.Add(ReadString(expression, ref i, TokenKind.String, start));
                    continue;
                case '@':
                    i++;
                    if (i < expression.Length && expression[i] is '\'' or '"')
                    {
                        var quoted = ReadString(expression, ref i, TokenKind.FileRef, start);
                        tokens.Add(quoted with { Start = start, Length = i - start });
                        continue;
                    }
                    var pathStart = i;
                    while (i < expression.Length && IsWordChar(expression[i])) i++;
                    if (i == pathStart) throw new ExpressionException(expression, start, 1, "expected a file name after '@' (e.g. @blocklist.txt)");
                    var path = expression[pathStart..i];
                    tokens.Add(new Token(TokenKind.FileRef, start, i - start, path, path, null));
                    continue;
            }
            if (IsOperatorChar(c))
            {
                var op = ReadOperator(expression, i);
                tokens.Add(new Token(TokenKind.Operator, start, op.Length, op, op, null));
                i += op.Length;
                continue;
            }
            while (i < expression.Length && IsWordChar(expression[i])) i++;
            var word = expression[start..i];
            tokens.Add(new Token(TokenKind.Word, start, word.Length, word, word, null));
        }
        tokens.Add(new Token(TokenKind.End, expression.Length, 0, "", "", null));
        return tokens;
    }

    private static Token Simple(TokenKind kind, int start, string text) => new(kind, start, 1, text, text, null);

    private static bool IsOperatorChar(char c) => c is '=' or '!' or '<' or '>' or '~';

    private static bool IsWordChar(char c)
        => !char.IsWhiteSpace(c) && !IsOperatorChar(c) && c is not ('(' or ')' or '[' or ']' or ',' or '\'' or '"');

    private static string ReadOperator(string expression, int i)
    {
        var c = expression[i];
        var next = i + 1 < expression.Length ? expression[i + 1] : '\0';
        switch (c)
        {
            case '=' when next == '=':
                return "==";
            case '=':
                throw new ExpressionException(expression, i, 1, "'=' is not an operator: use '==' to compare");
            case '!' when next is '=' or '~':
                return expression.Substring(i, 2);
            case '!':
                throw new ExpressionException(expression, i, 1, "expected '!=' or '!~' (use 'not' to negate)");
            case '<' or '>' when next == '=':
                return expression.Substring(i, 2);
            default:
                return c.ToString();
        }
    }

    /// <summary>Reads a quoted string starting at <paramref name="i"/> (on the quote); leaves <paramref name="i"/> after the closing quote.</summary>
    private static Token ReadString(string expression, ref int i, TokenKind kind, int tokenStart)
    {
        var quote = expression[i];
        var openAt = i;
        i++;
        var bytes = new List<byte>();
        Span<byte> utf8 = stackalloc byte[4];
        var contentStart = i;
        // Invariant: [contentStart, i) is decoded into `bytes`; the loop ends at the closing quote
        // or fails at the end of the expression.
        while (true)
        {
            if (i >= expression.Length)
                throw new ExpressionException(expression, openAt, 1, $"unterminated string: no closing {quote}");
            var c = expression[i];
            if (c == quote) break;
            if (c != '\\')
            {
                var rune = Rune.GetRuneAt(expression, i);
                var n = rune.EncodeToUtf8(utf8);
                for (var k = 0; k < n; k++) bytes.Add(utf8[k]);
                i += rune.Utf16SequenceLength;
                continue;
            }
            if (i + 1 >= expression.Length)
                throw new ExpressionException(expression, openAt, 1, $"unterminated string: no closing {quote}");
            var e = expression[i + 1];
            switch (e)
            {
                case '\\' or '\'' or '"':
                    bytes.Add((byte)e);
                    i += 2;
                    break;
                case 'n':
                    bytes.Add((byte)'\n');
                    i += 2;
                    break;
                case 'r':
                    bytes.Add((byte)'\r');
                    i += 2;
                    break;
                case 't':
                    bytes.Add((byte)'\t');
                    i += 2;
                    break;
                case '0':
                    bytes.Add(0);
                    i += 2;
                    break;
                case 'x':
                    if (i + 3 >= expression.Length || !IsHex(expression[i + 2]) || !IsHex(expression[i + 3]))
                        throw new ExpressionException(expression, i, Math.Min(4, expression.Length - i), "expected two hex digits after \\x (e.g. \\x1b)");
                    bytes.Add((byte)(HexValue(expression[i + 2]) * 16 + HexValue(expression[i + 3])));
                    i += 4;
                    break;
                default:
                    // Kept as written: '\d' stays '\d' (regular expressions, Windows paths).
                    bytes.Add((byte)'\\');
                    i++;
                    break;
            }
        }
        var raw = expression[contentStart..i];
        i++; // the closing quote
        var value = bytes.ToArray();
        return new Token(kind, tokenStart, i - tokenStart, Encoding.UTF8.GetString(value), raw, value);
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
