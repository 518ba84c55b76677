using System.Text;
using CsCheck;
using FastLog.Tests.Partials;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Properties;

/// <summary>
/// Issue 16: merging detect partials is order-independent and associative. For random splits of
/// a log holding windowed attacks (cut at random lines, so attacks straddle shards), any order of
/// the partials and any grouping into a tree of merges gives the one run's report; and the merged
/// state itself is the same bytes whatever the grouping: merge(merge(A, B), C) = merge(A, merge(B, C)).
/// </summary>
public class DetectMergeProperties
{
    [Fact]
    public void Merge_of_detect_partials_is_order_independent_and_associative() =>
        Gen.Select(Gen.Int[3, 6], Gen.Int, Gen.OneOf("web", "auth", "cloudtrail")).Sample((shards, seed, family) =>
        {
            using var dir = new TempDirectory("detect-property");
            var random = new Random(seed);
            var lines = AttackFixture.Of(family).Lines();
            // Random distinct cuts: shard s holds lines [cuts[s], cuts[s + 1]), never empty (two empty
            // shards have the same content, which merge rightly refuses as the same shard twice).
            var inner = new SortedSet<int>();
            while (inner.Count < shards - 1) inner.Add(random.Next(1, lines.Count));
            var cuts = inner.Prepend(0).Append(lines.Count).ToArray();
            var paths = new List<string>();
            for (var s = 0; s < shards; s++)
            {
                var path = dir.File($"shard-{s}.log");
                File.WriteAllText(path, string.Concat(lines.Skip(cuts[s]).Take(cuts[s + 1] - cuts[s]).Select(l => l + "\n")));
                paths.Add(path);
            }
            string[] command = family == "auth" ? ["detect", "--year", "2024"] : ["detect"];
            var partials = Shards.Shuffled(Shards.Partials(paths, command), seed);
            string[] printing = ["--stable", "--output", "jsonl"];
            var one = FastLogCli.Run([.. command, .. printing, .. paths]).Ok();
            Assert.Equal(one, FastLogCli.Run(["merge", .. printing, .. partials]).Ok());

            // Associativity: ((p0 p1) p2 …) against (p0 (p1 p2 …)), each level a partial.
            var left = dir.File("left.flp");
            FastLogCli.Run(["merge", "--partial", left, partials[0], partials[1]]).Ok();
            var leftAll = dir.File("left-all.flp");
            FastLogCli.Run(["merge", "--partial", leftAll, left, .. partials.Skip(2)]).Ok();
            var right = dir.File("right.flp");
            FastLogCli.Run(["merge", "--partial", right, .. partials.Skip(1)]).Ok();
            var rightAll = dir.File("right-all.flp");
            FastLogCli.Run(["merge", "--partial", rightAll, right, partials[0]]).Ok();
            Assert.Equal(File.ReadAllBytes(leftAll), File.ReadAllBytes(rightAll));
            Assert.Equal(one, FastLogCli.Run(["merge", .. printing, leftAll]).Ok());
        }, iter: 6, threads: 1, print: t => $"{t.Item1} shards, seed {t.Item2}, {t.Item3}");
}
