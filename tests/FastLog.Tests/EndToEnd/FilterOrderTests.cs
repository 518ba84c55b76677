using System.Text;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.EndToEnd;

/// <summary>
/// Issue 5, "What it must show" item 2: <c>filter</c> prints the selected input lines byte for
/// byte (CR kept, a LF added to an unterminated last line), in input order, for any thread
/// count and chunk size; several inputs (stdin among them) come out in the order given.
/// </summary>
[Collection(WhereLogCollection.Name)]
public class FilterOrderTests(WhereLogFixture logs)
{
    /// <summary>Prints column 13 (the line) of clf_fields.py rows: drops the first 12 columns.</summary>
    private const string Lines = "LC_ALL=C awk '{ l = $0; for (i = 1; i <= 12; i++) l = substr(l, index(l, \"\\t\") + 1); print l }'";

    private const string Selection = "status >= 400 or ua icontains 'bot'";
    private const string SelectionAwk = "LC_ALL=C awk -F'\\t' '$8 >= 400 || index(tolower($11), \"bot\") > 0'";

    public static TheoryData<int, string?> ThreadsAndChunks() => new()
    {
        { 1, null },
        { 2, null },
        { 3, null },
        { 8, null },
        { 1, "65536" },
        { 2, "65536" },
        { 3, "300000" },
        { 8, "65536" },
    };

    // 200k lines with 2 % damaged: the oracle keeps only lines the grammar accepts, in file order.
    [Theory, MemberData(nameof(ThreadsAndChunks))]
    public void SelectedLines_AreByteIdentical_InInputOrder(int threads, string? chunkSize)
    {
        var expected = Shell.RunBytes($"{SelectionAwk} < {logs.DirtyFields} | {Lines}");
        Assert.True(expected.Length > 1_000_000, "the selection should be a few MB");
        string[] chunking = chunkSize is null ? [] : ["--chunk-size", chunkSize];
        var run = FastLogCli.Run(["filter", logs.Dirty, "--where", Selection, "--threads", threads.ToString(), .. chunking]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        AssertSameBytes(expected, run.Stdout, $"filter --where \"{Selection}\" --threads {threads} {string.Join(' ', chunking)}");
    }

    // Without --where, filter prints every parsed line: the file minus the malformed and blank ones.
    [Fact]
    public void NoWhere_PrintsEveryAcceptedLine()
    {
        var expected = Shell.RunBytes($"python3 tests/oracles/clf_strict.py --format combined --emit line {logs.Dirty}");
        var run = FastLogCli.Run("filter", logs.Dirty, "--threads", "3", "--chunk-size", "100000");
        Assert.True(run.ExitCode == 0, run.Stderr);
        AssertSameBytes(expected, run.Stdout, "filter (no --where) vs clf_strict.py --emit line");
    }

    // Inputs in the order given, stdin included (stdin is otherwise handed out first).
    [Fact]
    public void SeveralInputs_ComeOutInTheOrderGiven()
    {
        var sample = Path.Combine(RepoPaths.Samples, "combined", "access.log");
        var stdin = File.ReadAllBytes(Path.Combine(RepoPaths.Samples, "nginx", "access.log"));
        var first = FastLogCli.Run("filter", logs.Dirty, "--where", Selection).Stdout;
        var second = FastLogCli.RunWithStdin(stdin, "filter", "-", "--where", Selection).Stdout;
        var third = FastLogCli.Run("filter", sample, "--where", Selection).Stdout;
        Assert.NotEmpty(second);
        Assert.NotEmpty(third);
        var all = FastLogCli.RunWithStdin(stdin, "filter", logs.Dirty, "-", sample, "--where", Selection, "--threads", "3", "--chunk-size", "65536");
        Assert.True(all.ExitCode == 0, all.Stderr);
        AssertSameBytes([.. first, .. second, .. third], all.Stdout, "filter FILE - FILE vs each input alone, concatenated");
    }

    // CRLF is kept; an unterminated last line gets a LF, as grep prints it.
    [Fact]
    public void CrlfAndMissingFinalNewline_AreKeptAsGrepWould()
    {
        using var temp = new TempDirectory("filter-crlf");
        var file = temp.File("crlf.log");
        var a = "1.2.3.4 - - [01/Mar/2024:10:00:00 +0000] \"GET /a HTTP/1.1\" 404 1 \"-\" \"x\"\r\n";
        var b = "1.2.3.4 - - [01/Mar/2024:10:00:01 +0000] \"GET /b HTTP/1.1\" 200 1 \"-\" \"x\"\n";
        var c = "1.2.3.4 - - [01/Mar/2024:10:00:02 +0000] \"GET /c HTTP/1.1\" 404 1 \"-\" \"x\"";
        File.WriteAllText(file, a + b + c);
        var run = FastLogCli.Run("filter", file, "--where", "status == 404");
        Assert.Equal(a + c + "\n", run.Ok());
        Assert.Equal(Shell.Run($"grep -a ' 404 ' {file}"), run.StdoutText);
    }

    private static void AssertSameBytes(byte[] expected, byte[] actual, string what)
    {
        if (expected.AsSpan().SequenceEqual(actual)) return;
        OutputAssert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(actual), what);
        Assert.Fail($"{what}: same text but different bytes (invalid UTF-8 differs)");
    }
}
