using System.IO.Compression;
using System.Text;
using FastLog.Input;

namespace FastLog.Tests.Input;

public class GzipVerifyingStreamTests
{
    private static byte[] Compress(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(data);
        return output.ToArray();
    }

    private static readonly byte[] s_text = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 5000).Select(i => $"line {i} of the log\n")));

    [Fact]
    public void AWholeArchiveReadsBackExactly()
    {
        using var stream = new GzipVerifyingStream(new MemoryStream(Compress(s_text)));
        using var copy = new MemoryStream();
        stream.CopyTo(copy, 4096);
        Assert.Equal(s_text, copy.ToArray());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(100)]
    public void ACutArchiveIsAnErrorAfterTheBytesBeforeTheCut(int cut)
    {
        var gz = Compress(s_text);
        using var stream = new GzipVerifyingStream(new MemoryStream(gz[..^cut]));
        var buffer = new byte[1024];
        long read = 0;
        var e = Assert.Throws<InvalidDataException>(() =>
        {
            int n;
            while ((n = stream.Read(buffer)) > 0) read += n;
        });
        Assert.Contains("truncated or corrupt", e.Message);
        Assert.True(read > 0 || cut >= gz.Length - 20);
    }

    [Fact]
    public void AFlippedTrailerByteIsAnError()
    {
        var gz = Compress(s_text);
        gz[^6] ^= 0x01;
        using var stream = new GzipVerifyingStream(new MemoryStream(gz));
        Assert.Throws<InvalidDataException>(() => stream.CopyTo(Stream.Null));
    }
}
