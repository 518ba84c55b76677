using FastLog.Tests.TestSupport;

namespace FastLog.Tests.EndToEnd;

/// <summary>
/// Two logs made once per test class by data/generators/gen-combined.py (fixed seeds) in a temp
/// folder that is deleted afterwards: a 1M-line combined log without malformed lines (about
/// 230 MB, about 51k distinct clients), and a 200k-line one with 2 % malformed lines (some of
/// which, such as raw spaces in the target or a blank line, are not malformed by the grammar;
/// the oracle decides).
/// </summary>
public sealed class GeneratedLogsFixture : IDisposable
{
    private readonly TempDirectory _temp = new("generated");

    /// <summary>Generates both logs (a few seconds).</summary>
    public GeneratedLogsFixture()
    {
        Clean = _temp.File("clean-1m.log");
        Dirty = _temp.File("dirty-200k.log");
        Shell.Run($"python3 data/generators/gen-combined.py --lines 1000000 --seed 5 --malformed-ratio 0 --quiet --out {Clean}");
        Shell.Run($"python3 data/generators/gen-combined.py --lines 200000 --seed 11 --malformed-ratio 0.02 --quiet --out {Dirty}");
    }

    /// <summary>1,000,000 well-formed combined lines.</summary>
    public string Clean { get; }

    /// <summary>200,000 combined lines, 2 % of them damaged.</summary>
    public string Dirty { get; }

    /// <inheritdoc/>
    public void Dispose() => _temp.Dispose();
}
