using System.Net.Sockets;
using FastLog.Cli;
using FastLog.Output.Sinks;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Cli;

/// <summary>
/// What <c>-o</c> does with what is already at the path (docs/output-files.md): devices, pipes and
/// <c>/dev/stdout</c> are written in place; a symbolic link's target is replaced, the link kept;
/// a replaced file keeps its mode and owner; a socket or directory is refused; an output that is
/// an input (by inode, whatever the path) is refused before anything is read.
/// </summary>
public class OutputTargetKindsTests
{
    private static readonly string s_sample = Path.Combine(RepoPaths.Samples, "combined", "access.log");

    private static string Expected() => FastLogCli.Run("count", s_sample, "--by", "status", "--output", "csv").Ok();

    private static CliResult CountInto(string path) => FastLogCli.Run("count", s_sample, "--by", "status", "--output", "csv", "-o", path);

    [RootFact]
    public void CharacterDevice_IsWrittenInPlace_NotReplaced()
    {
        using var temp = new TempDirectory("out-device");
        var nul = temp.File("null");
        Shell.Run($"mknod {nul} c 1 3");
        var run = CountInto(nul);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(FileKind.CharacterDevice, FileStatus.Of(nul).Kind);
        Assert.Single(Directory.GetFileSystemEntries(temp.Path));
    }

    [RootFact]
    public void FullDevice_FailsWithNoSpaceLeft_AndStaysADevice()
    {
        using var temp = new TempDirectory("out-full");
        var full = temp.File("full");
        Shell.Run($"mknod {full} c 1 7");
        var run = CountInto(full);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("No space left on device", run.Stderr);
        Assert.Equal(FileKind.CharacterDevice, FileStatus.Of(full).Kind);
    }

    [Fact]
    public async Task Fifo_IsWrittenInPlace_ForItsReader()
    {
        using var temp = new TempDirectory("out-fifo");
        var fifo = temp.File("pipe");
        Shell.Run($"mkfifo {fifo}");
        var reader = Task.Run(() => File.ReadAllText(fifo));
        var run = CountInto(fifo);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(Expected(), await reader.WaitAsync(TimeSpan.FromMinutes(1)));
        Assert.Equal(FileKind.Fifo, FileStatus.Of(fifo).Kind);
    }

