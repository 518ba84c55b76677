using System.Text.RegularExpressions;
using FastLog.Input;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Input;

/// <summary>
/// Side inputs (<c>--rules</c>, <c>--geoip</c>, <c>@FILE</c> value lists) are read as capped
/// streams: from a pipe they give what the same bytes give from a file, and an endless source
/// (<c>/dev/zero</c>) stops with one clear error at the cap instead of growing without bound.
/// </summary>
public sealed class SideInputTests : IDisposable
{
    private readonly TempDirectory _dir = new("sideinput");

    public void Dispose() => _dir.Dispose();

    /// <summary>Bytes that are not text, with LFs and NULs, the same on every run.</summary>
    private static byte[] Bytes(int length)
    {
        var bytes = new byte[length];
        new Random(11).NextBytes(bytes);
        return bytes;
    }

    /// <summary>A FIFO in the test folder with a background writer of <paramref name="content"/>.</summary>
    private string FifoWriting(byte[] content)
    {
        var source = _dir.File($"source-{content.Length}");
        File.WriteAllBytes(source, content);
        var fifo = _dir.File($"fifo-{content.Length}");
        Shell.Run($"mkfifo {fifo} && (sh -c 'cat {source} > {fifo}' > /dev/null 2>&1 &)");
        return fifo;
    }

    [Theory]
    [InlineData("regular", 0)]
    [InlineData("regular", 1)]
    [InlineData("regular", 200_000)]
    [InlineData("fifo", 0)]
    [InlineData("fifo", 1)]
    [InlineData("fifo", 65_536)] // exactly the first buffer of an unknown size
    [InlineData("fifo", 65_537)]
    [InlineData("fifo", 1_000_003)] // several segments
    public void ReadAllReturnsEveryByteOfAFileOrAPipe(string form, int length)
    {
        var content = Bytes(length);
        string path;
        if (form == "fifo")
        {
            path = FifoWriting(content);
        }
        else
        {
            path = _dir.File("regular");
            File.WriteAllBytes(path, content);
        }

        Assert.Equal(content, SideInput.ReadAll(path, 2_000_000));
    }

    [Fact]
    public void ReadAllReadsAProcFileThatReportsSizeZero()
        => Assert.Equal(Shell.RunBytes("cat /proc/version"), SideInput.ReadAll("/proc/version", 1 << 20));

    [Theory]
    [InlineData("regular", 1000, 1000, true)]
    [InlineData("regular", 1001, 1000, false)]
    [InlineData("fifo", 1000, 1000, true)]
    [InlineData("fifo", 1001, 1000, false)]
    [InlineData("fifo", 100_000, 1000, false)]
    [InlineData("/dev/zero", 0, 1 << 20, false)]
    public void ReadAllStopsWithAnErrorPastItsCap(string form, int length, int maxBytes, bool fits)
    {
        var content = Bytes(length);
        var path = form switch
        {
            "fifo" => FifoWriting(content),
            "regular" => _dir.File("regular"),
            _ => form,
        };
        if (form == "regular") File.WriteAllBytes(path, content);

        if (fits)
        {
            Assert.Equal(content, SideInput.ReadAll(path, maxBytes));
            return;
        }
        var error = Assert.Throws<InputTooLargeException>(() => SideInput.ReadAll(path, maxBytes));
        Assert.Equal(maxBytes == 1 << 20 ? "larger than 1 MiB" : $"larger than {maxBytes} bytes", error.Message);
    }

    private const string AdminRule = """[{ "id": "ADM1", "name": "Denied admin access", "severity": "medium", "where": "status in [401, 403] and path startswith \"/admin\"" }]""";

    private string Log()
    {
        var log = _dir.File("access.log");
        File.WriteAllText(log,
            "81.2.69.160 - - [01/Mar/2024:12:00:00 +0000] \"GET /admin/login HTTP/1.1\" 401 10 \"-\" \"curl/8\"\n" +
            "81.2.69.161 - - [01/Mar/2024:12:00:01 +0000] \"GET /.git/config HTTP/1.1\" 404 10 \"-\" \"curl/8\"\n" +
            "192.0.2.1 - - [01/Mar/2024:12:00:02 +0000] \"GET /admin/users HTTP/1.1\" 403 10 \"-\" \"curl/8\"\n" +
            "192.0.2.2 - - [01/Mar/2024:12:00:03 +0000] \"GET / HTTP/1.1\" 200 10 \"-\" \"curl/8\"\n");
        return log;
    }

