namespace FastLog.Detection;

/// <summary>Finding severity, ordered; <c>event.severity</c> in ECS output is the numeric value.</summary>
public enum Severity
{
    /// <summary>Informational or weak signal.</summary>
    Low = 21,
    /// <summary>Worth a look.</summary>
    Medium = 47,
    /// <summary>Likely an attack.</summary>
    High = 73,
    /// <summary>Act now.</summary>
    Critical = 99,
}
