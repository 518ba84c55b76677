using FastLog.Formats;
using FastLog.Formats.Parquet;
using FastLog.Fuzz.Engines;
using FastLog.Fuzz.Invariants;

namespace FastLog.Fuzz.Targets;

/// <summary>
/// Parquet input: a file that is not readable Parquet is refused only with
/// <see cref="InvalidDataException"/>; the lines a readable one turns into are bounded and parse
/// under the block invariants.
/// </summary>
public sealed class ParquetTarget(GuardedArena arena) : IFuzzTarget
{
    /// <summary>Lines read at most per input: a row count field must not make the fuzzer spin.</summary>
    private const int MaxLineBytes = 4 << 20;

    private ScannerDifferential? _differential;

    /// <inheritdoc/>
    public string Name => "parquet";

    /// <inheritdoc/>
    public void Run(ReadOnlySpan<byte> data)
    {
        var lines = new MemoryStream();
        try
        {
            using var stream = new ParquetLineStream(new MemoryStream(data.ToArray(), writable: false));
            var buffer = new byte[1 << 16];
            int n;
            // Invariant: lines holds every byte read so far.
            while (lines.Length < MaxLineBytes && (n = stream.Read(buffer)) > 0) lines.Write(buffer, 0, n);
        }
        catch (InvalidDataException)
        {
            return;
        }
        if (lines.Length == 0 || lines.Length > arena.Capacity) return;
        var text = lines.GetBuffer().AsSpan(0, (int)lines.Length);
        var end = text.LastIndexOf((byte)'\n');
        if (end < 0) throw new InvariantViolation(Name, "the line stream ends inside a line");
        (_differential ??= new ScannerDifferential(Name, new ParquetFormat(), FormatSettings.Default, arena)).Check(text[..(end + 1)]);
    }

    /// <inheritdoc/>
    public IEnumerable<(string Name, byte[] Bytes)> Seeds()
    {
        var dir = Directory.CreateTempSubdirectory("fastlog-fuzz-parquet");
        try
        {
            foreach (var (name, bytes) in SeedSlices.FromFile(Path.Combine(FuzzTargets.RepoRoot, "data/samples/combined/access.log"), 2)
                         .Concat(SeedSlices.Generated("alb", 1)).Concat(SeedSlices.Generated("auth", 1)))
            {
                var log = Path.Combine(dir.FullName, name + ".log");
                var parquet = Path.Combine(dir.FullName, name + ".parquet");
                File.WriteAllBytes(log, bytes);
                var (exit, console) = CapturingConsole.Run([], false, "convert", "--to", "parquet", "-o", parquet, log);
                if (exit != 0) throw new InvalidOperationException($"convert {name}: exit {exit}: {console.StderrText}");
                yield return (name, File.ReadAllBytes(parquet));
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
