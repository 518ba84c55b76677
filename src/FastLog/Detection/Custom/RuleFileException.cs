using FastLog.Query.Syntax;

namespace FastLog.Detection.Custom;

/// <summary>
/// A <c>--rules</c> file that cannot be used: which rule (by id, or by its 1-based position when
/// it has no id yet) and what is wrong, or where the JSON breaks.
/// </summary>
/// <param name="message">The problem, on one line.</param>
/// <param name="expression">The <c>where</c> expression error behind it, for a caret under the offending token; null otherwise.</param>
public sealed class RuleFileException(string message, ExpressionException? expression = null) : Exception(message)
{
    /// <summary>The expression error behind the problem, or null.</summary>
    public ExpressionException? Expression { get; } = expression;
}
