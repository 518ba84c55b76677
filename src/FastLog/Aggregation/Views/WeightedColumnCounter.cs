using FastLog.Aggregation.Tables;
using FastLog.Columns;

namespace FastLog.Aggregation.Views;

/// <summary>
/// Counts text columns of a view's batches into its tables with the repeat weights
/// (<see cref="WeightedColumn.Count"/>), and owns the id and hash scratch that counting needs,
/// grown to the batch capacity.
/// </summary>
public sealed class WeightedColumnCounter
{
    private int[] _ids = new int[LogBatch.DefaultCapacity];
    private ulong[] _hashes = new ulong[LogBatch.DefaultCapacity];

    /// <summary>Counts the values of <paramref name="column"/> (a column of <paramref name="batch"/>) into <paramref name="table"/>.</summary>
    public void Count(SymbolTable table, ByteRange[] column, LogBatch batch, ReadOnlySpan<byte> block)
    {
        if (_ids.Length < batch.Count)
        {
            _ids = new int[batch.Capacity];
            _hashes = new ulong[batch.Capacity];
        }
        WeightedColumn.Count(table, column, block, batch.Count, batch.Repeats, _ids, _hashes);
    }
}
