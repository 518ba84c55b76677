namespace FastLog.Formats.Json;

/// <summary>How a JSON value becomes a field value (the <c>:type</c> of a <c>--field</c> mapping, or a format's own choice).</summary>
public enum JsonValueType
{
    /// <summary>A string as its unescaped text; a number, <c>true</c> or <c>false</c> as written; an object or array as its raw JSON text.</summary>
    Text,
    /// <summary>A whole number: a JSON number (a fraction is truncated) or a string of digits.</summary>
    Integer,
    /// <summary>A duration given in seconds (number or numeric string), stored in microseconds.</summary>
    Seconds,
    /// <summary>A duration given in milliseconds.</summary>
    Milliseconds,
    /// <summary>A duration given in microseconds.</summary>
    Microseconds,
    /// <summary>An instant: an RFC 3339 string, or a number of Unix seconds.</summary>
    Time,
    /// <summary>An instant written as an RFC 3339 string only.</summary>
    Rfc3339,
    /// <summary>An instant written as Unix seconds (number or numeric string).</summary>
    EpochSeconds,
    /// <summary>An instant written as Unix milliseconds (number or numeric string).</summary>
    EpochMilliseconds,
    /// <summary>An instant written as Unix microseconds (number or numeric string).</summary>
    EpochMicroseconds,
    /// <summary>An instant written as Unix nanoseconds (number or numeric string).</summary>
    EpochNanoseconds,
    /// <summary>A symbol field: the string (or <c>true</c>/<c>false</c>) naming one of the field's symbols.</summary>
    Symbol,
    /// <summary>The byte length of the value as written (GitHub <c>payload_bytes</c>).</summary>
    RawLength,
}
