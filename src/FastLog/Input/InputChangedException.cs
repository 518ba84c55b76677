namespace FastLog.Input;

/// <summary>An input changed (shrank) while it was read: a runtime failure (exit 1), never a crash.</summary>
public sealed class InputChangedException(string message) : IOException(message);
