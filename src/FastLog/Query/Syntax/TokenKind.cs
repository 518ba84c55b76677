namespace FastLog.Query.Syntax;

/// <summary>The kinds of token of a <c>--where</c> expression.</summary>
public enum TokenKind
{
    /// <summary>A bare word: a field name, a keyword (<c>and</c>, <c>contains</c>, <c>null</c>…) or an unquoted value (<c>404</c>, <c>10.0.0.0/8</c>, <c>2024-03-01T10:00:00Z</c>, <c>GET</c>).</summary>
    Word,
    /// <summary>A quoted string, <c>'…'</c> or <c>"…"</c>.</summary>
    String,
    /// <summary><c>@path</c> or <c>@'path'</c>: a file of values.</summary>
    FileRef,
    /// <summary>A comparison operator: <c>== != &lt; &lt;= &gt; &gt;= ~ !~</c>.</summary>
    Operator,
    /// <summary><c>(</c>.</summary>
    OpenParen,
    /// <summary><c>)</c>.</summary>
    CloseParen,
    /// <summary><c>[</c>.</summary>
    OpenBracket,
    /// <summary><c>]</c>.</summary>
    CloseBracket,
    /// <summary><c>,</c>.</summary>
    Comma,
    /// <summary>The end of the expression.</summary>
    End,
}
