using FastLog.Columns;
using FastLog.Formats;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.EndToEnd;

/// <summary>
/// Two logs made once per test class by the generator library (<see cref="GeneratedInputs"/>,
/// fixed seeds) in a temp folder that is deleted afterwards: a 1M-line combined log without
/// malformed lines (about 225 MB, about 5,000 distinct clients), and a 200k-line one with 2 %
/// of its lines damaged besides the generator's own (some of which, such as raw spaces in the
/// target or a blank line, are not malformed by the grammar; the oracle decides).
/// </summary>
public sealed class GeneratedLogsFixture : IDisposable
{
    private readonly TempDirectory _temp = new("generated");

    /// <summary>Generates both logs (a few seconds).</summary>
    public GeneratedLogsFixture()
    {
        Clean = _temp.File("clean-1m.log");
        Dirty = _temp.File("dirty-200k.log");
        GeneratedInputs.Write(Clean, LogFormat.Combined, 1_000_000, seed: 5, malformedPerMillion: 0);
        GeneratedInputs.Write(Dirty, LogFormat.Combined, 200_000, seed: 11);
        GeneratedInputs.Damage(Dirty, 0.02, seed: 11);
    }

    /// <summary>1,000,000 well-formed combined lines.</summary>
    public string Clean { get; }

    /// <summary>200,000 combined lines, 2 % of them damaged.</summary>
    public string Dirty { get; }

    /// <inheritdoc/>
    public void Dispose() => _temp.Dispose();
}