    /// <summary>The command line around <c>{0}</c>, the side input's path, and what its output must show.</summary>
    private (string CommandLine, string Expected) SideInputCase(string kind)
    {
        var log = Log();
        switch (kind)
        {
            case "rules":
                File.WriteAllText(_dir.File("rules.json"), AdminRule);
                return ($"$FASTLOG detect --output jsonl --rules {{0}} {log}", "\"ADM1\"");
            case "geoip":
                var country = new Dictionary<string, object> { ["country"] = new Dictionary<string, object> { ["iso_code"] = "GB" } };
                File.WriteAllBytes(_dir.File("geoip"), new MmdbWriter(6, 28, "FastLog-Test").Add("81.2.69.0/24", country).Build());
                return ($"$FASTLOG detect --output jsonl --geoip {{0}} {log}", "\"country_iso_code\":\"GB\"");
            default:
                File.WriteAllText(_dir.File("values"), "# two of the four clients\n81.2.69.160\n192.0.2.2\n");
                return ($"$FASTLOG count --where \"ip in @\"{{0}} {log}", "2\n");
        }
    }

    private string SideFile(string kind) => _dir.File(kind switch { "rules" => "rules.json", _ => kind });

    [Theory]
    [InlineData("rules")]
    [InlineData("geoip")]
    [InlineData("values")]
    public void SideInputFromAPipeGivesWhatTheSameFileGives(string kind)
    {
        var (commandLine, expected) = SideInputCase(kind);
        var file = SideFile(kind);

        var fromFile = FastLogProcess.Run(string.Format(commandLine, file));
        var fromPipe = FastLogProcess.Run(string.Format(commandLine, $"<(cat {file})"));
        var fifo = _dir.File("side-fifo");
        var fromFifo = FastLogProcess.Run($"mkfifo {fifo} && (cat {file} > {fifo} &) && " + string.Format(commandLine, fifo));

        Assert.Equal(0, fromFile.ExitCode);
        Assert.Contains(expected, fromFile.StdoutText, StringComparison.Ordinal);
        Assert.True(fromPipe.ExitCode == 0, fromPipe.Stderr);
        Assert.Equal(WithoutRulesName(fromFile), WithoutRulesName(fromPipe));
        Assert.True(fromFifo.ExitCode == 0, fromFifo.Stderr);
        Assert.Equal(WithoutRulesName(fromFile), WithoutRulesName(fromFifo));
    }

    /// <summary>
    /// A partial records its rules by content, and merge checks its own rules against them: both
    /// hash the bytes they parse, so a rules file that is a FIFO is read once (a second open would
    /// wait for a writer that is gone).
    /// </summary>
    [Fact]
    public void RulesFromAFifo_AreReadOnce_ByAPartialRunAndByMerge()
    {
        SideInputCase("rules");
        var (rules, log, fifo, partial) = (SideFile("rules"), _dir.File("access.log"), _dir.File("rules-fifo"), _dir.File("run.flp"));
        var feed = $"mkfifo {fifo} && (cat {rules} > {fifo} &) && ";

        var map = FastLogProcess.Run(feed + $"$FASTLOG detect --rules {fifo} --partial {partial} {log}");
        Assert.True(map.ExitCode == 0, map.Stderr);
        var fromFifo = FastLogProcess.Run($"rm {fifo} && " + feed + $"$FASTLOG merge --output jsonl --rules {fifo} {partial}");
        Assert.True(fromFifo.ExitCode == 0, fromFifo.Stderr);
        var fromFile = FastLogProcess.Run($"$FASTLOG merge --output jsonl --rules {rules} {partial}");
        Assert.Equal(0, fromFile.ExitCode);
        Assert.Contains("custom rule from", fromFile.StdoutText, StringComparison.Ordinal);
        Assert.Equal(WithoutRulesName(fromFile), WithoutRulesName(fromFifo));
    }

    /// <summary>Findings name the rules file they come from; that name is all a pipe may change.</summary>
    private static string WithoutRulesName(CliResult run) => Regex.Replace(run.StdoutText, "custom rule from [^\"]*", "custom rule from RULES");

    [Theory]
    [InlineData("rules", "fastlog: error: --rules: /dev/zero: larger than 16 MiB")]
    [InlineData("geoip", "fastlog: error: --geoip: not a usable MaxMind DB file: /dev/zero: larger than 1 GiB")]
    [InlineData("values", "fastlog: error: --where: cannot read the value file '/dev/zero': larger than 1 GiB")]
    public void EndlessSideInputStopsWithOneClearErrorAtItsCap(string kind, string error)
    {
        var (commandLine, _) = SideInputCase(kind);

        // A separate process: reaching the 1 GiB cap holds 1 GiB, which the test host need not.
        var run = FastLogProcess.Run(string.Format(commandLine, "/dev/zero"));

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(error, run.StderrLines[0]);
        Assert.Empty(run.Stdout);
    }
}
