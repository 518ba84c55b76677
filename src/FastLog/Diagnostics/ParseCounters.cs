namespace FastLog.Diagnostics;

/// <summary>
/// Line accounting of one worker (or, after merging, of the run): every line is exactly one of
/// parsed, blank or malformed, so <c>Lines == Parsed + Blank + Malformed</c>.
/// </summary>
public sealed class ParseCounters
{
    /// <summary>Lines seen.</summary>
    public long Lines;
    /// <summary>Lines that became records.</summary>
    public long Parsed;
    /// <summary>Empty lines (or a lone CR).</summary>
    public long Blank;
    /// <summary>Runs of NUL bytes at a line start (<see cref="MalformedReason.NulRegion"/>); not lines.</summary>
    public long NulRegions;
    /// <summary>Bytes in <see cref="NulRegions"/>.</summary>
    public long NulRegionBytes;
    /// <summary>Malformed lines per <see cref="MalformedReason"/>.</summary>
    public readonly long[] MalformedByReason = new long[MalformedReasons.Count];
    /// <summary>Parsed records per <see cref="RecordFlag"/> (a record may count under several flags).</summary>
    public readonly long[] Flagged = new long[RecordFlags.Count];
    /// <summary>The first samples per reason in input order (at most <see cref="MalformedSample.MaxPerReason"/> each).</summary>
    public readonly List<MalformedSample>[] Samples = CreateSampleLists();

    /// <summary>Total malformed lines.</summary>
    public long Malformed
    {
        get
        {
            long sum = 0;
            foreach (var c in MalformedByReason) sum += c;
            return sum;
        }
    }

    /// <summary>Counts a malformed line and keeps it as a sample when it is among the first in input order.</summary>
    public void AddMalformed(MalformedReason reason, int inputIndex, int chunkIndex, long lineIndexInChunk, long fileOffset, ReadOnlySpan<byte> line)
    {
        Lines++;
        MalformedByReason[(int)reason]++;
        var list = Samples[(int)reason];
        if (!Keeps(list, inputIndex, fileOffset)) return;
        var excerptLength = Math.Min(line.Length, MalformedSample.MaxExcerptBytes);
        var sample = new MalformedSample(inputIndex, chunkIndex, lineIndexInChunk, fileOffset, reason,
            line[..excerptLength].ToArray(), line.Length > excerptLength);
        Insert(list, sample);
    }

    /// <summary>
    /// Counts a NUL region of <paramref name="length"/> bytes at <paramref name="fileOffset"/>,
    /// inside line <paramref name="lineIndexInChunk"/> (the line that follows it); keeps it as a
    /// sample when it is among the first in input order.
    /// </summary>
    public void AddNulRegion(int inputIndex, int chunkIndex, long lineIndexInChunk, long fileOffset, long length)
    {
        NulRegions++;
        NulRegionBytes += length;
        var list = Samples[(int)MalformedReason.NulRegion];
        if (!Keeps(list, inputIndex, fileOffset)) return;
        Insert(list, new MalformedSample(inputIndex, chunkIndex, lineIndexInChunk, fileOffset, MalformedReason.NulRegion, [], false, length));
    }

    /// <summary>Adds <paramref name="other"/> into this; the result does not depend on merge order.</summary>
    public void Merge(ParseCounters other)
    {
        Lines += other.Lines;
        Parsed += other.Parsed;
        Blank += other.Blank;
        NulRegions += other.NulRegions;
        NulRegionBytes += other.NulRegionBytes;
        for (var f = 0; f < Flagged.Length; f++) Flagged[f] += other.Flagged[f];
        for (var r = 0; r < MalformedByReason.Length; r++)
        {
            MalformedByReason[r] += other.MalformedByReason[r];
            foreach (var s in other.Samples[r]) Insert(Samples[r], s);
        }
    }

    /// <summary>False when <paramref name="list"/> is full and a sample at this place would come after all of it.</summary>
    private static bool Keeps(List<MalformedSample> list, int inputIndex, long fileOffset) =>
        list.Count < MalformedSample.MaxPerReason
        || list[^1].InputIndex > inputIndex || (list[^1].InputIndex == inputIndex && list[^1].FileOffset >= fileOffset);

    private static void Insert(List<MalformedSample> list, MalformedSample sample)
    {
        var index = list.BinarySearch(sample, Comparer<MalformedSample>.Create(MalformedSample.CompareInputOrder));
        if (index < 0) index = ~index;
        if (index >= MalformedSample.MaxPerReason) return;
        list.Insert(index, sample);
        if (list.Count > MalformedSample.MaxPerReason) list.RemoveAt(list.Count - 1);
    }

    private static List<MalformedSample>[] CreateSampleLists()
    {
        var lists = new List<MalformedSample>[MalformedReasons.Count];
        for (var i = 0; i < lists.Length; i++) lists[i] = new List<MalformedSample>();
        return lists;
    }
}
