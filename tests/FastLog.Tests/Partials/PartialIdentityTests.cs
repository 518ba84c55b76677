using FastLog.Tests.TestSupport;
using Xunit;

namespace FastLog.Tests.Partials;

/// <summary>
/// A partial's input identity is computed from the bytes the run reads (1 MiB blocks, each hashed
/// by the chunk it starts in): it does not depend on chunking, threads or I/O, and one changed
/// byte changes it.
/// </summary>
public sealed class PartialIdentityTests : IDisposable
{
    private readonly TempDirectory _dir = new("identity");
    private readonly string _log;

    public PartialIdentityTests()
    {
        _log = _dir.File("access.log");
        // About 3.3 MB: blocks that straddle chunks of every size tried below.
        FastLogCli.Run("generate", "--format", "combined", "--lines", "15000", "--seed", "5", "-o", _log).Ok();
    }

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("--threads", "1", "--io", "read")]
    [InlineData("--threads", "3", "--io", "mmap", "--chunk-size", "333333")]
    [InlineData("--threads", "2", "--io", "read", "--chunk-size", "1048576")]
    [InlineData("--threads", "4", "--io", "mmap", "--chunk-size", "65536")]
    public void The_identity_of_an_input_does_not_depend_on_chunks_threads_or_io(params string[] run)
    {
        var plain = _dir.File("plain.flp");
        var other = _dir.File("other.flp");
        FastLogCli.Run("count", "--by", "status", "--partial", plain, _log).Ok();
        FastLogCli.Run(["count", "--by", "status", .. run, "--partial", other, _log]).Ok();
        Assert.Equal(File.ReadAllBytes(plain), File.ReadAllBytes(other));
        // The same content under another name is still the same shard.
        var copy = _dir.File("copy.log");
        File.Copy(_log, copy, overwrite: true);
        var copied = _dir.File("copied.flp");
        FastLogCli.Run(["count", "--by", "status", .. run, "--partial", copied, copy]).Ok();
        var merged = FastLogCli.Run("merge", plain, copied);
        Assert.Equal(1, merged.ExitCode);
        Assert.Contains("the same shard twice", merged.Stderr);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1048575)]
    [InlineData(1048576)]
    [InlineData(-1)]
    public void One_changed_byte_makes_another_input(long at)
    {
        var bytes = File.ReadAllBytes(_log);
        var position = at < 0 ? bytes.Length - 2 : at;
        // A digit or letter becomes another of its kind; the line stays as valid (or invalid) as it was.
        bytes[position] = bytes[position] == (byte)'1' ? (byte)'2' : bytes[position] == (byte)'a' ? (byte)'b' : (byte)(bytes[position] ^ 1);
        var changed = _dir.File("changed.log");
        File.WriteAllBytes(changed, bytes);
        var a = _dir.File("a.flp");
        var b = _dir.File("b.flp");
        FastLogCli.Run("count", "--chunk-size", "300000", "--partial", a, _log).Ok();
        FastLogCli.Run("count", "--chunk-size", "300000", "--partial", b, changed).Ok();
        var merged = FastLogCli.Run("merge", a, b);
        Assert.True(merged.ExitCode == 0, $"a file with byte {position} changed was taken for the same shard: {merged.Stderr}");
    }
}
