namespace FastLog.Cli;

/// <summary>A bad command line: one line on stderr (and the detail lines, if any), exit 2.</summary>
/// <param name="message">What is wrong, on one line.</param>
/// <param name="detail">Lines shown under the message, e.g. a <c>--where</c> expression with a caret under the offending token; null for none.</param>
public sealed class UsageException(string message, string? detail = null) : Exception(message)
{
    /// <summary>Lines shown under the message, or null.</summary>
    public string? Detail { get; } = detail;
}
