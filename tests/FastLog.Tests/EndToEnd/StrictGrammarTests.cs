using System.Text;
using FastLog.Tests.TestSupport;
using Xunit;
using static FastLog.Tests.TestSupport.OracleCommands;

namespace FastLog.Tests.EndToEnd;

/// <summary>
/// The grammar's corners, one line each, against tests/oracles/clf_strict.py under each forced
/// format. Every line carries its own status code (200 + its index, unless the status itself is
/// under test), so <c>count --by status</c> says exactly which lines were accepted and a
/// mismatch names the line.
/// </summary>
public sealed class StrictGrammarTests : IDisposable
{
    private const string T = "[10/Oct/2000:13:55:36 -0700]";

    /// <summary>Lines with <c>{S}</c> where their unique status goes.</summary>
    private static readonly string[] s_lines =
    [
        $"127.0.0.1 - frank {T} \"GET /a HTTP/1.0\" {{S}} 2326",                                   // common
        $"127.0.0.1 - frank {T} \"GET /a HTTP/1.0\" {{S}} 2326 \"http://x/\" \"Mozilla\"",           // combined
        $"127.0.0.1 - frank {T} \"GET /a HTTP/1.0\" {{S}} 2326 \"http://x/\" \"Mozilla\" 0.123",     // nginx
        $"127.0.0.1 - - {T} \"GET /a HTTP/1.0\" {{S}} 2326 \"10.0.0.1\"",                          // common + one quoted extra field (X-Forwarded-For)
        $"127.0.0.1 - - {T} \"GET /a HTTP/1.0\" {{S}} 2326 \"ref\" \"ua\"junk",                    // junk glued to the user agent
        $"127.0.0.1 - - {T} \"GET /a HTTP/1.0\" {{S}} 2326 \"ref\" x",                             // a quoted field, then a word
        $"127.0.0.1 - - {T} \"GET /a HTTP/1.0\" {{S}} 2326 \"ref\" \"ua\" \"xff\"",                // combined + quoted extra field
        $"127.0.0.1 - - {T} \"GET /a HTTP/1.0\" {{S}} 2326 \"ref\" \"ua\" 0.5\"",                  // request time glued to a quote
        $"127.0.0.1 - - {T} \"GET /a HTTP/1.0\" {{S}} 2326 \"unterminated",                        // unterminated quote after the bytes
        $"127.0.0.1 - - {T} \"GET /a HTTP/1.0\" {{S}} 2326 \"r\"  \"u\"",                           // two spaces between referer and agent
        $"127.0.0.1  frank {T} \"GET /a HTTP/1.0\" {{S}} 2326",                                    // empty ident
        $"127.0.0.1 - - {T} \"GET /a\\\" HTTP/1.0\" {{S}} 2326",                                   // escaped quote in the request
        $"127.0.0.1 - - {T} \"GET /a\\\\\" {{S}} 2326",                                            // escaped backslash ends the request
        "127.0.0.1 - - [29/Feb/2001:13:55:36 -0700] \"GET / HTTP/1.0\" {S} 1",                     // no 29 February in 2001
        "127.0.0.1 - - [29/Feb/2000:13:55:36 -0700] \"GET / HTTP/1.0\" {S} 1",                     // leap year
        "127.0.0.1 - - [29/Feb/1900:13:55:36 -0700] \"GET / HTTP/1.0\" {S} 1",                     // 1900 is not a leap year
        "127.0.0.1 - - [31/Apr/2000:13:55:36 -0700] \"GET / HTTP/1.0\" {S} 1",                     // April has 30 days
        "127.0.0.1 - - [10/Oct/2000:13:55:60 -0700] \"GET / HTTP/1.0\" {S} 1",                     // leap second
        "127.0.0.1 - - [10/Oct/2000:24:00:00 -0700] \"GET / HTTP/1.0\" {S} 1",                     // hour 24
        "127.0.0.1 - - [10/oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" {S} 1",                     // month in lower case
        "127.0.0.1 - - [10/Okt/2000:13:55:36 -0700] \"GET / HTTP/1.0\" {S} 1",                     // not an English month
        "127.0.0.1 - - [10/Oct/2000:13:55:36 -2400] \"GET / HTTP/1.0\" {S} 1",                     // offset hours 24
        "127.0.0.1 - - [10/Oct/2000:13:55:36 +0060] \"GET / HTTP/1.0\" {S} 1",                     // offset minutes 60
        "127.0.0.1 - - [10/Oct/2000:13:55:36 0700] \"GET / HTTP/1.0\" {S} 1",                      // offset without sign
        $"127.0.0.1 - - {T}x\"GET / HTTP/1.0\" {{S}} 12",                                          // no space after the time
        $"127.0.0.1 - - {T}  \"GET / HTTP/1.0\" {{S}} 12",                                         // two spaces after the time
        $"127.0.0.1 - - {T} \"GET / HTTP/1.0\" 600 1",                                             // status above 599
        $"127.0.0.1 - - {T} \"GET / HTTP/1.0\" 099 1",                                             // status below 100
        $"127.0.0.1 - - {T} \"GET / HTTP/1.0\" 2O0 1",                                             // letter O in the status
        $"127.0.0.1 - - {T} \"GET / HTTP/1.0\" 2000 1",                                            // four-digit status
        $"127.0.0.1 - - {T} \"GET / HTTP/1.0\" {{S}} 1234567890123456789",                         // 19-digit bytes
        $"127.0.0.1 - - {T} \"GET / HTTP/1.0\" {{S}} 123456789012345678",                          // 18-digit bytes
        $"127.0.0.1 - - {T} \"GET / HTTP/1.0\" {{S}} -",                                           // bytes '-'
        $"127.0.0.1 - - {T} \"GET / HTTP/1.0\" {{S}} -x",                                          // bytes '-x'
        $"127.0.0.1 - - {T} \"GET / HTTP/1.0\" {{S}}  12",                                         // two spaces before the bytes
        $"127.0.0.1 - - {T} \"GET / HTTP/1.0\" {{S}} 12 trailing stuff",                           // common + trailing words
        $"127.0.0.1 - - {T} \"GET / HTTP/1.0\" {{S}} 12 ",                                         // trailing space
        $"127.0.0.1 - - {T} \"GET / HTTP/1.0\" {{S}} 12\r",                                        // CRLF
        $"127.0.0.1 - - {T} \"GET / HTTP/1.0\" {{S}} 12\r\r",                                      // two CRs
        $"127.0.0.1 - - {T} \"GET / HTTP/1.0\" {{S}} 12\tz",                                       // tab after the bytes
        $"127.0.0.1 - - {T} \"\" {{S}} 12",                                                        // empty request
        $"127.0.0.1 - - {T} \"-\" {{S}} 12 \"-\" \"-\"",                                           // '-' request
        $"127.0.0.1 - - {T} \"\\x16\\x03\\x01\" {{S}} 12 \"-\" \"-\"",                             // TLS handshake, escaped
        $"a\"b - - {T} \"GET / HTTP/1.0\" {{S}} 12",                                               // quote in the host
        $"127.0.0.1 - [x] {T} \"GET / HTTP/1.0\" {{S}} 12",                                        // brackets in the user
        $"host\twith-tab - - {T} \"GET / HTTP/1.0\" {{S}} 12",                                     // tab in the host
        $" 127.0.0.1 - - {T} \"GET / HTTP/1.0\" {{S}} 12",                                         // leading space
        $"127.0.0.1 - - {T} \"GET / HTTP/1.0\" {{S}} 12 \"r\" \"u\" ",                             // combined + trailing space
        $"127.0.0.1 - - {T} \"GET / HTTP/1.0\" {{S}} 12 \"r\" \"u\" 1.",                           // request time '1.'
        $"127.0.0.1 - - {T} \"GET / HTTP/1.0\" {{S}} 12 \"r\" \"u\" 1234567890",                   // 10 integer digits
        $"127.0.0.1 - - {T} \"GET / HTTP/1.0\" {{S}} 12 \"r\" \"u\" 5 extra",                      // request time + extra
        $"127.0.0.1 - - {T} \"GET / HTTP/1.0\" {{S}} 12 \"r\" \"u\" -",                            // request time '-'
        $"127.0.0.1 - - {T} \"GET / HTTP/1.0\" {{S}} 12 \"r\\\\\" \"u\\\"x\"",                     // escapes in referer and agent
        $"127.0.0.1 - - {T} \"GET / HTTP/1.0\" {{S}} 12 \"r\" \"u\"\r",                            // combined, CRLF
        $"127.0.0.1 - - {T} \"GET / HTTP/1.0\" {{S}} 12 \"r\" \"u\" 0.1\r",                        // nginx, CRLF
        $"127.0.0.1 - - {T} \"GET / HTTP/1.0\" {{S}} 12 \"r\" \"u\xff\xfe\"",                      // bytes that are not UTF-8 (written as Latin-1)
        $"127.0.0.1 - - {T} \"GET /\0 HTTP/1.0\" {{S}} 12 \"r\" \"u\"",                            // NUL in the request
        $"127.0.0.1 - - {T} \"GET / HTTP/1.0\" {{S}} 12 \"r\" \"u",                                // unterminated agent
        " ",                                                                                        // a lone space: not blank
        "\r",                                                                                       // blank (CRLF)
        "",                                                                                         // blank
        $"127.0.0.1 - - {T} \"GET /last HTTP/1.0\" {{S}} 12 \"r\" \"u\" 0.001",                    // last line, no LF
    ];

