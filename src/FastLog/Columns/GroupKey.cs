namespace FastLog.Columns;

/// <summary>
/// The key of a record's group over one or more fields, as <c>top</c>, <c>count --by</c> and
/// <c>stats --by</c> count them: the rendered text of the fields (<see cref="FieldRenderer"/>).
/// With one field it is the text itself; with several, each field is prefixed by its length
/// (4 bytes, little endian), so no byte value (NUL included) can make two groups collide.
/// </summary>
public static class GroupKey
{
    /// <summary>Writes the key of record <paramref name="r"/> into <paramref name="scratch"/> (grown as needed) and returns it.</summary>
    public static ReadOnlySpan<byte> Write(ReadOnlySpan<LogField> fields, LogBatch batch, int r, ReadOnlySpan<byte> block, ref byte[] scratch)
    {
        var needed = 0;
        foreach (var f in fields) needed += FieldRenderer.MaxLength(f, batch, r) + sizeof(int);
        if (scratch.Length < needed) scratch = new byte[Math.Max(needed, scratch.Length * 2)]; // deliberate: grows to the longest key
        if (fields.Length == 1) return scratch.AsSpan(0, FieldRenderer.Write(fields[0], batch, r, block, scratch));
        var length = 0;
        foreach (var f in fields)
        {
            var n = FieldRenderer.Write(f, batch, r, block, scratch.AsSpan(length + sizeof(int)));
            BitConverter.TryWriteBytes(scratch.AsSpan(length), n);
            length += sizeof(int) + n;
        }
        return scratch.AsSpan(0, length);
    }

    /// <summary>Splits a key of <paramref name="fieldCount"/> fields into their values.</summary>
    public static IReadOnlyList<byte[]> Split(ReadOnlySpan<byte> key, int fieldCount)
    {
        if (fieldCount == 1) return [key.ToArray()];
        var values = new List<byte[]>(fieldCount);
        var at = 0;
        while (at < key.Length)
        {
            var n = BitConverter.ToInt32(key[at..]);
            values.Add(key.Slice(at + sizeof(int), n).ToArray());
            at += sizeof(int) + n;
        }
        return values;
    }
}
