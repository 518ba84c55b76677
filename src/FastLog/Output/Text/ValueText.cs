using System.Text;
using System.Text.Unicode;

namespace FastLog.Output.Text;

/// <summary>
/// Turns raw log bytes into report text. Invalid UTF-8 becomes U+FFFD and is counted (R1:
/// JSON is always valid); excerpts keep printable ASCII and show every other byte as
/// <c>\xHH</c>, so no raw byte of a malformed line reaches any sink.
/// </summary>
public sealed class ValueText
{
    /// <summary>Values that were not valid UTF-8.</summary>
    public long LossyValues { get; private set; }

    /// <summary>Decodes <paramref name="bytes"/>; invalid sequences become U+FFFD.</summary>
    public string Decode(ReadOnlySpan<byte> bytes)
    {
        if (!Utf8.IsValid(bytes)) LossyValues++;
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>Printable ASCII as is; backslash and every other byte as <c>\xHH</c>.</summary>
    public static string EscapeExcerpt(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder(bytes.Length + 16);
        foreach (var b in bytes)
        {
            if (b is >= 0x20 and < 0x7F && b != (byte)'\\') sb.Append((char)b);
            else sb.Append("\\x").Append(b.ToString("x2"));
        }
        return sb.ToString();
    }
}
