namespace FastLog.Formats.Json;

/// <summary>The JSON structural bytes (RFC 8259 §2) the Records reframer and the probes look at.</summary>
public static class JsonBytes
{
    /// <summary><c>{</c></summary>
    public const byte OpenBrace = (byte)'{';
    /// <summary><c>}</c></summary>
    public const byte CloseBrace = (byte)'}';
    /// <summary><c>[</c></summary>
    public const byte OpenBracket = (byte)'[';
    /// <summary><c>]</c></summary>
    public const byte CloseBracket = (byte)']';
    /// <summary><c>"</c></summary>
    public const byte Quote = (byte)'"';
    /// <summary><c>\</c></summary>
    public const byte Backslash = (byte)'\\';
    /// <summary><c>,</c></summary>
    public const byte Comma = (byte)',';
    /// <summary><c>:</c></summary>
    public const byte Colon = (byte)':';
    /// <summary>Space.</summary>
    public const byte Space = (byte)' ';
    /// <summary>Horizontal tab.</summary>
    public const byte Tab = (byte)'\t';
    /// <summary>Line feed.</summary>
    public const byte Lf = (byte)'\n';
    /// <summary>Carriage return.</summary>
    public const byte Cr = (byte)'\r';

    /// <summary>True for the four whitespace bytes of RFC 8259 §2.</summary>
    public static bool IsWhitespace(byte b) => b is Space or Tab or Lf or Cr;
}
