using System.Text.Json;
using FastLog.Generation.Truth;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Generation;

/// <summary>
/// Logs made once per test class by <c>fastlog generate</c> (in-process) in a temp folder deleted
/// afterwards: 300k combined lines with attacks, 100k nginx and 100k common lines with attacks,
/// and 100k combined lines without attacks, each with its truth manifest.
/// </summary>
public sealed class GeneratedLogsFixture : IDisposable
{
    private readonly TempDirectory _temp = new("generation");

    /// <summary>Generates the four logs (a second or two).</summary>
    public GeneratedLogsFixture()
    {
        Combined = Make("combined", 300_000, seed: 7, attacks: true);
        Nginx = Make("nginx", 100_000, seed: 8, attacks: true);
        Common = Make("common", 100_000, seed: 9, attacks: true);
        Quiet = Make("combined", 100_000, seed: 7, attacks: false);
    }

    /// <summary>One generated log and its manifest.</summary>
    public sealed record Log(string Path, string Format, TruthManifest Truth);

    public Log Combined { get; }
    public Log Nginx { get; }
    public Log Common { get; }
    /// <summary>Combined, <c>--attacks none</c>, the same seed as <see cref="Combined"/>.</summary>
    public Log Quiet { get; }

    /// <summary>The logs with attacks.</summary>
    public IEnumerable<Log> WithAttacks => [Combined, Nginx, Common];

    private Log Make(string format, int lines, int seed, bool attacks)
    {
        var name = $"{format}-{lines}-{seed}-{(attacks ? "attacks" : "quiet")}";
        var path = _temp.File(name + ".log");
        var truth = _temp.File(name + ".truth.json");
        FastLogCli.Run("generate", "--format", format, "--lines", lines.ToString(), "--seed", seed.ToString(),
            "--attacks", attacks ? "default" : "none", "--truth", truth, "-o", path).Ok();
        using var stream = File.OpenRead(truth);
        return new Log(path, format, JsonSerializer.Deserialize(stream, TruthJsonContext.Default.TruthManifest)!);
    }

    /// <inheritdoc/>
    public void Dispose() => _temp.Dispose();
}
