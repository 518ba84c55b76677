using System.Globalization;
using System.Text;
using FastLog.Output.Filter;
using FastLog.Output.Table;
using FastLog.Output.Text;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Output;

/// <summary>
/// Terminal output (R1): no code point a terminal would not show as itself (controls, format
/// characters, separators, private-use, unassigned) and no invalid UTF-8 byte reaches it raw,
/// in tables (<see cref="TerminalText"/>) and in raw lines (<see cref="TerminalLineEscaper"/>).
/// </summary>
public class TerminalEscapingTests
{
    private static string Lines(string text)
    {
        using var output = new MemoryStream();
        TerminalLineEscaper.Write(Encoding.UTF8.GetBytes(text), output);
        return Encoding.UTF8.GetString(output.ToArray());
    }

    private static string Lines(byte[] bytes)
    {
        using var output = new MemoryStream();
        TerminalLineEscaper.Write(bytes, output);
        return Encoding.UTF8.GetString(output.ToArray());
    }

    private static string Expected(int codePoint) => $"\\u{{{codePoint:X4}}}";

    // The characters of issue 11.18, one per invisible class: Arabic letter mark, word joiner and
    // invisible operators, soft hyphen, Mongolian vowel separator, interlinear annotation marks,
    // tags (begin, 'A', cancel), and the bidi and zero-width controls escaped before.
    [Theory]
    [InlineData(0x061C)]
    [InlineData(0x2060)]
    [InlineData(0x2061)]
    [InlineData(0x2062)]
    [InlineData(0x2063)]
    [InlineData(0x2064)]
    [InlineData(0x00AD)]
    [InlineData(0x180E)]
    [InlineData(0xFFF9)]
    [InlineData(0xFFFA)]
    [InlineData(0xFFFB)]
    [InlineData(0xE0001)]
    [InlineData(0xE0041)]
    [InlineData(0xE007F)]
    [InlineData(0x202E)]
    [InlineData(0x2067)]
    [InlineData(0x200B)]
    [InlineData(0xFEFF)]
    [InlineData(0x2028)]
    [InlineData(0xE000)]
    [InlineData(0x10FFFD)]
    [InlineData(0xFFFF)]
    [InlineData(0x3164)]
    public void InvisibleCharacter_IsEscapedInTablesAndLines(int codePoint)
    {
        var value = "a" + char.ConvertFromUtf32(codePoint) + "b";
        Assert.Equal("a" + Expected(codePoint) + "b", TerminalText.Escape(value));
        Assert.Equal("a" + Expected(codePoint) + "b", Lines(value));
    }

    // Every code point of the categories a terminal shows as nothing or as something else
    // (format, private-use, unassigned, separators), as the runtime's Unicode data classifies it.
    [Fact]
    public void EveryFormatPrivateUseAndUnassignedCodePoint_IsEscaped()
    {
        var checkedCount = 0;
        for (var cp = 0xA0; cp <= 0x10FFFF; cp++)
        {
            if (cp is >= 0xD800 and <= 0xDFFF) continue;
            var category = CharUnicodeInfo.GetUnicodeCategory(cp);
            if (category is not (UnicodeCategory.Format or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned
                or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)) continue;
            var value = char.ConvertFromUtf32(cp);
            var escapedText = TerminalText.Escape(value);
            var escapedLine = Lines(value);
            if (escapedText != Expected(cp) || escapedLine != Expected(cp))
                Assert.Fail($"U+{cp:X4} ({category}) escaped as '{escapedText}' in a table and '{escapedLine}' in a line");
            checkedCount++;
        }
        // Private use alone is 137,468 code points; unassigned ones are most of the rest.
        Assert.True(checkedCount > 800_000, $"only {checkedCount} code points checked");
    }

    // The other side: visible characters (letters, marks, numbers, punctuation, symbols, spaces)
    // are shown as they are, so escaping does not make ordinary non-English text unreadable.
    [Fact]
    public void EveryVisibleCodePoint_IsKeptAsItIs()
    {
        int[] blankLetters = [0x115F, 0x1160, 0x3164, 0xFFA0];
        for (var cp = 0xA0; cp <= 0x10FFFF; cp++)
        {
            if (cp is >= 0xD800 and <= 0xDFFF || blankLetters.Contains(cp)) continue;
            var category = CharUnicodeInfo.GetUnicodeCategory(cp);
            if (category is UnicodeCategory.Format or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned
                or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Control) continue;
            var value = char.ConvertFromUtf32(cp);
            if (TerminalText.Escape(value) != value || Lines(value) != value)
                Assert.Fail($"U+{cp:X4} ({category}) was escaped");
        }
    }

