using FastLog.Tests.TestSupport;
using Xunit;

namespace FastLog.Tests.Partials;

/// <summary>
/// <c>merge</c> of partials made per shard prints, byte for byte, the report of one run over all
/// the shards (with <c>--stable</c>), for every command that takes <c>--partial</c>, whatever the
/// split (by lines = by time, by file, gzip shards) and whatever the order of the partials.
/// </summary>
public sealed class MergeEqualsOneRunTests : IDisposable
{
    private readonly TempDirectory _dir = new("partials");
    private readonly List<string> _lines;

    public MergeEqualsOneRunTests()
    {
        var log = _dir.File("all.log");
        FastLogCli.Run("generate", "--format", "combined", "--lines", "24000", "--seed", "7", "-o", log).Ok();
        _lines = [.. File.ReadAllLines(log)];
        File.Delete(log);
        // Malformed lines and a blank one, spread over the shards, so the line accounting is merged too.
        foreach (var at in new[] { 100, 5000, 12001, 23990 }) _lines.Insert(at, "this is not an access log line");
        _lines.Insert(7000, "");
    }

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string, int> CommandsAndShardCounts()
    {
        var data = new TheoryData<string, int>();
        foreach (var command in new[] { "count", "count --by status,method", "top ip", "top path", "top status", "stats bytes", "stats bytes --by method", "count --where status>=400", "analyze", "analyze --where status>=400" })
            foreach (var shards in new[] { 1, 2, 3, 5, 8 })
                data.Add(command, shards);
        return data;
    }

    [Theory]
    [MemberData(nameof(CommandsAndShardCounts))]
    public void Merge_of_line_shards_equals_one_run(string command, int shardCount)
    {
        var args = command.Split(' ');
        var shards = Shards.SplitByLines(_dir, _lines, shardCount);
        var partials = Shards.Partials(shards, args);
        var printings = args[0] == "analyze"
            ? new[] { new[] { "--stable" }, ["--stable", "--output", "json", "--top", "3"] }
            : [["--stable"], ["--stable", "--output", "json"], ["--stable", "--output", "csv", "--top", "3"]];
        foreach (var printing in printings)
            Shards.AssertMergeEqualsOneRun(args, shards, Shards.Shuffled(partials, shardCount), printing);
    }

    [Theory]
    [InlineData("top ip")]
    [InlineData("count --by status")]
    [InlineData("stats bytes --by status")]
    public void Merge_of_file_shards_with_gzip_equals_one_run(string command)
    {
        var args = command.Split(' ');
        // By file: three logs of their own (other seeds, so other clients), two of them gzip.
        var shards = new List<string>();
        for (var seed = 1; seed <= 3; seed++)
        {
            var log = _dir.File($"file-{seed}.log");
            FastLogCli.Run("generate", "--format", "combined", "--lines", $"{3000 * seed}", "--seed", $"{seed}", "-o", log).Ok();
            shards.Add(seed == 2 ? log : Shards.Gzip(log));
        }
        var partials = Shards.Partials(shards, args);
        Shards.AssertMergeEqualsOneRun(args, shards, partials, ["--stable"]);
        Shards.AssertMergeEqualsOneRun(args, shards, [.. Enumerable.Reverse(partials)], ["--stable"]);
    }

    [Theory]
    [InlineData("combined", "common", "nginx")]
    [InlineData("w3c", "alb", "combined")]
    public void Merge_of_analyze_over_files_of_several_formats_equals_one_run(string first, string second, string third)
    {
        var shards = new List<string>();
        foreach (var (format, seed) in new[] { (first, 4), (second, 5), (third, 6) })
        {
            var log = _dir.File($"{format}-{seed}.log");
            FastLogCli.Run("generate", "--format", format, "--lines", "4000", "--seed", $"{seed}", "-o", log).Ok();
            shards.Add(seed == 5 ? Shards.Gzip(log) : log);
        }
        var partials = Shards.Partials(shards, ["analyze"]);
        Shards.AssertMergeEqualsOneRun(["analyze"], shards, [partials[2], partials[0], partials[1]], ["--stable"]);
        Shards.AssertMergeEqualsOneRun(["analyze"], shards, partials, ["--stable", "--output", "json"]);
    }

