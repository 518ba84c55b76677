namespace FastLog.Query.Predicates;

/// <summary>How <see cref="TextComparePredicate"/> compares a field with its literal (bytewise, like <c>LC_ALL=C sort</c>).</summary>
public enum TextComparison
{
    /// <summary><c>==</c>.</summary>
    Equal,
    /// <summary><c>&lt;</c>.</summary>
    Less,
    /// <summary><c>&lt;=</c>.</summary>
    LessOrEqual,
    /// <summary><c>&gt;</c>.</summary>
    Greater,
    /// <summary><c>&gt;=</c>.</summary>
    GreaterOrEqual,
}
