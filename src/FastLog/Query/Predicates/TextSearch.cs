namespace FastLog.Query.Predicates;

/// <summary>Where <see cref="TextSearchPredicate"/> looks for its literal.</summary>
public enum TextSearch
{
    /// <summary><c>contains</c>: anywhere.</summary>
    Contains,
    /// <summary><c>startswith</c>: at the start.</summary>
    StartsWith,
    /// <summary><c>endswith</c>: at the end.</summary>
    EndsWith,
}
