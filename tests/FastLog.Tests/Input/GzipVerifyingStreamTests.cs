using FastLog.Input;
using FastLog.Tests.TestSupport;
using Xunit;

namespace FastLog.Tests.Input;

/// <summary>
/// Multi-member gzip (RFC 1952 §2.2) read member by member. Fixtures come from GNU gzip and from
/// tests/oracles/gzip_members.py (Python's zlib plus hand-built headers); the expected bytes are
/// what <c>gzip -dc</c> prints.
/// </summary>
public sealed class GzipVerifyingStreamTests : IDisposable
{
    private readonly TempDirectory _temp = new("gzip-members");
    private readonly string _text;

    public GzipVerifyingStreamTests()
    {
        // ~350 KB of real access-log lines: members of a few hundred lines cross the stream's
        // 64 KiB compressed window and the inflater's 16 KiB feeds at many different points.
        _text = _temp.File("access.log");
        Shell.Run($"for i in 1 2 3 4; do cat data/samples/combined/access.log; done > {_text}");
    }

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string> Layouts => new()
    {
        "rest",
        "700 rest",
        "0 rest",
        "rest 0",
        "500 0 0 rest",
        "0",
        "0 0 0",
        string.Join(' ', Enumerable.Repeat("3", 500)) + " rest",
        string.Join(' ', Enumerable.Repeat("250:x", 6)) + " rest:x 0:x",
        "200:n 200:c 200:h 200:nch rest:xnch",
        "100:s 0:s 300:t rest:hs",
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void EveryMemberIsDecodedToTheEndWhateverTheReadSizes(string layout)
    {
        var gz = Build(layout);
        var expected = Shell.RunBytes($"gzip -dc {gz}");
        var compressed = File.ReadAllBytes(gz);
        // Source reads of 1, 7 and 64 Ki bytes put member boundaries and headers at every kind of
        // read edge; output reads of 1 byte to 1 MiB split the decompressed side the same way.
        foreach (var (sourceRead, outputRead) in new[] { (1, 4096), (7, 1), (65536, 1 << 20), (8191, 333) })
        {
            using var stream = new GzipVerifyingStream(new TrickleStream(compressed, sourceRead));
            Assert.Equal(expected, ReadAll(stream, outputRead));
            Assert.Null(stream.Warning);
            Assert.Equal(layout.Split(' ').Length, stream.Members);
            Assert.Equal(compressed.Length, stream.CompressedBytesRead);
        }
    }

    [Fact]
    public void ConcatenatedGzipOutputsAreCountedWhole()
    {
        // `cat a.gz b.gz` and logrotate's delaycompress followed by cat: GNU gzip members.
        var gz = _temp.File("rotated.gz");
        Shell.Run($"head -n 1000 {_text} | gzip -c > {gz}; tail -n +1001 {_text} | gzip -9 -c >> {gz}; printf '' | gzip -c >> {gz}");
        var expected = Shell.Run($"gzip -dc {gz} | {OracleCommands.ClfStrict} --format combined --emit status - | wc -l").Trim();
        var count = FastLogCli.Run("count", "--format", "combined", gz);
        Assert.Equal(expected + "\n", count.Ok());
        Assert.Equal("", count.Stderr);
        var piped = FastLogCli.RunWithStdin(File.ReadAllBytes(gz), "count", "--format", "combined", "-");
        Assert.Equal(expected + "\n", piped.Ok());
    }

    private string Build(string layout)
    {
        var gz = _temp.File($"members-{Guid.NewGuid():N}.gz");
        // Only empty members: built from an empty text.
        var text = layout.Split(' ').All(m => m.StartsWith('0')) ? "/dev/null" : _text;
        Shell.Run($"python3 tests/oracles/gzip_members.py {text} {gz} {layout}");
        return gz;
    }

    internal static byte[] ReadAll(Stream stream, int readSize)
    {
        using var copy = new MemoryStream();
        var buffer = new byte[readSize];
        int n;
        while ((n = stream.Read(buffer)) > 0) copy.Write(buffer, 0, n);
        return copy.ToArray();
    }

    /// <summary>A stream over bytes that returns at most a fixed number per read, as a slow pipe does.</summary>
    internal sealed class TrickleStream(byte[] data, int maxRead) : Stream
    {
        private int _position;

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = Math.Min(Math.Min(buffer.Length, maxRead), data.Length - _position);
            data.AsSpan(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => data.Length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
