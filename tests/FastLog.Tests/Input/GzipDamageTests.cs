using System.Text.Json;
using FastLog.Tests.TestSupport;
using Xunit;
using static FastLog.Tests.TestSupport.OracleCommands;

namespace FastLog.Tests.Input;

/// <summary>
/// Damaged gzip files through the CLI: a bad CRC or length, a cut, a corrupt byte, trailing
/// zeros or garbage. The reference is tests/oracles/gunzip_prefix.py (Python's zlib, which emits
/// every byte it decodes before an error) piped into the strict access-log oracle.
/// </summary>
public sealed class GzipDamageTests : IDisposable
{
    private readonly TempDirectory _temp = new("gzip-damage");
    private readonly string _gz;
    private readonly (long Start, long End)[] _members;
    private readonly byte[] _bytes;

    public GzipDamageTests()
    {
        var text = _temp.File("access.log");
        Shell.Run($"for i in 1 2 3 4; do cat data/samples/combined/access.log; echo; done > {text}");
        _gz = _temp.File("three-members.gz");
        // Three members of whole lines, so a failure at a member boundary cuts no line.
        _members = Shell.Run($"python3 tests/oracles/gzip_members.py {text} {_gz} 600 600:nh rest")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ')).Select(p => (long.Parse(p[0]), long.Parse(p[1]))).ToArray();
        _bytes = File.ReadAllBytes(_gz);
    }

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void ACrcMismatchIsNamedAndTheRecordsBeforeItAreKept(int member)
    {
        var damaged = Damage(b => b[(int)_members[member].End - 6] ^= 0x01);
        var run = Count(damaged);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("CRC mismatch", run.Stderr);
        Assert.Contains($"member {member + 1} ", run.Stderr);
        Assert.DoesNotContain("unsupported compression method", run.Stderr);
        Assert.Equal(Oracle(damaged), run.StdoutText);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void ALengthMismatchIsNamed(int member)
    {
        var damaged = Damage(b => b[(int)_members[member].End - 3] ^= 0x40);
        var run = Count(damaged);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("length mismatch", run.Stderr);
        Assert.Equal(Oracle(damaged), run.StdoutText);
    }

    public static TheoryData<string> Cuts => new()
    {
        "member 1 header",
        "member 1 data",
        "member 2 header name",
        "member 2 data",
        "member 3 before trailer",
        "member 3 trailer",
        "member 3 last byte",
    };

    [Theory]
    [MemberData(nameof(Cuts))]
    public void ACutFileIsAnErrorAfterTheRecordsBeforeTheCut(string where)
    {
        var cut = where switch
        {
            "member 1 header" => 5,
            "member 1 data" => _members[0].End / 2,
            "member 2 header name" => _members[1].Start + 14,
            "member 2 data" => (_members[1].Start + _members[1].End) / 2,
            "member 3 before trailer" => _members[2].End - 8,
            "member 3 trailer" => _members[2].End - 5,
            _ => _members[2].End - 1,
        };
        var damaged = Damage(b => { }, (int)cut);
        var run = Count(damaged);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("truncated gzip input", run.Stderr);
        Assert.Equal(Oracle(damaged), run.StdoutText);
    }

    [Fact]
    public void ACutFileReportsItsInputAsIncompleteWithTheLinesReadBeforeTheCut()
    {
        var damaged = Damage(b => { }, (int)(_members[1].Start + _members[1].End) / 2);
        var run = FastLogCli.Run("analyze", "--output", "json", "--stable", damaged);
        Assert.Equal(1, run.ExitCode);
        var input = JsonDocument.Parse(run.Stdout).RootElement.GetProperty("overview").GetProperty("inputs")[0];
        Assert.Contains("truncated", input.GetProperty("error").GetString());
        // Complete lines only: the cut line's fragment is not a line.
        var lines = long.Parse(Shell.Run($"python3 tests/oracles/gunzip_prefix.py {damaged} | wc -l").Trim());
        Assert.Equal(lines, input.GetProperty("lines").GetInt64());
    }

    [Fact]
    public void ACorruptByteInsideTheDataIsAnErrorAfterTheMembersBeforeIt()
    {
        var damaged = Damage(b => b[(int)(_members[1].Start + _members[1].End) / 2] ^= 0x10);
        var run = Count(damaged);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("corrupt gzip input", run.Stderr);
        Assert.Contains("member 2 ", run.Stderr);
        var firstMember = long.Parse(Shell.Run($"head -c {_members[0].End} {_gz} | gzip -dc | {ClfStrict} --format combined --emit status - | wc -l"));
        Assert.True(long.Parse(run.StdoutText) >= firstMember, $"{run.StdoutText} records, {firstMember} in member 1 alone");
    }

    public static TheoryData<string, string, string> Trailing => new()
    {
        { "tape blocks", "head -c 10240 /dev/zero", "10240 bytes of zero padding" },
        { "one zero", "printf '\\000'", "1 bytes of zero padding" },
        { "text", "printf 'junk\\n'", "trailing garbage ignored: 5 bytes" },
        { "lone magic byte", "printf '\\037'", "trailing garbage ignored: 1 bytes" },
        { "zeros then text", "head -c 100 /dev/zero; printf x", "trailing garbage ignored: 101 bytes" },
    };

    [Theory]
    [MemberData(nameof(Trailing))]
    public void BytesAfterTheLastMemberAreIgnoredWithAWarning(string name, string append, string warning)
    {
        var padded = _temp.File($"trailing-{name.Replace(' ', '-')}.gz");
        Shell.Run($"(cat {_gz}; {append}) > {padded}");
        var run = Count(padded);
        Assert.Equal(Oracle(_gz), run.Ok());
        Assert.Contains($"fastlog: warning: {padded}: {warning}", run.Stderr);
        Assert.Contains($"compressed offset {_bytes.Length})", run.Stderr);
    }

    public static TheoryData<string, int, byte, string> BadHeaders => new()
    {
        { "method", 2, 9, "unsupported compression method 9" },
        { "reserved flag", 3, 0x20, "reserved header flags set (0x2A)" },
        { "header crc", -1, 0, "header CRC mismatch" },
    };

    [Theory]
    [MemberData(nameof(BadHeaders))]
    public void ABadMemberHeaderIsAnErrorNamingIt(string name, int index, byte value, string message)
    {
        Assert.NotEmpty(name);
        // Member 2 has FNAME and FHCRC: its header CRC is the two bytes before the deflate data.
        var damaged = Damage(b =>
        {
            if (index < 0) b[(int)_members[1].Start + 10 + "access.log\0".Length] ^= 0xFF;
            else b[(int)_members[1].Start + index] = index == 3 ? (byte)(b[(int)_members[1].Start + 3] | value) : value;
        });
        var run = Count(damaged);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains(message, run.Stderr);
        Assert.Contains("member 2 ", run.Stderr);
        Assert.Equal(Oracle(damaged), run.StdoutText);
    }

    private CliResult Count(string path) => FastLogCli.Run("count", "--format", "combined", path);

    private static string Oracle(string path) =>
        Shell.Run($"python3 tests/oracles/gunzip_prefix.py {path} | {ClfStrict} --format combined --emit status - | wc -l").Trim() + "\n";

    private string Damage(Action<byte[]> change, int length = int.MaxValue)
    {
        var bytes = _bytes[..Math.Min(length, _bytes.Length)];
        change(bytes);
        var path = _temp.File($"damaged-{Guid.NewGuid():N}.gz");
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
