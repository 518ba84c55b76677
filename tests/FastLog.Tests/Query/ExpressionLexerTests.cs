using System.Text;
using FastLog.Query.Syntax;

namespace FastLog.Tests.Query;

/// <summary>Tokens of the <c>--where</c> language: bare words, strings with escapes, operators, file references.</summary>
public class ExpressionLexerTests
{
    [Fact]
    public void Words_HoldAddressesTimesAndPaths()
    {
        var tokens = ExpressionLexer.Tokenize("ip in 2001:db8::/32 and ts>=2024-03-01T10:00:00+01:00 or path==/api/v1");
        Assert.Equal(
            ["ip", "in", "2001:db8::/32", "and", "ts", ">=", "2024-03-01T10:00:00+01:00", "or", "path", "==", "/api/v1", ""],
            tokens.Select(t => t.Text));
        Assert.Equal(TokenKind.End, tokens[^1].Kind);
        Assert.Equal(28, tokens[6].Start);
    }

    [Fact]
    public void Strings_DecodeEscapes_AndKeepTheRawText()
    {
        var t = ExpressionLexer.Tokenize(@"'a\'b\""c\\d\n\t\x1b\d' ""x'y""");
        Assert.Equal(TokenKind.String, t[0].Kind);
        Assert.Equal(Encoding.UTF8.GetBytes("a'b\"c\\d\n\t\u001b\\d"), t[0].Bytes);
        Assert.Equal(@"a\'b\""c\\d\n\t\x1b\d", t[0].Raw);
        Assert.Equal("x'y", t[1].Text);
    }

    [Fact]
    public void RawByteEscape_MayMakeInvalidUtf8()
    {
        var t = ExpressionLexer.Tokenize(@"'\xff\x00'");
        Assert.Equal(new byte[] { 0xFF, 0x00 }, t[0].Bytes);
    }

    [Fact]
    public void Operators_AndPunctuation()
    {
        var t = ExpressionLexer.Tokenize("a==b!=c<d<=e>f>=g~h!~i(j)[k,l]@m @'n o'");
        Assert.Equal(
            [TokenKind.Word, TokenKind.Operator, TokenKind.Word, TokenKind.Operator, TokenKind.Word, TokenKind.Operator, TokenKind.Word,
             TokenKind.Operator, TokenKind.Word, TokenKind.Operator, TokenKind.Word, TokenKind.Operator, TokenKind.Word, TokenKind.Operator,
             TokenKind.Word, TokenKind.Operator, TokenKind.Word, TokenKind.OpenParen, TokenKind.Word, TokenKind.CloseParen,
             TokenKind.OpenBracket, TokenKind.Word, TokenKind.Comma, TokenKind.Word, TokenKind.CloseBracket, TokenKind.FileRef,
             TokenKind.FileRef, TokenKind.End],
            t.Select(x => x.Kind));
        Assert.Equal("n o", t[^2].Text);
        Assert.Equal(33, t[^2].Start);
    }

    [Theory]
    [InlineData("'abc", 0)]
    [InlineData("a = b", 2)]
    [InlineData("a ! b", 2)]
    [InlineData("x == '\\x4g'", 6)]
    [InlineData("a in @", 5)]
    public void Errors_HaveTheirPosition(string expression, int start)
    {
        var e = Assert.Throws<ExpressionException>(() => ExpressionLexer.Tokenize(expression));
        Assert.Equal(start, e.Start);
    }
}
