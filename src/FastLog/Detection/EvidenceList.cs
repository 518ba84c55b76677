using FastLog.Columns;

namespace FastLog.Detection;

/// <summary>The first <see cref="Evidence.MaxPerFinding"/> lines in input order, kept per finding key and merged by the same rule.</summary>
internal static class EvidenceList
{
    private static readonly Comparer<Evidence> s_inputOrder = Comparer<Evidence>.Create(Evidence.CompareInputOrder);

    /// <summary>True when the line of record <paramref name="r"/> comes after every kept line of a full list (the common case: nothing to allocate).</summary>
    public static bool IsLate(List<Evidence>? list, LogBatch batch, int r)
    {
        if (list is not { Count: Evidence.MaxPerFinding }) return false;
        var last = list[^1];
        return last.InputIndex < batch.Origin.InputIndex || (last.InputIndex == batch.Origin.InputIndex && last.FileOffset < batch.FileOffset[r]);
    }

    /// <summary>The evidence of record <paramref name="r"/>: where it is and its first bytes.</summary>
    public static Evidence Of(LogBatch batch, int r, ReadOnlySpan<byte> block)
    {
        var line = batch.Line[r];
        return new Evidence(batch.Origin.InputIndex, batch.Origin.ChunkIndex, batch.LineIndex[r], batch.FileOffset[r],
            line.Slice(block)[..Math.Min(line.Length, Evidence.MaxExcerptBytes)].ToArray(), batch.SuspectContinuation[r]);
    }

    /// <summary>Keeps record <paramref name="r"/>'s line when it is among the first in input order.</summary>
    public static void Keep(ref List<Evidence>? list, LogBatch batch, int r, ReadOnlySpan<byte> block)
    {
        if (!IsLate(list, batch, r)) _ = Keep(ref list, Of(batch, r, block));
    }

    /// <summary>
    /// Keeps <paramref name="evidence"/> when it is among the first in input order (a line already
    /// kept is not added twice); returns the index it took (0: it is now the first), or -1.
    /// </summary>
    public static int Keep(ref List<Evidence>? list, Evidence evidence)
    {
        list ??= new List<Evidence>(Evidence.MaxPerFinding + 1);
        var index = list.BinarySearch(evidence, s_inputOrder);
        if (index >= 0) return -1;
        index = ~index;
        if (index >= Evidence.MaxPerFinding) return -1;
        list.Insert(index, evidence);
        if (list.Count > Evidence.MaxPerFinding) list.RemoveAt(list.Count - 1);
        return index;
    }

    /// <summary>The first lines of several lists, in input order.</summary>
    public static IReadOnlyList<Evidence> FirstOf(IEnumerable<List<Evidence>?> lists)
    {
        List<Evidence>? merged = null;
        foreach (var list in lists)
            foreach (var evidence in list ?? [])
                _ = Keep(ref merged, evidence);
        return merged ?? [];
    }

    /// <summary>Keeps the lines of <paramref name="source"/>'s first <paramref name="count"/> lists in <paramref name="target"/>, list i going to list <paramref name="map"/>[i] (-1: dropped).</summary>
    public static void MergeMapped(ref List<Evidence>?[] target, int capacity, List<Evidence>?[] source, int count, int[] map)
    {
        if (target.Length < capacity) Array.Resize(ref target, capacity);
        for (var i = 0; i < count && i < source.Length; i++)
            if (map[i] >= 0)
                foreach (var evidence in source[i] ?? []) _ = Keep(ref target[map[i]], evidence);
    }
}
