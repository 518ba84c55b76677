namespace FastLog.Query.Syntax;

/// <summary>
/// A <c>--where</c> expression that does not parse or type-check: what was expected, and where
/// (the offending token's character range in the expression, for a caret under it).
/// </summary>
public sealed class ExpressionException : Exception
{
    /// <summary>Creates the error for the characters <c>[start, start + length)</c> of <paramref name="expression"/>.</summary>
    public ExpressionException(string expression, int start, int length, string message)
        : base(message)
    {
        Expression = expression;
        Start = Math.Clamp(start, 0, expression.Length);
        Length = Math.Max(0, Math.Min(length, expression.Length - Start));
    }

    /// <summary>The whole expression.</summary>
    public string Expression { get; }

    /// <summary>Index of the first offending character (the expression's length when the expression ended too early).</summary>
    public int Start { get; }

    /// <summary>Number of offending characters (0 at the end of the expression).</summary>
    public int Length { get; }
}
