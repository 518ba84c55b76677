using System.Text;
using System.Text.Json;

namespace FastLog.Formats.Json;

/// <summary>
/// Format detection for one-object-per-line JSON: counts the lines of a sample that are JSON
/// objects whose top-level keys satisfy a format's test.
/// </summary>
public static class JsonLineProbe
{
    private static readonly JsonReaderOptions s_options = new() { MaxDepth = JsonRecordParser.MaxDepth };

    /// <summary>
    /// Counts the whole lines of <paramref name="sample"/> (at most <see cref="FormatDetector.SampleLines"/>)
    /// that are well-formed JSON objects for which <paramref name="accept"/> holds, given a mask of
    /// which of <paramref name="keys"/> (bit i for keys[i]) appear at the top level. When the
    /// sample holds no whole line (a first record longer than the sample), its start is read as
    /// far as it goes and counts as one record if <paramref name="acceptPartial"/> (default:
    /// <paramref name="accept"/>) passes the keys seen so far (a GitHub event's <c>created_at</c>
    /// comes after its payload).
    /// </summary>
    public static long Count(ReadOnlySpan<byte> sample, byte[][] keys, Func<uint, bool> accept, Func<uint, bool>? acceptPartial = null)
    {
        long count = 0;
        var start = 0;
        var lines = 0;
        // Invariant: [0, start) are whole lines already examined; at most SampleLines of them.
        while (start < sample.Length && lines < FormatDetector.SampleLines)
        {
            var lf = sample[start..].IndexOf(JsonBytes.Lf);
            if (lf < 0) break;
            if (TryReadKeys(sample.Slice(start, lf), keys, final: true, out var mask) && accept(mask)) count++;
            start += lf + 1;
            lines++;
        }
        if (lines == 0 && TryReadKeys(sample, keys, final: false, out var partialMask) && (acceptPartial ?? accept)(partialMask)) count = 1;
        return count;
    }

    /// <summary>UTF-8 bytes of <paramref name="names"/>, for <see cref="Count"/>.</summary>
    public static byte[][] Keys(params string[] names) => [.. names.Select(Encoding.UTF8.GetBytes)];

    /// <summary>
    /// Reads the top-level keys of the object on <paramref name="line"/>; false unless it is an
    /// object that is well-formed (<paramref name="final"/>) or well-formed as far as it goes.
    /// </summary>
    internal static bool TryReadKeys(ReadOnlySpan<byte> line, byte[][] keys, bool final, out uint mask)
    {
        mask = 0;
        var reader = new Utf8JsonReader(line, final, new JsonReaderState(s_options));
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
            // Invariant: on entry the reader is at depth 1, before a property name or the end.
            while (true)
            {
                if (!reader.Read()) return !final;
                if (reader.TokenType == JsonTokenType.EndObject) break;
                for (var k = 0; k < keys.Length; k++)
                    if (reader.ValueTextEquals(keys[k])) mask |= 1u << k;
                if (!reader.TrySkip()) return !final;
            }
            return !final || !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
