using System.Buffers.Binary;

namespace FastLog.Formats.Parquet;

/// <summary>
/// Checks a Parquet file's footer (the Thrift compact-encoded FileMetaData before the trailing
/// length and <c>PAR1</c>) before Parquet.Net decodes it. Parquet.Net 6.1 decodes the footer from
/// an in-memory copy and takes the end of that copy for 0xFF bytes, so a varint read past it never
/// ends; it trusts every count it reads; and it reads each known field by the type FileMetaData
/// declares for it, not by the type on the wire (found by fuzzing, fuzz/RESULTS.md F2 and F5).
/// This walk reads the footer exactly as Parquet.Net does (<see cref="ParquetFooterShape"/>) and
/// refuses, in one pass, any read past the footer's end, any negative or oversized count or length,
/// more values than the footer has bytes, nesting deeper than <see cref="MaxDepth"/>, and a schema
/// tree deeper than <see cref="MaxSchemaDepth"/> (Parquet.Net builds it recursively). What it
/// accepts, Parquet.Net decodes inside the footer's bytes in time linear in its size.
/// </summary>
public static class ParquetFooter
{
    /// <summary>Deepest struct/list nesting accepted (FileMetaData nests 6 levels).</summary>
    public const int MaxDepth = 64;

    /// <summary>Deepest schema tree accepted (nested columns; FastLog writes flat ones).</summary>
    public const int MaxSchemaDepth = 256;

    private const int TrailerBytes = 8;

