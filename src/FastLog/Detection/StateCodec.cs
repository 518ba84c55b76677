using FastLog.Aggregation.Tables;
using FastLog.Detection.Auth;
using FastLog.Partials;

namespace FastLog.Detection;

/// <summary>
/// The pieces every rule family's saved state is made of (<see cref="IPartialState"/>): evidence
/// lists, log positions, nullable byte strings, and bucket tables whose keys hold a table id.
/// Ids depend on the order records arrived in, so they are written as the id's position in its
/// table's bytewise key order (<see cref="Positions"/>); a reader that reads the table first gets
/// ids 0, 1, 2, … in that order, so the positions are its ids.
/// </summary>
internal static class StateCodec
{
    /// <summary>The inverse of <paramref name="order"/> (ids in written order): position of each id; -1 for ids past it.</summary>
    public static int[] Positions(int[] order, int capacity)
    {
        var positions = new int[Math.Max(capacity, order.Length)];
        Array.Fill(positions, -1);
        for (var i = 0; i < order.Length; i++) positions[order[i]] = i;
        return positions;
    }

    /// <summary>Writes an evidence list (null as empty) with line numbers made input-wide (<see cref="PartialWriter.ChunkFirstLines"/>).</summary>
    public static void WriteEvidence(PartialWriter writer, IReadOnlyList<Evidence>? list)
    {
        writer.WriteUInt((ulong)(list?.Count ?? 0));
        foreach (var e in list ?? [])
        {
            var (chunk, line) = writer.ChunkFirstLines is { } first ? (0, first[e.InputIndex][e.ChunkIndex] + e.LineIndexInChunk) : (e.ChunkIndex, e.LineIndexInChunk);
            WriteIndex(writer, e.InputIndex);
            WriteIndex(writer, chunk);
            writer.WriteInt(line);
            writer.WriteInt(e.FileOffset);
            writer.WriteBytes(e.Excerpt);
            writer.WriteBool(e.SuspectContinuation);
        }
    }

    /// <summary>Reads what <see cref="WriteEvidence"/> wrote, inputs mapped to the merged run's; null when empty.</summary>
    public static List<Evidence>? ReadEvidence(PartialReader reader)
    {
        var n = reader.ReadCount(Evidence.MaxPerFinding);
        if (n == 0) return null;
        List<Evidence>? list = null;
        for (var i = 0; i < n; i++)
        {
            var saved = ReadIndex(reader);
            var input = reader.MapInput(saved);
            var chunk = ReadIndex(reader);
            var line = reader.ReadInt();
            if (line >= 0) line += reader.LineBase(saved);
            var offset = reader.ReadInt();
            var excerpt = reader.ReadBytes();
            if (line < 0 || offset < 0 || excerpt.Length > Evidence.MaxExcerptBytes) throw new InvalidDataException("corrupt partial: an evidence line out of range");
            // Kept through the same rule as in a run, so a damaged list cannot break the sorted order merges rely on.
            _ = EvidenceList.Keep(ref list, new Evidence(input, chunk, line, offset, excerpt.ToArray(), reader.ReadBool()));
        }
        return list;
    }

    /// <summary>Writes a position; its input index is mapped on reading (<see cref="LogPosition.None"/> stays none).</summary>
    public static void WritePosition(PartialWriter writer, LogPosition position)
    {
        var none = position.Equals(LogPosition.None);
        writer.WriteBool(none);
        if (none) return;
        writer.WriteInt(position.UnixSeconds);
        WriteIndex(writer, position.InputIndex);
        writer.WriteInt(position.FileOffset);
    }

    /// <summary>Reads what <see cref="WritePosition"/> wrote.</summary>
    public static LogPosition ReadPosition(PartialReader reader)
        => reader.ReadBool() ? LogPosition.None : new LogPosition(reader.ReadInt(), reader.MapInput(ReadIndex(reader)), reader.ReadInt());

    /// <summary>Writes bytes that may be null.</summary>
    public static void WriteNullable(PartialWriter writer, byte[]? bytes)
    {
        writer.WriteBool(bytes is not null);
        if (bytes is not null) writer.WriteBytes(bytes);
    }

    /// <summary>Reads what <see cref="WriteNullable"/> wrote.</summary>
    public static byte[]? ReadNullable(PartialReader reader) => reader.ReadBool() ? reader.ReadBytes().ToArray() : null;

    /// <summary>
    /// Writes a table of <see cref="BucketKey"/> keys in <see cref="LongKeyTable.ReadState"/>'s
    /// layout, each subject id replaced by its position (<paramref name="subjectPositions"/>), in
    /// ascending key order; returns the bucket ids in the order written.
    /// </summary>
    public static int[] WriteBuckets(PartialWriter writer, LongKeyTable table, int[] subjectPositions)
    {
        var keys = new long[table.Count];
        var order = new int[table.Count];
        for (var b = 0; b < keys.Length; b++)
        {
            var key = table.KeyOf(b);
            keys[b] = BucketKey.Of(subjectPositions[BucketKey.Subject(key)], BucketKey.Bucket(key));
            order[b] = b;
        }
        Array.Sort(keys, order);
        writer.WriteUInt((ulong)keys.Length);
        // Invariant: buckets order[0, i) are written, with their counts.
        for (var i = 0; i < keys.Length; i++)
        {
            writer.WriteInt(keys[i]);
            writer.WriteInt(table.Counts[order[i]]);
        }
        writer.WriteInt(table.OtherCount);
        return order;
    }

    /// <summary>Reads a table written by <see cref="WriteBuckets"/>, checking each subject against <paramref name="subjects"/> (the table read before it).</summary>
    public static void ReadBuckets(PartialReader reader, LongKeyTable table, int subjects)
    {
        table.ReadState(reader);
        for (var b = 0; b < table.Count; b++)
            if ((uint)BucketKey.Subject(table.KeyOf(b)) >= (uint)subjects) throw new InvalidDataException("corrupt partial: a bucket of a subject the state does not hold");
    }

    /// <summary>
    /// Writes a non-negative index (an input, a chunk) unsigned, as <see cref="ReadIndex"/> reads it
    /// (a signed write would read back doubled: input 1 of a merged partial as input 2).
    /// </summary>
    public static void WriteIndex(PartialWriter writer, int index) => writer.WriteUInt((ulong)index);

    /// <summary>A non-negative index (an input, a chunk).</summary>
    public static int ReadIndex(PartialReader reader) => reader.ReadCount(int.MaxValue);
}