    [Fact]
    public void Socket_IsRefused_AndLeftInPlace()
    {
        using var temp = new TempDirectory("out-socket");
        var path = temp.File("sock");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        var run = CountInto(path);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"fastlog: error: -o {path}: is a socket, which cannot be opened as a file\n", run.Stderr);
        Assert.Equal(FileKind.Socket, FileStatus.Of(path).Kind);
    }

    [Fact]
    public void Directory_IsRefused()
    {
        using var temp = new TempDirectory("out-dir");
        var run = CountInto(temp.Path);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"fastlog: error: -o {temp.Path}: is a directory\n", run.Stderr);
    }

    [Theory]
    [InlineData("/dev/stdout")]
    [InlineData("/dev/fd/1")]
    [InlineData("/proc/self/fd/1")]
    public void StandardOutputNames_WriteStandardOutput(string path)
    {
        var run = CountInto(path);
        Assert.Equal(Expected(), run.Ok());
    }

    [Fact]
    public void DevStdout_InARealProcess_WritesThePipe()
    {
        var piped = FastLogProcess.Shell($"\"$FASTLOG\" count {s_sample} --by status --output csv -o /dev/stdout | cat");
        Assert.Equal(0, piped.ExitCode);
        Assert.Equal(Expected(), piped.Stdout);
    }

    [Fact]
    public void SymbolicLink_IsKept_AndItsTargetReplacedInItsOwnDirectory()
    {
        using var temp = new TempDirectory("out-symlink");
        Directory.CreateDirectory(temp.File("a"));
        Directory.CreateDirectory(temp.File("b"));
        var target = temp.File("b/target.csv");
        File.WriteAllText(target, "old\n");
        var link = temp.File("a/link.csv");
        File.CreateSymbolicLink(link, "../b/target.csv");

        Assert.True(CountInto(link).ExitCode == 0);
        Assert.Equal("../b/target.csv", new FileInfo(link).LinkTarget);
        Assert.Equal(Expected(), File.ReadAllText(target));
        Assert.Equal(["link.csv"], Directory.GetFileSystemEntries(temp.File("a")).Select(Path.GetFileName));
        Assert.Equal(["target.csv"], Directory.GetFileSystemEntries(temp.File("b")).Select(Path.GetFileName));
    }

    [Fact]
    public void DanglingSymbolicLink_CreatesItsTarget()
    {
        using var temp = new TempDirectory("out-dangling");
        var link = temp.File("link.csv");
        File.CreateSymbolicLink(link, "new.csv");
        Assert.True(CountInto(link).ExitCode == 0);
        Assert.Equal("new.csv", new FileInfo(link).LinkTarget);
        Assert.Equal(Expected(), File.ReadAllText(temp.File("new.csv")));
    }

    [Theory]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite)]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute)]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite)]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void ReplacedFile_KeepsItsMode(UnixFileMode mode)
    {
        using var temp = new TempDirectory("out-mode");
        var path = temp.File("out.csv");
        File.WriteAllText(path, "old\n");
        File.SetUnixFileMode(path, mode);
        Assert.True(CountInto(path).ExitCode == 0);
        Assert.Equal(mode, File.GetUnixFileMode(path));
        Assert.Equal(Expected(), File.ReadAllText(path));
    }

    [RootFact]
    public void ReplacedFile_KeepsItsOwner_AsRoot()
    {
        using var temp = new TempDirectory("out-owner");
        var path = temp.File("out.csv");
        File.WriteAllText(path, "old\n");
        Shell.Run($"chown 4321:4322 {path}");
        Assert.True(CountInto(path).ExitCode == 0);
        Assert.Equal("4321:4322", Shell.Run($"stat -c %u:%g {path}").Trim());
    }

    // The documented choice: a replacement is atomic, so another hard link keeps the old content.
    [Fact]
    public void HardLinkedFile_IsReplaced_TheOtherNameKeepsTheOldContent()
    {
        using var temp = new TempDirectory("out-hardlink");
        var path = temp.File("out.csv");
        File.WriteAllText(path, "old\n");
        Shell.Run($"ln {path} {temp.File("other.csv")}");
        Assert.True(CountInto(path).ExitCode == 0);
        Assert.Equal(Expected(), File.ReadAllText(path));
        Assert.Equal("old\n", File.ReadAllText(temp.File("other.csv")));
    }

    public static TheoryData<string, string> SameFileForms() => new()
    {
        { "the same string", "{0}/in.log" },
        { "./x against x", "{0}/./in.log" },
        { "a symbolic link", "{0}/link.log" },
        { "a hard link", "{0}/hard.log" },
        { "through a linked directory", "{0}/dirlink/in.log" },
    };

    [Theory, MemberData(nameof(SameFileForms))]
    public void OutputThatIsAnInput_IsRefusedBeforeReading(string what, string outputForm)
    {
        using var temp = new TempDirectory("out-is-input");
        var input = temp.File("in.log");
        File.Copy(s_sample, input);
        File.CreateSymbolicLink(temp.File("link.log"), "in.log");
        File.CreateSymbolicLink(temp.File("dirlink"), temp.Path);
        Shell.Run($"ln {input} {temp.File("hard.log")}");
        var before = File.ReadAllBytes(input);
        foreach (var command in new[] { new[] { "filter", input }, ["count", input], ["convert", "--to", "jsonl", input], ["count", temp.Path] })
        {
            var run = FastLogCli.Run([.. command, "-o", string.Format(outputForm, temp.Path)]);
            Assert.True(run.ExitCode == 2, $"{what}: {run.CommandLine} exited {run.ExitCode}; stderr:\n{run.Stderr}");
            Assert.Contains("is also the input", run.Stderr);
            Assert.Equal(before, File.ReadAllBytes(input));
        }
        Assert.Equal(4, Directory.GetFileSystemEntries(temp.Path).Length); // in, link, dirlink, hard: no temporary file left
    }

    [Fact]
    public void OutputThatIsStandardInput_IsRefused()
    {
        using var temp = new TempDirectory("out-is-stdin");
        var input = temp.File("in.log");
        File.Copy(s_sample, input);
        var run = FastLogProcess.Shell($"\"$FASTLOG\" filter -o {input} < {input}");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("is also the input on standard input", run.Stderr);
        Assert.Equal(File.ReadAllBytes(s_sample), File.ReadAllBytes(input));
    }

    [Fact]
    public void GenerateTruth_IntoTheLogFile_IsRefused()
    {
        using var temp = new TempDirectory("gen-truth-same");
        var log = temp.File("x.log");
        File.CreateSymbolicLink(temp.File("link"), "x.log");
        foreach (var truth in new[] { log, temp.File("./x.log"), temp.File("link") })
        {
            var run = FastLogCli.Run("generate", "--lines", "10", "-o", log, "--truth", truth);
            Assert.True(run.ExitCode == 2, $"--truth {truth}: exited {run.ExitCode}; stderr:\n{run.Stderr}");
            Assert.Contains("is the same file as -o", run.Stderr);
            Assert.False(File.Exists(log));
        }
    }

    [Fact]
    public async Task Generate_IntoAFifo_WritesItInPlace()
    {
        using var temp = new TempDirectory("gen-fifo");
        var fifo = temp.File("pipe");
        Shell.Run($"mkfifo {fifo}");
        var reader = Task.Run(() => File.ReadAllBytes(fifo));
        var run = FastLogCli.Run("generate", "--lines", "1000", "--seed", "5", "-o", fifo);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(FastLogCli.Run("generate", "--lines", "1000", "--seed", "5").Stdout, await reader.WaitAsync(TimeSpan.FromMinutes(1)));
        Assert.Equal(FileKind.Fifo, FileStatus.Of(fifo).Kind);
    }
}
