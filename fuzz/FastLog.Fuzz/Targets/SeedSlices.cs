using FastLog.Fuzz.Engines;

namespace FastLog.Fuzz.Targets;

/// <summary>Seed inputs cut from generated logs and sample files: small slices of whole lines, as the fuzzer likes them.</summary>
public static class SeedSlices
{
    /// <summary>Lines per seed: enough to exercise a parser's batch loop, small enough to mutate fast.</summary>
    private const int LinesPerSeed = 8;

    /// <summary>Up to <paramref name="count"/> seeds of <see cref="LinesPerSeed"/> lines from <c>fastlog generate --format <paramref name="format"/></c>.</summary>
    public static IEnumerable<(string Name, byte[] Bytes)> Generated(string format, int count = 6)
    {
        var (exit, console) = CapturingConsole.Run([], false, "generate", "--format", format, "--lines", (count * LinesPerSeed).ToString(), "--seed", "7");
        if (exit != 0) throw new InvalidOperationException($"fastlog generate --format {format}: exit {exit}: {console.StderrText}");
        return Slices($"gen-{format}", console.StdoutBytes, count);
    }

    /// <summary>Up to <paramref name="count"/> seeds from a file of whole lines.</summary>
    public static IEnumerable<(string Name, byte[] Bytes)> FromFile(string path, int count = 4)
        => File.Exists(path) ? Slices($"file-{Path.GetFileName(Path.GetDirectoryName(path))}", File.ReadAllBytes(path), count) : [];

    /// <summary>Cuts <paramref name="text"/> into consecutive slices of whole lines.</summary>
    public static IEnumerable<(string Name, byte[] Bytes)> Slices(string prefix, byte[] text, int count)
    {
        var start = 0;
        // Invariant: text[0, start) is cut into the seeds yielded so far; each pass yields one seed or stops.
        for (var i = 0; i < count && start < text.Length; i++)
        {
            var end = start;
            for (var line = 0; line < LinesPerSeed && end < text.Length; line++)
            {
                var lf = text.AsSpan(end).IndexOf((byte)'\n');
                end = lf < 0 ? text.Length : end + lf + 1;
            }
            yield return ($"{prefix}-{i}", text[start..end]);
            start = end;
        }
    }
}
