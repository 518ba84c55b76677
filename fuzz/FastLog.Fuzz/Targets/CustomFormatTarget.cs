using System.Text;
using FastLog.Formats;
using FastLog.Formats.Custom;
using FastLog.Fuzz.Engines;
using FastLog.Fuzz.Invariants;

namespace FastLog.Fuzz.Targets;

/// <summary>
/// The <c>--log-format</c> compiler and the parser it builds: the input's first line is the
/// format, the rest the log. A format the compiler refuses must be refused with a
/// <see cref="FormatException"/> (the CLI's clear error); one it accepts must parse any log
/// under the block invariants and agree across scanners.
/// </summary>
public sealed class CustomFormatTarget(GuardedArena arena) : IFuzzTarget
{
    private static readonly CustomFormat s_format = new();

    /// <inheritdoc/>
    public string Name => "custom";

    /// <inheritdoc/>
    public void Run(ReadOnlySpan<byte> data)
    {
        var lf = data.IndexOf((byte)'\n');
        if (lf < 0) lf = data.Length;
        var layout = Encoding.UTF8.GetString(data[..lf]);
        try
        {
            CustomPlan.Compile(layout);
        }
        catch (FormatException)
        {
            return;
        }
        var log = lf < data.Length ? data[(lf + 1)..] : default;
        new ScannerDifferential(Name, s_format, new FormatSettings { CustomLayout = layout }, arena).Check(log);
    }

    /// <inheritdoc/>
    public IEnumerable<(string Name, byte[] Bytes)> Seeds()
    {
        var common = SeedSlices.FromFile(Path.Combine(FuzzTargets.RepoRoot, "data/samples/common/access.log"), 2);
        var combined = SeedSlices.FromFile(Path.Combine(FuzzTargets.RepoRoot, "data/samples/combined/access.log"), 2);
        foreach (var (n, bytes) in common) yield return ($"common-{n}", [.. "%h %l %u %t \"%r\" %>s %b\n"u8, .. bytes]);
        foreach (var (n, bytes) in combined)
        {
            yield return ($"combined-{n}", [.. "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\"\n"u8, .. bytes]);
            yield return ($"combined-split-{n}", [.. "%h %^ %u [%d:%t %^] \"%m %U%q %H\" %s %b \"%R\" \"%u\"\n"u8, .. bytes]);
        }
    }
}
