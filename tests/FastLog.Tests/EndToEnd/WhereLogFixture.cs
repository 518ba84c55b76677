using FastLog.Columns;
using FastLog.Formats;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.EndToEnd;

/// <summary>
/// The logs of the <c>--where</c>, <c>filter</c> and <c>stats</c> oracle tests, made once for the
/// collection in a temp folder deleted afterwards, each with its oracle field table
/// (tests/oracles/clf_fields.py: one tab-separated row of fields per line the strict grammar
/// accepts):
/// <list type="bullet">
/// <item><see cref="Log"/>: 1,000,000 nginx lines (combined + request time; about 0.1 %
/// malformed) from the generator library (<see cref="GeneratedInputs"/>), seed 3, about 230 MB,
/// 4-5 March 2024.</item>
/// <item><see cref="Dirty"/>: 200,000 combined lines with 2 % damaged besides the generator's own
/// (truncated, garbage, bad time or status, missing quotes, blank), seed 11: the malformed lines
/// must be skipped and the others kept in order.</item>
/// <item><see cref="Blocklist"/>: a value file for <c>ip in @FILE</c>: the 20 busiest clients of
/// <see cref="Log"/>, two networks, a host name, a comment and a blank line.</item>
/// </list>
/// </summary>
public sealed class WhereLogFixture : IDisposable
{
    private readonly TempDirectory _temp = new("where");

    /// <summary>Generates the logs and runs the field oracle over them (10-20 s).</summary>
    public WhereLogFixture()
    {
        Log = _temp.File("nginx-1m.log");
        Fields = _temp.File("nginx-1m.tsv");
        Dirty = _temp.File("dirty-200k.log");
        DirtyFields = _temp.File("dirty-200k.tsv");
        Blocklist = _temp.File("blocklist.txt");
        GeneratedInputs.Write(Log, LogFormat.Nginx, 1_000_000, seed: 3);
        Shell.Run($"python3 tests/oracles/clf_fields.py --format nginx {Log} > {Fields}");
        GeneratedInputs.Write(Dirty, LogFormat.Combined, 200_000, seed: 11);
        GeneratedInputs.Damage(Dirty, 0.02, seed: 11);
        Shell.Run($"python3 tests/oracles/clf_fields.py --format combined {Dirty} > {DirtyFields}");
        Shell.Run($"(echo '# busiest clients'; cut -f1 {Fields} | LC_ALL=C sort | uniq -c | sort -k1,1nr -k2,2 | awk 'NR <= 20 {{print $2}}'; "
            + $"echo; echo '  203.0.113.0/24  '; echo 2a01:8000::/17; echo crawler.example.net) > {Blocklist}");
    }

    /// <summary>1,000,000 generated nginx lines.</summary>
    public string Log { get; }

    /// <summary>clf_fields.py --format nginx over <see cref="Log"/>.</summary>
    public string Fields { get; }

    /// <summary>200,000 generated combined lines, 2 % damaged.</summary>
    public string Dirty { get; }

    /// <summary>clf_fields.py --format combined over <see cref="Dirty"/>.</summary>
    public string DirtyFields { get; }

    /// <summary>A value file of addresses, networks and a host name.</summary>
    public string Blocklist { get; }

    /// <summary>A fresh path in the fixture's temp folder.</summary>
    public string TempFile(string name) => _temp.File($"{name}-{Guid.NewGuid():N}");

    /// <inheritdoc/>
    public void Dispose() => _temp.Dispose();
}

