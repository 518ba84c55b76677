namespace FastLog.Fuzz.Invariants;

/// <summary>A broken invariant: the fuzzer reports it as a crash and keeps the input.</summary>
public sealed class InvariantViolation(string target, string message) : Exception($"{target}: {message}");