    private readonly TempDirectory _temp = new("grammar");
    private readonly string _path;

    public StrictGrammarTests()
    {
        _path = _temp.File("corners.log");
        var text = string.Join('\n', s_lines.Select((line, i) => line.Replace("{S}", (200 + i).ToString(), StringComparison.Ordinal)));
        // Latin-1 keeps every char below U+0100 as one byte, so \xff stays the byte 0xFF.
        File.WriteAllBytes(_path, Encoding.Latin1.GetBytes(text));
    }

    [Theory]
    [InlineData("common")]
    [InlineData("combined")]
    [InlineData("nginx")]
    public void CountByStatus_EqualsStrictGrammarOracle(string format)
    {
        var oracle = Shell.Run($"(echo status,count; {ClfStrict} --format {format} --emit status {_path} | {CountAndRank})");
        var actual = FastLogCli.Run("count", _path, "--format", format, "--by", "status", "--output", "csv").Ok();
        OutputAssert.Equal(oracle, actual, $"count --by status --format {format} on the grammar corners vs the oracle (status = 200 + line index)");
    }

    [Theory]
    [InlineData("common")]
    [InlineData("combined")]
    [InlineData("nginx")]
    public void MalformedAndBlank_EqualOracle(string format)
    {
        var summary = Shell.Run($"{ClfStrict} --format {format} --summary {_path}")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .ToDictionary(l => l.Split(' ')[0], l => long.Parse(l.Split(' ')[1]));
        var run = FastLogCli.Run("analyze", _path, "--format", format, "--output", "json", "--stable");
        using var json = System.Text.Json.JsonDocument.Parse(run.Ok());
        var overview = json.RootElement.GetProperty("overview");
        var expected = (summary["lines"], summary["blank"], summary["accepted"], summary["rejected"]);
        var actual = (overview.GetProperty("lines").GetInt64(), overview.GetProperty("blank").GetInt64(),
            overview.GetProperty("records").GetInt64(), overview.GetProperty("malformed").GetInt64());
        Assert.True(expected == actual,
            $"(lines, blank, records, malformed) under --format {format}: oracle {expected}, fastlog {actual}; malformed samples:\n{overview.GetProperty("malformed_samples")}");
    }

    public void Dispose() => _temp.Dispose();
}
