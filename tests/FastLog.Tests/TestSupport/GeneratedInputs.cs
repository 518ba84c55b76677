using System.Text;
using FastLog.Columns;
using FastLog.Formats;
using FastLog.Generation;
using FastLog.Generation.Sampling;

namespace FastLog.Tests.TestSupport;

/// <summary>
/// Test inputs made by the product's generator library (what <c>fastlog generate</c> writes),
/// optionally damaged further: the tests that compare with oracles need logs with a known
/// premise (no damaged line at all, or a few percent of many kinds of damage), and the oracles,
/// not this class, decide which lines count.
/// </summary>
public static class GeneratedInputs
{
    /// <summary>
    /// Writes <paramref name="lines"/> lines of <paramref name="format"/> to <paramref name="path"/>;
    /// <paramref name="malformedPerMillion"/> 0 makes every background line well formed.
    /// </summary>
    public static void Write(string path, LogFormat format, long lines, ulong seed, int? malformedPerMillion = null, bool attacks = true)
    {
        var options = new GenerationOptions { Format = format, Lines = lines, Seed = seed, MalformedPerMillion = malformedPerMillion, Attacks = attacks };
        using var output = File.Create(path);
        LogGenerator.Generate(options, output);
    }

    /// <summary>
    /// Replaces about <paramref name="ratio"/> of the lines of the access log at <paramref name="path"/>
    /// with damaged ones, picked and damaged from <paramref name="seed"/>: truncated, garbage, an
    /// impossible time, a non-numeric status, raw spaces in the target, blank, or the request's
    /// opening quote missing. Some of them (raw spaces, blank) are not malformed by the grammar.
    /// </summary>
    public static void Damage(string path, double ratio, ulong seed)
    {
        var lines = File.ReadAllText(path, Encoding.ASCII).Split('\n');
        var rng = new Xoshiro256PlusPlus(seed);
        var threshold = (ulong)(ratio * ulong.MaxValue);
        // The last element is what follows the final LF (empty): it stays as it is.
        for (var i = 0; i < lines.Length - 1; i++)
            if (rng.NextUInt64() < threshold) lines[i] = Damaged(lines[i], ref rng);
        File.WriteAllText(path, string.Join('\n', lines), Encoding.ASCII);
    }

    private static string Damaged(string good, ref Xoshiro256PlusPlus rng)
    {
        switch (rng.NextBelow(7))
        {
            case 0: // truncated
                return good[..(10 + (int)rng.NextBelow((uint)Math.Max(1, good.Length - 30)))];
            case 1: // garbage
            {
                var text = new char[10 + rng.NextBelow(70)];
                for (var i = 0; i < text.Length; i++) text[i] = (char)(33 + rng.NextBelow(94));
                return new string(text);
            }
            case 2: // impossible time
            {
                var open = good.IndexOf('[');
                return open >= 0 && good.Length > open + 21 ? good[..(open + 1)] + "32/Foo/2024:25:61:99" + good[(open + 21)..] : good;
            }
            case 3: // non-numeric status
            {
                var close = good.IndexOf("\" ", good.IndexOf('"') + 1, StringComparison.Ordinal);
                return close > 0 && good.Length > close + 5 ? good[..(close + 2)] + "2O0" + good[(close + 5)..] : good;
            }
            case 4: // raw spaces in the target
            {
                var protocol = good.IndexOf(" HTTP/", StringComparison.Ordinal);
                return protocol >= 0 ? good[..protocol] + " with raw spaces" + good[protocol..] : good;
            }
            case 5: // blank
                return "";
            default: // the request's opening quote missing
            {
                var quote = good.IndexOf('"');
                return quote >= 0 ? good.Remove(quote, 1) : good;
            }
        }
    }
}