    [Theory]
    [InlineData("auth")]
    [InlineData("syslog")]
    [InlineData("cloudtrail")]
    [InlineData("github")]
    public void Merge_of_analyze_over_a_non_access_format_equals_one_run(string format)
    {
        // Split by lines = by time: each view (auth, syslog, CloudTrail, GitHub) and the hourly activity are merged.
        var log = _dir.File($"{format}.log");
        FastLogCli.Run("generate", "--format", format, "--lines", "6000", "--seed", "8", "-o", log).Ok();
        var lines = File.ReadAllLines(log);
        foreach (var count in new[] { 2, 5 })
        {
            var shards = Shards.SplitByLines(_dir, lines, count, $"{format}{count}");
            // Forced format: a shard cut out of a CloudTrail or GitHub file must still be read as one.
            var command = new[] { "analyze", "--format", format };
            Shards.AssertMergeEqualsOneRun(command, shards, Shards.Shuffled(Shards.Partials(shards, command), count), ["--stable"]);
        }
    }

    [Fact]
    public void Merge_of_analyze_over_mixed_formats_equals_one_run()
    {
        var shards = new List<string>();
        foreach (var (format, seed) in new[] { ("combined", 1), ("auth", 2), ("syslog", 3), ("cloudtrail", 4) })
        {
            var log = _dir.File($"mixed-{format}.log");
            FastLogCli.Run("generate", "--format", format, "--lines", "3000", "--seed", $"{seed}", "-o", log).Ok();
            shards.Add(log);
        }
        Shards.AssertMergeEqualsOneRun(["analyze"], shards, Shards.Shuffled(Shards.Partials(shards, ["analyze"]), 3), ["--stable"]);
        Shards.AssertMergeEqualsOneRun(["analyze"], shards, Shards.Partials(shards, ["analyze"]), ["--stable", "--output", "json"]);
    }

    [Fact]
    public void Merge_count_equals_the_awk_count_of_the_records()
    {
        var shards = Shards.SplitByLines(_dir, _lines, 4);
        var partials = Shards.Partials(shards, ["count", "--where", "status>=500"]);
        // A whole combined line has 7 fields between quotes, status and bytes in the 3rd; joined
        // lines (trailing junk, which the generator injects) have more, and are malformed.
        var oracle = Shell.Run($"cat {string.Join(' ', shards.Select(Shell.Quote))} | awk -F'\"' 'NF == 7 {{ if (split($3, a, \" \") == 2 && a[1] ~ /^[0-9]+$/ && a[1] >= 500) n++ }} END {{ print n + 0 }}'").Trim();
        Assert.Equal(oracle + "\n", FastLogCli.Run(["merge", .. partials]).Ok());
    }

    [Fact]
    public void Merge_is_independent_of_partial_order()
    {
        // Property: 12 random orders of 8 partials give one output.
        var shards = Shards.SplitByLines(_dir, _lines, 8);
        foreach (var command in new[] { "top ip", "stats bytes --by status" })
        {
            var partials = Shards.Partials(shards, command.Split(' '));
            var first = FastLogCli.Run(["merge", "--stable", "--output", "json", .. partials]).Ok();
            for (var seed = 0; seed < 12; seed++)
                Assert.Equal(first, FastLogCli.Run(["merge", "--stable", "--output", "json", .. Shards.Shuffled(partials, seed)]).Ok());
        }
    }

    [Fact]
    public void Partials_are_deterministic_for_the_same_input()
    {
        var shards = Shards.SplitByLines(_dir, _lines, 1);
        var a = _dir.File("a.flp");
        var b = _dir.File("b.flp");
        FastLogCli.Run("top", "ip", "--threads", "1", "--partial", a, shards[0]).Ok();
        FastLogCli.Run("top", "ip", "--threads", "4", "--chunk-size", "65536", "--partial", b, shards[0]).Ok();
        Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
    }

    [Theory]
    [InlineData("top ip")]
    [InlineData("count --by status")]
    public void Merge_of_merges_equals_one_run(string command)
    {
        var args = command.Split(' ');
        var shards = Shards.SplitByLines(_dir, _lines, 6);
        var partials = Shards.Partials(shards, args);
        // Tree reduce: (0,1,2) and (3,4) merged into partials, then merged with 5.
        var left = _dir.File("left.flp");
        var right = _dir.File("right.flp");
        FastLogCli.Run(["merge", "--partial", left, .. partials[..3]]).Ok();
        FastLogCli.Run(["merge", "--partial", right, partials[3], partials[4]]).Ok();
        Shards.AssertMergeEqualsOneRun(args, shards, [right, partials[5], left], ["--stable"]);
        // A merged partial still knows its shards: adding one of them again is a duplicate.
        var again = FastLogCli.Run("merge", left, right, partials[5], partials[1]);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("the same shard twice", again.Stderr);
    }
}
