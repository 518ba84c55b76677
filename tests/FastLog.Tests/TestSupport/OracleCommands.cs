namespace FastLog.Tests.TestSupport;

/// <summary>
/// Shell fragments the oracle commands are built from. Each test writes its whole pipeline
/// out, so the independent computation can be read (and re-run by hand) in the test source.
/// </summary>
public static class OracleCommands
{
    /// <summary>
    /// The strict-grammar oracle (tests/oracles/clf_strict.py, python3 <c>re</c>): prints the
    /// requested field of every line that matches the access-log grammar, one per line.
    /// </summary>
    public const string ClfStrict = "python3 tests/oracles/clf_strict.py";

    /// <summary>
    /// Reads one value per line on stdin and prints <c>value,count</c> rows sorted as fastlog's
    /// CSV is: count descending, then value ascending bytewise (<c>LC_ALL=C</c>). Values must
    /// contain no blanks or commas (addresses, host names, statuses, hours).
    /// </summary>
    public const string CountAndRank = "LC_ALL=C sort | uniq -c | awk '{print $2\",\"$1}' | LC_ALL=C sort -t, -k2,2nr -k1,1";
}
