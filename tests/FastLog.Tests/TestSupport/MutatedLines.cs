using System.Text;

namespace FastLog.Tests.TestSupport;

/// <summary>
/// Hostile input made from good lines: each line one of the seeds with up to three mutations
/// (a byte replaced by an interesting one, deleted, inserted, or a run of up to 10 bytes
/// duplicated), so structural bytes (quotes, LF, CR, backslash, brackets, NUL, high bytes) land
/// anywhere. Deterministic for a seed.
/// </summary>
public static class MutatedLines
{
    private static readonly byte[] s_interesting = "\n\r \"\\[]-:/+0\0\x80\xff"u8.ToArray();

    /// <summary><paramref name="count"/> mutated lines of <paramref name="seeds"/>, each ended by LF.</summary>
    public static byte[] Make(IReadOnlyList<string> seeds, int count, int seed)
    {
        var random = new Random(seed);
        var text = new List<byte>();
        for (var i = 0; i < count; i++)
        {
            var line = Encoding.UTF8.GetBytes(seeds[random.Next(seeds.Count)]).ToList();
            for (var m = random.Next(0, 4); m > 0 && line.Count > 0; m--)
            {
                var at = random.Next(line.Count);
                switch (random.Next(4))
                {
                    case 0: line[at] = s_interesting[random.Next(s_interesting.Length)]; break;
                    case 1: line.RemoveAt(at); break;
                    case 2: line.Insert(at, s_interesting[random.Next(s_interesting.Length)]); break;
                    default: line.InsertRange(at, line.GetRange(at, Math.Min(10, line.Count - at))); break;
                }
            }
            text.AddRange(line);
            text.Add((byte)'\n');
        }
        return [.. text];
    }
}
