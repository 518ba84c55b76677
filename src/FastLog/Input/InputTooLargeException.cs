namespace FastLog.Input;

/// <summary>An input without a known end went past its cap (a device, or a side input from a pipe).</summary>
public sealed class InputTooLargeException(string message) : IOException(message);
