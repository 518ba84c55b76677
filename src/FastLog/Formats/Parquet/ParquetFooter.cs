using System.Buffers.Binary;

namespace FastLog.Formats.Parquet;

/// <summary>
/// Checks a Parquet file's footer (the Thrift compact-encoded FileMetaData before the trailing
/// length and <c>PAR1</c>) before Parquet.Net decodes it. Parquet.Net's decoder trusts the
/// counts it reads: a 1.9 KB file whose footer claims a list of billions of elements, or reads
/// past its end, kept it skipping fields for minutes (found by fuzzing, fuzz/RESULTS.md). This
/// walk costs one pass over the footer and refuses any count that its remaining bytes cannot
/// hold, any varint longer than 10 bytes, any nesting deeper than <see cref="MaxDepth"/>, and
/// any read past the footer's end.
/// </summary>
public static class ParquetFooter
{
    /// <summary>Deepest struct/list/map nesting accepted (FileMetaData nests about 6 levels).</summary>
    public const int MaxDepth = 64;

    private const int TrailerBytes = 8;

    /// <summary>Refuses a footer Parquet.Net could not decode in time linear in its size; leaves <paramref name="file"/>'s position as it was.</summary>
    /// <exception cref="InvalidDataException">The file is too short, lacks the trailer, or its footer is not well-formed Thrift.</exception>
    public static void Check(Stream file)
    {
        var position = file.Position;
        try
        {
            var length = file.Length;
            if (length < 4 + TrailerBytes) throw Corrupt($"{length} bytes are too few for a Parquet file");
            Span<byte> trailer = stackalloc byte[TrailerBytes];
            file.Position = length - TrailerBytes;
            file.ReadExactly(trailer);
            if (!trailer[4..].SequenceEqual("PAR1"u8)) throw Corrupt("the file does not end with PAR1");
            var footerLength = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
            if (footerLength > length - 4 - TrailerBytes) throw Corrupt($"footer of {footerLength} bytes in a file of {length}");
            var footer = new byte[footerLength];
            file.Position = length - TrailerBytes - footerLength;
            file.ReadExactly(footer);
            var reader = new Walker(footer);
            reader.SkipStruct(0);
        }
        finally
        {
            file.Position = position;
        }
    }

    private static InvalidDataException Corrupt(string why) => new($"not a readable Parquet file: {why}");

    /// <summary>Thrift compact protocol, skipped value by value; every step consumes at least one byte or fails.</summary>
    private ref struct Walker(ReadOnlySpan<byte> footer)
    {
        private const int Bool = 1, BoolFalse = 2, Byte = 3, I16 = 4, I32 = 5, I64 = 6, Double = 7, Binary = 8, List = 9, Set = 10, Map = 11, Struct = 12, Uuid = 13;
        private readonly ReadOnlySpan<byte> _footer = footer;
        private int _at;

        private readonly int Remaining => _footer.Length - _at;

        public void SkipStruct(int depth)
        {
            if (depth > MaxDepth) throw Corrupt($"footer nests deeper than {MaxDepth} levels");
            // Invariant: _at is at a field header; each pass consumes the header and its value.
            while (true)
            {
                var header = ReadByte();
                var type = header & 0x0F;
                if (type == 0) return;
                if (header >> 4 == 0) ReadVarint(); // a long-form field id
                if (type is not (Bool or BoolFalse)) SkipValue(type, depth + 1);
            }
        }

        private void SkipValue(int type, int depth)
        {
            switch (type)
            {
                case Bool or BoolFalse or Byte: Take(1); break;
                case I16 or I32 or I64: ReadVarint(); break;
                case Double: Take(8); break;
                case Uuid: Take(16); break;
                case Binary: Take(ReadCount(1)); break;
                case Struct: SkipStruct(depth); break;
                case List or Set:
                {
                    var header = ReadByte();
                    var count = header >> 4 == 15 ? ReadCount(1) : header >> 4;
                    if (count > Remaining) throw Corrupt($"a list of {count} elements in {Remaining} bytes");
                    if (depth > MaxDepth) throw Corrupt($"footer nests deeper than {MaxDepth} levels");
                    // Invariant: i elements skipped; each consumes at least one byte, so count <= Remaining bounds the loop.
                    for (var i = 0; i < count; i++) SkipValue(header & 0x0F, depth + 1);
                    break;
                }
                case Map:
                {
                    var count = ReadCount(2);
                    if (count == 0) break;
                    var types = ReadByte();
                    if (depth > MaxDepth) throw Corrupt($"footer nests deeper than {MaxDepth} levels");
                    // Invariant: i entries skipped; each consumes at least two bytes.
                    for (var i = 0; i < count; i++)
                    {
                        SkipValue(types >> 4, depth + 1);
                        SkipValue(types & 0x0F, depth + 1);
                    }
                    break;
                }
                default: throw Corrupt($"unknown Thrift type {type} in the footer");
            }
        }

        /// <summary>A count (list size, binary length) each unit of which takes at least <paramref name="bytesPerUnit"/> bytes.</summary>
        private int ReadCount(int bytesPerUnit)
        {
            var count = ReadVarint();
            if (count > (ulong)(Remaining / bytesPerUnit)) throw Corrupt($"a count of {count} in {Remaining} bytes of footer");
            return (int)count;
        }

        private ulong ReadVarint()
        {
            ulong value = 0;
            // Invariant: value holds the low 7*i bits read so far; at most 10 bytes.
            for (var i = 0; i < 10; i++)
            {
                var b = ReadByte();
                value |= (ulong)(b & 0x7F) << (7 * i);
                if ((b & 0x80) == 0) return value;
            }
            throw Corrupt("a varint longer than 10 bytes in the footer");
        }

        private byte ReadByte()
        {
            if (_at >= _footer.Length) throw Corrupt("the footer ends inside a value");
            return _footer[_at++];
        }

        private void Take(int n)
        {
            if (n > Remaining) throw Corrupt("the footer ends inside a value");
            _at += n;
        }
    }
}
