namespace FastLog.Scanning;

/// <summary>Named byte constants shared by the scanners and parsers.</summary>
public static class ByteSets
{
    /// <summary>Line feed: ends every line.</summary>
    public const byte Lf = (byte)'\n';
    /// <summary>Carriage return: stripped before a line feed (CRLF files).</summary>
    public const byte Cr = (byte)'\r';
    /// <summary>Field separator of the access-log formats.</summary>
    public const byte Space = (byte)' ';
    /// <summary>Opens and closes quoted fields.</summary>
    public const byte Quote = (byte)'"';
    /// <summary>Escapes a quote or a backslash inside a quoted field.</summary>
    public const byte Backslash = (byte)'\\';
    /// <summary>Opens the CLF timestamp.</summary>
    public const byte OpenBracket = (byte)'[';
    /// <summary>Closes the CLF timestamp.</summary>
    public const byte CloseBracket = (byte)']';
    /// <summary>The absent-value marker of CLF.</summary>
    public const byte Dash = (byte)'-';
    /// <summary>Starts the query part of a request target.</summary>
    public const byte QuestionMark = (byte)'?';
    /// <summary>Horizontal tab: whitespace in JSON (RFC 8259 §2).</summary>
    public const byte Tab = (byte)'\t';
    /// <summary>Opens a JSON object.</summary>
    public const byte OpenBrace = (byte)'{';
    /// <summary>Closes a JSON object.</summary>
    public const byte CloseBrace = (byte)'}';
    /// <summary>Separates a JSON name from its value.</summary>
    public const byte Colon = (byte)':';
    /// <summary>Separates JSON members and elements.</summary>
    public const byte Comma = (byte)',';
    /// <summary>The first byte that is not a control character (RFC 8259 §7: below it, a string byte must be escaped).</summary>
    public const byte FirstPrintable = 0x20;
}
