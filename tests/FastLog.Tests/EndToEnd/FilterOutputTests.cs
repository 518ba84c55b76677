using System.Text;
using System.Text.Json;
using FastLog.Cli;
using FastLog.Output.Sinks;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.EndToEnd;

/// <summary>
/// <c>filter</c>'s outputs: raw lines escaped only for a terminal (R1), chosen fields as JSONL
/// and CSV, and a closed stdout (<c>| head</c>) stopping the run at once with exit 0.
/// </summary>
[Collection(WhereLogCollection.Name)]
public class FilterOutputTests(WhereLogFixture logs)
{
    private const string Hostile = "6.6.6.6 - - [01/Mar/2024:10:00:00 +0000] \"GET /\u001b[31mred\u202Eevil HTTP/1.1\" 404 5 \"-\" \"caf\u00e9 \\\"q\\\"\"\n";

    [Fact]
    public void RawLines_ToATerminal_AreEscaped_ToAPipe_AreOriginalBytes()
    {
        using var temp = new TempDirectory("filter-escape");
        var file = temp.File("hostile.log");
        var bytes = Encoding.UTF8.GetBytes(Hostile).Concat(new byte[] { 0x39, 0x9B, 0x0A }).ToArray(); // a trailing junk line (malformed)
        File.WriteAllBytes(file, bytes);

        var piped = FastLogCli.Run("filter", file);
        Assert.Equal(Encoding.UTF8.GetBytes(Hostile), piped.Stdout);

        var console = new ConsoleStub(terminal: true);
        Assert.Equal(0, FastLogApp.Run(["filter", file], console));
        var shown = console.StdoutText;
        Assert.DoesNotContain('\u001b', shown);
        Assert.DoesNotContain('\u202E', shown);
        Assert.Equal("6.6.6.6 - - [01/Mar/2024:10:00:00 +0000] \"GET /\\x1b[31mred\\u{202E}evil HTTP/1.1\" 404 5 \"-\" \"caf\u00e9 \\\"q\\\"\"\n", shown);
    }

    [Fact]
    public void Fields_AsJsonl_AreTyped_AndValidUtf8()
    {
        using var temp = new TempDirectory("filter-jsonl");
        var file = temp.File("a.log");
        var line = "::1 - bob [01/Mar/2024:10:00:00 +0100] \"GET /x?y=1 HTTP/1.1\" 200 - \"-\" \"a\u00FF" + "b\" 0.25\n"; // 0xFF: invalid UTF-8
        File.WriteAllBytes(file, [.. Encoding.Latin1.GetBytes(line)]);
        var run = FastLogCli.Run("filter", file, "--fields", "ip,user,ts,path,query,status,bytes,referer,ua,request_time");
        var text = run.Ok();
        Assert.Equal(1, text.Count(c => c == '\n'));
        using var doc = JsonDocument.Parse(text);
        var row = doc.RootElement;
        Assert.Equal("::1", row.GetProperty("ip").GetString());
        Assert.Equal("bob", row.GetProperty("user").GetString());
        Assert.Equal("2024-03-01T09:00:00Z", row.GetProperty("ts").GetString());
        Assert.Equal("/x", row.GetProperty("path").GetString());
        Assert.Equal("y=1", row.GetProperty("query").GetString());
        Assert.Equal(200, row.GetProperty("status").GetInt32());
        Assert.Equal(JsonValueKind.Null, row.GetProperty("bytes").ValueKind);
        Assert.Equal(JsonValueKind.Null, row.GetProperty("referer").ValueKind);
        Assert.Equal("a\uFFFDb", row.GetProperty("ua").GetString());
        Assert.Equal(0.25, row.GetProperty("request_time").GetDouble());
    }

    // CSV rows equal the oracle's fields for the same selection (no commas or quotes in these fields).
    [Fact]
    public void Fields_AsCsv_EqualOracleColumns()
    {
        var expected = "ip,status,path\n" + Shell.Run($"LC_ALL=C awk -F'\\t' -v OFS=, '$8 == 503 {{ print $1, $8, $5 }}' {logs.DirtyFields}");
        var run = FastLogCli.Run("filter", logs.Dirty, "--where", "status == 503", "--fields", "ip,status,path", "--output", "csv", "--threads", "3", "--chunk-size", "65536");
        OutputAssert.Equal(expected, run.Ok(), "filter --fields ip,status,path --output csv vs awk over clf_fields.py");
    }

    // `fastlog filter big.log | head -1`: the first write after the reader left fails with
    // EPIPE; the run stops (workers blocked on the writer wake up, no new chunk starts), exits
    // 0 and says nothing.
    [Fact]
    public void ClosedStdout_StopsTheRunQuietly()
    {
        var console = new ConsoleStub(terminal: false, closeAfterWrites: 1);
        var exit = FastLogApp.Run(["filter", logs.Log, "--threads", "3", "--chunk-size", "1000000"], console);
        Assert.Equal(0, exit);
        Assert.Equal("", console.StderrText);
        Assert.True(console.WritesAfterClose <= 3, $"workers went on writing after stdout closed: {console.WritesAfterClose} writes");
        Assert.True(console.StdoutBytes.Length > 0 && console.StdoutBytes.Length < 1 << 20, $"{console.StdoutBytes.Length} bytes written");
    }

    /// <summary>A console whose stdout may claim to be a terminal, or close (EPIPE) after some writes.</summary>
    private sealed class ConsoleStub(bool terminal, int closeAfterWrites = int.MaxValue) : IConsole
    {
        private readonly ClosingStream _stdout = new(closeAfterWrites);
        private readonly StringWriter _stderr = new() { NewLine = "\n" };

        public bool StdoutIsTerminal => terminal;
        public Stream OpenStdout() => _stdout;
        public Stream OpenStdin() => new MemoryStream();
        public TextWriter Stderr => _stderr;
        public byte[] StdoutBytes => _stdout.Written.ToArray();
        public string StdoutText => Encoding.UTF8.GetString(StdoutBytes);
        public string StderrText => _stderr.ToString();
        public int WritesAfterClose => _stdout.WritesAfterClose;
    }

    private sealed class ClosingStream(int closeAfterWrites) : Stream
    {
        private int _writes;
        public readonly MemoryStream Written = new();
        public int WritesAfterClose;

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            lock (Written)
            {
                if (_writes++ >= closeAfterWrites)
                {
                    WritesAfterClose++;
                    throw new OutputClosedException();
                }
                Written.Write(buffer);
            }
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        protected override void Dispose(bool disposing) { }
    }
}