    /// <summary>Refuses a footer Parquet.Net could not decode in time linear in its size; leaves <paramref name="file"/>'s position as it was.</summary>
    /// <exception cref="InvalidDataException">The file is too short, lacks the trailer, or its footer is not one Parquet.Net reads safely.</exception>
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
            CheckMetadata(footer);
        }
        finally
        {
            file.Position = position;
        }
    }

    /// <summary>Refuses FileMetaData bytes that Parquet.Net 6.1 would read past their end, loop on, or nest too deep.</summary>
    /// <exception cref="InvalidDataException">The metadata is not one Parquet.Net reads safely.</exception>
    public static void CheckMetadata(ReadOnlySpan<byte> footer)
    {
        var schemaChildren = new List<int>();
        var walker = new Walker(footer, schemaChildren);
        walker.ReadStruct(ParquetFooterShape.FileMetaData, 0);
        CheckSchemaDepth(schemaChildren);
    }

    /// <summary>
    /// Replays Parquet.Net's recursive schema build (each element's NumChildren elements follow it)
    /// with an explicit stack, refusing a tree deeper than <see cref="MaxSchemaDepth"/>: a chain of
    /// one-child elements a few bytes each would otherwise overflow Parquet.Net's stack.
    /// </summary>
    private static void CheckSchemaDepth(List<int> children)
    {
        if (children.Count == 0) return;
        var open = new Stack<int>();
        open.Push(children[0]);
        var next = 1;
        // Invariant: open holds the children still to take at each level of the path to element next; each pass takes an element or closes a level.
        while (open.Count > 0 && next < children.Count)
        {
            var left = open.Pop();
            if (left <= 0) continue;
            open.Push(left - 1);
            var taken = children[next++];
            if (taken <= 0) continue;
            open.Push(taken);
            if (open.Count > MaxSchemaDepth) throw Corrupt($"its schema nests deeper than {MaxSchemaDepth} levels");
        }
    }

    private static InvalidDataException Corrupt(string why) => new($"not a readable Parquet file: {why}");

    /// <summary>
    /// Thrift compact protocol read as Parquet.Net 6.1 reads it: known fields by their declared kind,
    /// other fields skipped by their wire type with Parquet.Net's own skip rules. Every read stays
    /// inside the footer or fails.
    /// </summary>
    private ref struct Walker(ReadOnlySpan<byte> footer, List<int> schemaChildren)
    {
        private const int BoolTrue = 1, BoolFalse = 2, Byte = 3, I16 = 4, I32 = 5, I64 = 6, Double = 7, Binary = 8, List = 9, Struct = 12;
        private readonly ReadOnlySpan<byte> _footer = footer;
        private int _at;

        /// <summary>Values still allowed: a real footer holds at most one per byte, so Parquet.Net's zero-byte skips of bools cannot multiply the work.</summary>
        private int _valuesLeft = footer.Length;

        private readonly int Remaining => _footer.Length - _at;

        public void ReadStruct(ParquetFooterShape shape, int depth)
        {
            if (depth > MaxDepth) throw Corrupt($"footer nests deeper than {MaxDepth} levels");
            short lastId = 0;
            // Invariant: _at is at a field header; each pass consumes the header (at least one byte) and its value.
            while (true)
            {
                var header = ReadByte();
                // Only a whole zero byte ends a struct for Parquet.Net; a field of wire type 0 with a delta does not.
                if (header == 0) return;
                var id = header >> 4 == 0 ? (short)Zigzag(ReadVarint32()) : (short)(lastId + (header >> 4));
                lastId = id;
                var field = shape.Field(id);
                if (field.Kind == FooterValue.Unknown) SkipField(header & 0x0F, depth + 1);
                else ReadValue(field, depth + 1);
            }
        }

        private void ReadValue(FooterField field, int depth)
        {
            CountValue();
            switch (field.Kind)
            {
                case FooterValue.Varint: ReadVarint64(); break;
                case FooterValue.NumChildren: schemaChildren[^1] = Zigzag(ReadVarint32()); break;
                case FooterValue.Byte: Take(1); break;
                case FooterValue.Double: Take(8); break;
                case FooterValue.Binary: Take(ReadLength()); break;
                case FooterValue.BoolInHeader: break;
                case FooterValue.Struct: ReadStruct(field.Shape!, depth); break;
                case FooterValue.List or FooterValue.SchemaList:
                {
                    var count = ReadListHeader(out _);
                    // A second schema field replaces the first, as in Parquet.Net.
                    if (field.Kind == FooterValue.SchemaList) schemaChildren.Clear();
                    // Invariant: i elements read, each by the declared element kind (Parquet.Net ignores the header's); count <= Remaining bounds the loop.
                    for (var i = 0; i < count; i++)
                    {
                        if (field.Kind == FooterValue.SchemaList) schemaChildren.Add(0);
                        ReadValue(field.Element!, depth + 1);
                    }
                    break;
                }
                default: throw new InvalidOperationException($"footer field kind {field.Kind}");
            }
        }

        /// <summary>Parquet.Net's <c>SkipField</c>: a struct is skipped by its field headers alone, lists element by element, bools take no byte.</summary>
        private void SkipField(int type, int depth)
        {
            CountValue();
            switch (type)
            {
                case BoolTrue or BoolFalse: break;
                case Byte: Take(1); break;
                case I16 or I32: ReadVarint32(); break;
                case I64: ReadVarint64(); break;
                case Double: Take(8); break;
                case Binary: Take(ReadLength()); break;
                case Struct:
                    // Invariant: each pass consumes one field header (one byte, or a long-form id after it).
                    while (true)
                    {
                        var header = ReadByte();
                        if (header == 0) break;
                        if (header >> 4 == 0) ReadVarint32();
                    }
                    break;
                case List:
                {
                    if (depth > MaxDepth) throw Corrupt($"footer nests deeper than {MaxDepth} levels");
                    var count = ReadListHeader(out var elementType);
                    // Invariant: i elements skipped; count <= Remaining bounds the loop, and the value budget bounds zero-byte bools.
                    for (var i = 0; i < count; i++) SkipField(elementType, depth + 1);
                    break;
                }
                default: throw Corrupt($"a field of Thrift type {type} in the footer (not one Parquet.Net can skip)");
            }
        }

        private int ReadListHeader(out int elementType)
        {
            var header = ReadByte();
            elementType = header & 0x0F;
            var count = header >> 4 == 15 ? (int)ReadVarint32() : header >> 4;
            if (count < 0) throw Corrupt($"a list of {(uint)count} elements (negative for Parquet.Net)");
            // Every element takes at least one byte in real Thrift (a bool too); only Parquet.Net's skip reads bools as zero bytes.
            if (count > Remaining) throw Corrupt($"a list of {count} elements in {Remaining} bytes of footer");
            return count;
        }

        private int ReadLength()
        {
            var length = (int)ReadVarint32();
            if (length < 0) throw Corrupt($"a length of {(uint)length} bytes (negative for Parquet.Net)");
            if (length > Remaining) throw Corrupt($"a value of {length} bytes in {Remaining} bytes of footer");
            return length;
        }

        private void CountValue()
        {
            if (--_valuesLeft < 0) throw Corrupt("the footer claims more values than it has bytes");
        }

        private static int Zigzag(uint n) => (int)(n >> 1) ^ -(int)(n & 1);

        /// <summary>Parquet.Net's 32-bit varint: its shift is taken modulo 32 (C#'s int shift), so bytes past the fifth fold into the low bits.</summary>
        private uint ReadVarint32()
        {
            uint value = 0;
            // Invariant: i bytes of the varint read; at most 10 (Parquet.Net has no limit, but no writer emits more).
            for (var i = 0; i < 10; i++)
            {
                var b = ReadByte();
                value |= (uint)((b & 0x7F) << (7 * i));
                if ((b & 0x80) == 0) return value;
            }
            throw Corrupt("a varint longer than 10 bytes in the footer");
        }

        private void ReadVarint64()
        {
            // Invariant: i bytes of the varint read; at most 10.
            for (var i = 0; i < 10; i++)
                if ((ReadByte() & 0x80) == 0) return;
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
