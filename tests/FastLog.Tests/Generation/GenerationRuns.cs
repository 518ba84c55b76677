using System.Globalization;
using System.Text.Json;
using FastLog.Columns;
using FastLog.Formats;
using FastLog.Generation;
using FastLog.Generation.Truth;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Generation;

/// <summary>Helpers of the syslog, w3c and alb generation tests: in-process runs, CLI runs with a manifest, the detection sample.</summary>
internal static class GenerationRuns
{
    /// <summary>The bytes of one in-process generation run.</summary>
    public static byte[] Bytes(LogFormat format, ulong seed, int threads, long? lines = null, long? size = null, bool attacks = true)
    {
        using var output = new MemoryStream();
        LogGenerator.Generate(new GenerationOptions { Format = format, Lines = lines, SizeBytes = size, Seed = seed, Threads = threads, Attacks = attacks }, output);
        return output.ToArray();
    }

    /// <summary>Generates through the CLI into <paramref name="temp"/>; returns the log's path and its truth manifest.</summary>
    public static (string Path, TruthManifest Truth) Cli(TempDirectory temp, string format, string amount, string value, int seed, bool attacks = true, int threads = 2)
    {
        var path = temp.File($"{format}-{seed}-{value}.log");
        var truth = temp.File($"{format}-{seed}-{value}.truth.json");
        FastLogCli.Run("generate", "--format", format, amount, value, "--seed", seed.ToString(CultureInfo.InvariantCulture),
            "--attacks", attacks ? "default" : "none", "--threads", threads.ToString(CultureInfo.InvariantCulture), "--truth", truth, "-o", path).Ok();
        using var stream = File.OpenRead(truth);
        return (path, JsonSerializer.Deserialize(stream, TruthJsonContext.Default.TruthManifest)!);
    }

    /// <summary><c>COUNT KEY</c> lines (uniq -c) as a key → count map.</summary>
    public static SortedDictionary<string, long> UniqCounts(string text)
    {
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Trim().Split(' ', 2);
            counts[parts[1]] = long.Parse(parts[0], CultureInfo.InvariantCulture);
        }
        return counts;
    }

    /// <summary><c>count --by F --output csv</c> as a key → count map.</summary>
    public static SortedDictionary<string, long> CsvCounts(string csv)
    {
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1))
        {
            var comma = line.LastIndexOf(',');
            counts[line[..comma]] = long.Parse(line[(comma + 1)..], CultureInfo.InvariantCulture);
        }
        return counts;
    }

    /// <summary>The distinct <c>source.ip</c> of <c>fastlog detect --output jsonl</c> on <paramref name="path"/>, by jq.</summary>
    public static string DetectedSources(TempDirectory temp, string path)
    {
        var findings = temp.File(System.IO.Path.GetFileName(path) + ".findings.jsonl");
        FastLogCli.Run("detect", "--output", "jsonl", "-o", findings, path).Ok();
        return Shell.Run($"jq -r .source.ip {Shell.Quote(findings)} | LC_ALL=C sort -u");
    }

    /// <summary>The first 64 KiB of <paramref name="path"/>, what detection reads.</summary>
    public static byte[] Sample(string path)
    {
        using var stream = File.OpenRead(path);
        var buffer = new byte[FormatDetector.SampleBytes];
        return buffer[..stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false)];
    }

    /// <summary>Asserts the same bytes for threads 1, 2 and 3 over three segments, and exactly <paramref name="lines"/> lines.</summary>
    public static void AssertThreadInvariant(LogFormat format, int lines)
    {
        var one = Bytes(format, 11, threads: 1, lines: lines);
        foreach (var threads in new[] { 2, 3 })
            Assert.True(one.AsSpan().SequenceEqual(Bytes(format, 11, threads, lines: lines)), $"{format}: {threads} threads differ from 1");
        Assert.Equal(lines, one.AsSpan().Count((byte)'\n'));
        Assert.False(one.AsSpan().SequenceEqual(Bytes(format, 12, threads: 2, lines: lines)), $"{format}: seeds 11 and 12 give the same log");
    }

    /// <summary>Asserts that <c>--size</c> stops at the first line end at or past it, the same for 1 and 3 threads, and the manifest counts what was written.</summary>
    public static void AssertSizeCut(string format, long size)
    {
        using var temp = new TempDirectory("generate-size-" + format);
        var (path, truth) = Cli(temp, format, "--size", size.ToString(CultureInfo.InvariantCulture), 5, threads: 1);
        var data = File.ReadAllBytes(path);
        Assert.True(data.AsSpan().SequenceEqual(Bytes(GeneratedFormats.Find(format)!.Value, 5, threads: 3, size: size)), $"{format}: --size differs between 1 and 3 threads");
        Assert.True(data.Length >= size, $"{data.Length} bytes < {size}");
        Assert.Equal((byte)'\n', data[^1]);
        Assert.True(data.AsSpan(0, data.Length - 1).LastIndexOf((byte)'\n') < size - 1, "the line before the last already reached the size");
        Assert.Equal(data.Length, truth.Bytes);
        Assert.Equal(data.AsSpan().Count((byte)'\n'), truth.Lines);
        // More than one segment of 16,384 background lines, so the cut is not in the first one.
        Assert.True(truth.Lines > 16_384, $"{truth.Lines} lines");
    }
}
