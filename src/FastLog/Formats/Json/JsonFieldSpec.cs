using FastLog.Columns;

namespace FastLog.Formats.Json;

/// <summary>One field a JSON format reads: the dotted path of its value, the field it fills and how.</summary>
/// <param name="Path">Dotted path from the record's top-level object (<c>userIdentity.arn</c>); segments are property names.</param>
/// <param name="Field">The field it fills.</param>
/// <param name="Type">How the value is read.</param>
public readonly record struct JsonFieldSpec(string Path, LogField Field, JsonValueType Type);