    [Fact]
    public void C0DelAndC1Controls_AreHexEscaped_TabKeptInRawLines()
    {
        for (var c = 0; c <= 0x9F; c++)
        {
            if (c is >= 0x20 and < 0x7F) continue;
            var value = "a" + (char)c + "b";
            var hex = $"a\\x{c:x2}b";
            Assert.Equal(hex, TerminalText.Escape(value));
            Assert.Equal(c == '\t' ? value : hex, Lines(value));
        }
    }

    // Invalid UTF-8 in a raw line: each byte that is not part of a valid sequence is shown as
    // \xHH (overlong forms are never decoded into ASCII; a stray 0x9B is not CSI).
    [Theory]
    [InlineData(new byte[] { 0x80 }, "\\x80")]
    [InlineData(new byte[] { 0x9B }, "\\x9b")]
    [InlineData(new byte[] { 0xBF }, "\\xbf")]
    [InlineData(new byte[] { 0xC0, 0xAF }, "\\xc0\\xaf")]
    [InlineData(new byte[] { 0xE0, 0x80, 0xAF }, "\\xe0\\x80\\xaf")]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 }, "\\xed\\xa0\\x80")]
    [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 }, "\\xf4\\x90\\x80\\x80")]
    [InlineData(new byte[] { 0xF0, 0x9F, 0x98 }, "\\xf0\\x9f\\x98")]
    [InlineData(new byte[] { 0xFE }, "\\xfe")]
    [InlineData(new byte[] { 0xFF }, "\\xff")]
    [InlineData(new byte[] { 0xC2, 0x9B }, "\\x9b")]
    [InlineData(new byte[] { 0xF3, 0xA0, 0x81, 0x81 }, "\\u{E0041}")]
    public void InvalidUtf8AndEncodedControls_InARawLine_AreEscaped(byte[] middle, string expected)
    {
        byte[] line = [(byte)'a', .. middle, (byte)'b'];
        Assert.Equal("a" + expected + "b", Lines(line));
    }

    // In tables values arrive decoded: invalid UTF-8 is U+FFFD (visible) and a lone surrogate
    // from any other source is escaped instead of reaching the terminal encoder.
    [Fact]
    public void LoneSurrogates_InTableValues_AreEscaped()
    {
        Assert.Equal("a\\u{D800}b", TerminalText.Escape("a\uD800b"));
        Assert.Equal("a\\u{DC00}", TerminalText.Escape("a\uDC00"));
        Assert.Equal("\U0001F600", TerminalText.Escape("\U0001F600"));
    }

    [Fact]
    public void LongCell_IsNeverCutInsideASurrogatePair()
    {
        var table = new TextTable("v");
        table.Add(new string('x', TextTable.MaxCellChars - 2) + string.Concat(Enumerable.Repeat("\U0001F600", 5)));
        using var output = new StringWriter();
        table.Write(output);
        var cell = output.ToString().Split('\n')[2];
        Assert.Equal(new string('x', TextTable.MaxCellChars - 2) + "…", cell);
    }

    // End to end: hidden text in a user agent (tags spelling "ADMIN", a word joiner, an Arabic
    // letter mark) is visible as escapes in `top ua`'s table and exact in its CSV.
    [Fact]
    public void TopUserAgents_ShowHiddenTextEscaped()
    {
        using var temp = new TempDirectory("terminal-escaping");
        var file = temp.File("access.log");
        var tags = string.Concat("ADMIN".Select(c => char.ConvertFromUtf32(0xE0000 + c)));
        var ua = "curl/8.0" + tags + "\u2060x\u061Cy\u00ADz";
        File.WriteAllText(file, $"1.2.3.4 - - [01/Mar/2024:10:00:00 +0000] \"GET / HTTP/1.1\" 200 5 \"-\" \"{ua}\"\n", new UTF8Encoding(false));

        var table = FastLogCli.Run("top", "ua", file).Ok();
        Assert.Contains(@"curl/8.0\u{E0041}\u{E0044}\u{E004D}\u{E0049}\u{E004E}\u{2060}x\u{061C}y\u{00AD}z", table);
        Assert.DoesNotContain(table, c => char.IsSurrogate(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format);

        var csv = FastLogCli.Run("top", "ua", file, "--output", "csv").Ok();
        Assert.Contains(ua, csv);
    }
}
