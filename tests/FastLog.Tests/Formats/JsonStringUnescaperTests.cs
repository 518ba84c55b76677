using System.Text;
using System.Text.Json;
using FastLog.Formats.Json;
using Xunit;

namespace FastLog.Tests.Formats;

/// <summary><see cref="JsonStringUnescaper"/> against System.Text.Json (serializer escapes, reader unescapes) as the oracle.</summary>
public class JsonStringUnescaperTests
{
    private static string Unescape(string escapedWithoutQuotes)
    {
        var input = Encoding.UTF8.GetBytes(escapedWithoutQuotes);
        var output = new byte[input.Length];
        return Encoding.UTF8.GetString(output, 0, JsonStringUnescaper.Unescape(input, output));
    }

    // Random strings over a mix of ASCII, controls, BMP and astral characters; the default
    // serializer escapes controls, quotes, '<', '+', non-ASCII (\uXXXX, pairs for astral).
    [Fact]
    public void RandomStrings_RoundTrip()
    {
        var random = new Random(4);
        string[] pieces = ["a", "\"", "\\", "/", "\b", "\f", "\n", "\r", "\t", "\0", "\u001f", "é", "☃", "😀", "<", "+", "\u2028", " "];
        for (var n = 0; n < 2000; n++)
        {
            var sb = new StringBuilder();
            for (var k = random.Next(0, 20); k > 0; k--) sb.Append(pieces[random.Next(pieces.Length)]);
            var text = sb.ToString();
            var json = JsonSerializer.Serialize(text);
            Assert.Equal(text, Unescape(json[1..^1]));
        }
    }

    [Theory]
    [InlineData(@"\u0041\u00e9\u2603\ud83d\ude00", "Aé☃😀")]
    [InlineData(@"\uD83D\uDE00", "😀")]
    [InlineData(@"\/\b\f\n\r\t\""\\", "/\b\f\n\r\t\"\\")]
    [InlineData(@"\ud800", "\uFFFD")]
    [InlineData(@"\udc00\ud800x", "\uFFFD\uFFFDx")]
    [InlineData(@"\ud800\u0041", "\uFFFDA")]
    [InlineData(@"\ud83d\ud83d\ude00", "\uFFFD😀")]
    [InlineData(@"plain", "plain")]
    [InlineData(@"", "")]
    public void Escapes(string escaped, string expected) => Assert.Equal(expected, Unescape(escaped));

    // The reader rejects these; the unescaper still never throws or overruns.
    [Theory]
    [InlineData(@"\")]
    [InlineData(@"\u12")]
    [InlineData(@"\uZZZZ")]
    public void Malformed_DoesNotThrow(string escaped) => Assert.NotNull(Unescape(escaped));
}
