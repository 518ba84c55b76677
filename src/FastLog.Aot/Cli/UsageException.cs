namespace FastLog.Cli;

/// <summary>A bad command line: one line on stderr, exit 2.</summary>
public sealed class UsageException(string message) : Exception(message);
