using System.IO.Compression;
using System.Text;
using FastLog.Tests.TestSupport;
using Xunit;

namespace FastLog.Tests.Partials;

/// <summary>Splits logs into shard files, runs a command per shard with --partial, and merges.</summary>
internal static class Shards
{
    /// <summary>Splits <paramref name="lines"/> into <paramref name="count"/> contiguous shards (a time split for a time-ordered log) named shard-0.log…; returns their paths.</summary>
    public static List<string> SplitByLines(TempDirectory dir, IReadOnlyList<string> lines, int count, string prefix = "shard")
    {
        var paths = new List<string>();
        for (var s = 0; s < count; s++)
        {
            var from = (int)((long)lines.Count * s / count);
            var to = (int)((long)lines.Count * (s + 1) / count);
            var path = dir.File($"{prefix}-{s}.log");
            File.WriteAllText(path, string.Concat(lines.Skip(from).Take(to - from).Select(l => l + "\n")));
            paths.Add(path);
        }
        return paths;
    }

    /// <summary>Replaces <paramref name="path"/> by a gzip copy <c>path.gz</c>; returns the new path.</summary>
    public static string Gzip(string path)
    {
        using (var input = File.OpenRead(path))
        using (var output = new GZipStream(File.Create(path + ".gz"), CompressionLevel.Fastest))
            input.CopyTo(output);
        File.Delete(path);
        return path + ".gz";
    }

    /// <summary>Runs <paramref name="command"/> on each shard with <c>--partial</c>; returns the partial paths.</summary>
    public static List<string> Partials(IReadOnlyList<string> shards, string[] command)
    {
        var partials = new List<string>();
        foreach (var shard in shards)
        {
            var partial = shard + ".flp";
            FastLogCli.Run([.. command, "--partial", partial, shard]).Ok();
            partials.Add(partial);
        }
        return partials;
    }

    /// <summary>A copy of <paramref name="items"/> in a random order from <paramref name="seed"/>.</summary>
    public static List<T> Shuffled<T>(IEnumerable<T> items, int seed)
    {
        var list = items.ToList();
        var random = new Random(seed);
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
        return list;
    }

    /// <summary>
    /// Asserts that merging <paramref name="partials"/> prints exactly what one run of
    /// <paramref name="command"/> over <paramref name="shards"/> prints, the shards given in path
    /// order (as a shell glob gives them; merge lists its inputs in that order).
    /// </summary>
    public static void AssertMergeEqualsOneRun(string[] command, IReadOnlyList<string> shards, IReadOnlyList<string> partials, string[] printing, string[]? mergeOnly = null)
    {
        var inPathOrder = shards.Order(StringComparer.Ordinal);
        var one = FastLogCli.Run([.. command, .. printing, .. inPathOrder]).Ok();
        var merged = FastLogCli.Run(["merge", .. printing, .. mergeOnly ?? [], .. partials]);
        Assert.True(merged.ExitCode == 0, $"{merged.CommandLine} exited {merged.ExitCode}: {merged.Stderr}");
        Assert.True(Encoding.UTF8.GetString(merged.Stdout) == one,
            $"{merged.CommandLine} differs from one run of {string.Join(' ', command)}:\n--- one run\n{one}\n--- merge\n{merged.StdoutText}");
    }
}
