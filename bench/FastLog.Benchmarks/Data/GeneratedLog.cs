using System.Text;
using FastLog.Columns;
using FastLog.Formats;
using FastLog.Generation;
using FastLog.Generation.Traffic;

namespace FastLog.Benchmarks.Data;

/// <summary>
/// In-memory inputs for the micro-benchmarks, made by the product's own generator
/// (<c>fastlog generate --format combined</c>: Zipf-skewed clients and paths, a few dozen user
/// agents, about 0.05 % malformed lines, attack scenarios). The same seed always gives the same
/// bytes, so throughput columns computed in the host process match the benchmark process's input.
/// </summary>
internal static class GeneratedLog
{
    /// <summary>
    /// Returns exactly <paramref name="lengthBytes"/> bytes of a generated combined log. The last
    /// line is cut where the buffer ends (a scanner does not care; parser benchmarks use <see cref="GenerateLines"/>).
    /// </summary>
    public static byte[] Generate(int lengthBytes, ulong seed = 42)
    {
        var options = new GenerationOptions { Format = LogFormat.Combined, SizeBytes = lengthBytes, Seed = seed };
        using var output = new MemoryStream(lengthBytes + 4096);
        LogGenerator.Generate(options, output);
        return output.GetBuffer().AsSpan(0, lengthBytes).ToArray();
    }

    /// <summary>At most <paramref name="maxBytes"/> bytes of whole lines (the last byte is <c>\n</c>).</summary>
    public static byte[] GenerateLines(int maxBytes, ulong seed = 42)
    {
        var bytes = Generate(maxBytes, seed);
        return bytes.AsSpan(0, bytes.AsSpan().LastIndexOf((byte)'\n') + 1).ToArray();
    }

    /// <summary>The generator's client addresses for a log of about <paramref name="expectedLines"/> lines, most popular first.</summary>
    public static string[] ClientPool(long expectedLines, ulong seed)
        => Distinct(new ClientPool(expectedLines, new UserAgentCatalog(), seed).Addresses);

    /// <summary>The generator's request targets (path and query), most popular first.</summary>
    public static string[] PathPool(ulong seed) => Distinct(new RequestPool(seed).Targets);

    /// <summary>The generator's user agents (browsers in several versions, crawlers, tools, scanners).</summary>
    public static string[] UserAgentPool() => Distinct(new UserAgentCatalog().Agents);

    private static string[] Distinct(FrozenUtf8Strings strings)
    {
        var seen = new HashSet<string>(strings.Count);
        var pool = new List<string>(strings.Count);
        for (var i = 0; i < strings.Count; i++)
        {
            var text = Encoding.UTF8.GetString(strings[i]);
            if (seen.Add(text)) pool.Add(text);
        }
        return [.. pool];
    }
}
