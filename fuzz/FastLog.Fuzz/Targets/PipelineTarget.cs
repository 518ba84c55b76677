using System.IO.Hashing;
using System.Text;
using System.Text.Json;
using FastLog.Formats;
using FastLog.Fuzz.Engines;
using FastLog.Fuzz.Invariants;
using FastLog.Output.Text;

namespace FastLog.Fuzz.Targets;

/// <summary>
/// The whole pipeline, bytes to report, through the CLI in-process: one thread reading the file
/// and two threads with mmap and a chunk size drawn from the input give byte-identical JSON
/// reports and exit codes; the JSON parses; the terminal table and <c>filter</c>'s terminal
/// output hold no control byte (but <c>filter</c>'s tabs) or invisible character.
/// </summary>
/// <remarks>
/// A first byte below 0x10 picks <c>--format</c> (the formats a file names, in registry order);
/// any other input is detected.
/// </remarks>
public sealed class PipelineTarget : IFuzzTarget
{
    private static readonly string[] s_formats = [.. FormatRegistry.Names.Where(n => n is not ("custom" or "parquet" or "csv"))];
    private readonly string _path = Path.Combine(Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath(), $"fastlog-fuzz-{Environment.ProcessId}.log");

    /// <inheritdoc/>
    public string Name => "pipeline";

    /// <inheritdoc/>
    public void Run(ReadOnlySpan<byte> data)
    {
        string[] format = [];
        if (!data.IsEmpty && data[0] < 0x10)
        {
            format = ["--format", s_formats[data[0] % s_formats.Length]];
            data = data[1..];
        }
        File.WriteAllBytes(_path, data.ToArray());
        // Chunks of 1 to 257 bytes: cuts fall inside lines, at every column, and a chunk may hold no line end at all.
        var chunk = (1 + XxHash64.HashToUInt64(data) % 257).ToString();
        var (exit1, one) = CapturingConsole.Run([], false, ["analyze", "--output", "json", "--stable", "--threads", "1", "--io", "read", .. format, _path]);
        var (exit2, two) = CapturingConsole.Run([], false, ["analyze", "--output", "json", "--stable", "--threads", "2", "--io", "mmap", "--chunk-size", chunk, .. format, _path]);
        if (exit1 != exit2) Fail($"exit {exit1} with 1 thread, {exit2} with 2 threads and chunks of {chunk}: {one.StderrText} / {two.StderrText}");
        if (!one.StdoutBytes.AsSpan().SequenceEqual(two.StdoutBytes)) Fail($"JSON reports differ between 1 thread and 2 threads with chunks of {chunk} bytes");
        if (exit1 == 0)
        {
            try
            {
                using var _ = JsonDocument.Parse(one.StdoutBytes);
            }
            catch (JsonException e)
            {
                Fail($"the JSON report does not parse: {e.Message}");
            }
        }
        else if (exit1 != 1) Fail($"exit code {exit1}: {one.StderrText}");
        var (_, table) = CapturingConsole.Run([], true, ["analyze", "--stable", "--threads", "1", .. format, _path]);
        CheckTerminal("analyze table", table.StdoutBytes, tabAllowed: false);
        CheckTerminal("analyze stderr", Encoding.UTF8.GetBytes(table.StderrText), tabAllowed: false);
        var (_, filter) = CapturingConsole.Run([], true, ["filter", "--threads", "1", .. format, _path]);
        // Raw lines keep their tabs (documented: a tab is layout, not a control sequence).
        CheckTerminal("filter", filter.StdoutBytes, tabAllowed: true);
    }

    private static void CheckTerminal(string what, byte[] output, bool tabAllowed)
    {
        var text = output.AsSpan();
        var at = 0;
        // Invariant: text[0, at) decodes to runes a terminal shows as themselves (or LF).
        while (at < text.Length)
        {
            if (Rune.DecodeFromUtf8(text[at..], out var rune, out var length) != System.Buffers.OperationStatus.Done)
                Fail($"{what}: invalid UTF-8 at byte {at}");
            if (rune.Value != '\n' && !(tabAllowed && rune.Value == '\t') && (TerminalText.IsControl(rune.Value) || TerminalText.IsInvisible(rune.Value)))
                Fail($"{what}: U+{rune.Value:X4} at byte {at} reaches the terminal unescaped");
            at += length;
        }
    }

    private static void Fail(string message) => throw new InvariantViolation("pipeline", message);

    /// <inheritdoc/>
    public IEnumerable<(string Name, byte[] Bytes)> Seeds()
    {
        foreach (var format in new[] { "combined", "nginx", "auth", "cloudtrail", "w3c", "alb", "syslog", "github" })
            foreach (var seed in SeedSlices.Generated(format, 2)) yield return seed;
    }
}
