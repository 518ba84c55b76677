namespace FastLog.Query.Predicates;

/// <summary>
/// The scratch selection buffers of one predicate tree, lent as a stack: a node takes buffers
/// when its <see cref="RecordPredicate.Filter"/> starts and gives them back when it ends.
/// Evaluation is depth-first, so the buffers in use at any time are those of the nodes on one
/// path from the root, and the tree holds as many buffers as it is deep, not as many as it has
/// <c>not</c> and <c>or</c> nodes (100,000 <c>not</c> tests in one <c>or</c> share one buffer).
/// </summary>
public sealed class SelectionScratch
{
    private int[][] _buffers = new int[8][];
    private int _used;

    /// <summary>Lends a buffer of at least <paramref name="length"/> ints; give it back with <see cref="Return"/>, last taken first.</summary>
    public int[] Rent(int length)
    {
        if (_used == _buffers.Length) Array.Resize(ref _buffers, _used * 2); // deliberate: grows to the tree's depth, once per worker
        var buffer = _buffers[_used];
        if (buffer is null || buffer.Length < length) buffer = _buffers[_used] = new int[length]; // deliberate: grows to the batch capacity once
        _used++;
        return buffer;
    }

    /// <summary>Gives back the last <paramref name="count"/> buffers lent.</summary>
    public void Return(int count) => _used -= count;
}
