using System.Runtime.CompilerServices;
using FastLog.Aggregation.Tables;

namespace FastLog.Detection.Web;

/// <summary>Judges one value (a path, an agent, a method …): true when a rule must look closer.</summary>
internal delegate bool ValueJudge(ReadOnlySpan<byte> value);

/// <summary>
/// One yes/no verdict per id of a <see cref="SymbolTable"/>, judged once per distinct value and
/// held as one bit per id. Table ids are dense and handed out in order, so the ids to judge are
/// exactly those at or past the last count seen: <see cref="CatchUp"/> judges them once per batch,
/// and the per-record test is a bit read in a table 1/8 the size of a byte per id.
/// </summary>
internal sealed class IdVerdicts(SymbolTable table, ValueJudge judge)
{
    private ulong[] _bits = new ulong[16];
    private int _judged; // ids [0, _judged) are judged

    /// <summary>Judges the ids the table handed out since the last call.</summary>
    public void CatchUp()
    {
        var count = table.Count;
        if (_judged == count) return;
        if ((count + 63) >> 6 > _bits.Length) Array.Resize(ref _bits, Math.Max((count + 63) >> 6, 2 * _bits.Length));
        // Invariant: ids [_judged, id) are judged and their bits set when true.
        for (var id = _judged; id < count; id++)
            if (judge(table.KeyOf(id))) _bits[id >> 6] |= 1UL << id;
        _judged = count;
    }

    /// <summary>The verdict of <paramref name="id"/>, judged by <see cref="CatchUp"/>.</summary>
    public bool this[int id]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => (_bits[id >> 6] & (1UL << id)) != 0;
    }

    /// <summary>Judges a value that has no id (its table refused it).</summary>
    public bool Judge(ReadOnlySpan<byte> value) => judge(value);

    /// <summary>Starts fetching the bit of <paramref name="id"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Prefetch(int id) => Scanning.CachePrefetch.Line(ref _bits[id >> 6]);
}
