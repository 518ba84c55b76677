using System.Text;

namespace FastLog.Detection;

/// <summary>Latin-1 widening of log bytes for the keyword rules: one char per byte, so char positions are byte positions.</summary>
public static class Latin1Text
{
    /// <summary><paramref name="bytes"/> as chars in <paramref name="buffer"/>, grown (doubling) when too small.</summary>
    public static ReadOnlySpan<char> Widen(ReadOnlySpan<byte> bytes, ref char[] buffer)
    {
        if (buffer.Length < bytes.Length) buffer = new char[Math.Max(bytes.Length, buffer.Length * 2)];
        return buffer.AsSpan(0, Encoding.Latin1.GetChars(bytes, buffer));
    }
}
