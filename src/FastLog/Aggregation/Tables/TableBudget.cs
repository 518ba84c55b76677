namespace FastLog.Aggregation.Tables;

/// <summary>
/// The memory budget of one per-key table. Past it, new keys are not stored: their records are
/// counted in the table's "other" bucket and the report marks the table approximate.
/// </summary>
/// <param name="MaxKeys">Most distinct keys held.</param>
/// <param name="MaxKeyBytes">Most key bytes held.</param>
public readonly record struct TableBudget(int MaxKeys, long MaxKeyBytes)
{
    /// <summary>
    /// 2^22 keys and 256 MiB of key bytes per table: a 10 GB log with millions of distinct
    /// attacker URLs stays within a few hundred MB per worker.
    /// </summary>
    public static TableBudget Default => new(1 << 22, 256L << 20);
}
