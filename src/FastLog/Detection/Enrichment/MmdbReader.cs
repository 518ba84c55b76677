using System.Text;
using FastLog.Input;

namespace FastLog.Detection.Enrichment;

/// <summary>
/// A minimal reader of MaxMind DB (<c>.mmdb</c>) files, version 2 of the format
/// (maxmind.github.io/MaxMind-DB): the metadata map after the last
/// <c>\xAB\xCD\xEFMaxMind.com</c> marker, the binary search tree of 24-, 28- or 32-bit records,
/// and the data section's typed values. It reads only what enrichment needs — an address's
/// record, a map value by key path, strings and unsigned integers — with no reflection, so it is
/// safe under native AOT (MaxMind.Db's typed decoding activates types by reflection).
/// </summary>
/// <remarks>
/// The file is untrusted input (docs/reliability.md R4, R7): every offset is bounds-checked, a
/// tree walk takes at most 128 steps, value nesting is limited to <see cref="MaxDepth"/>,
/// pointers to pointers are refused, and strings are cut at <see cref="MaxStringBytes"/>.
/// Anything out of place raises <see cref="InvalidDataException"/>.
/// </remarks>
public sealed class MmdbReader
{
    /// <summary>Deepest nesting of maps and arrays walked.</summary>
    public const int MaxDepth = 32;
    /// <summary>
    /// 1 GiB: largest database read (GeoLite2-City is about 60 MB, the commercial City database
    /// under 1 GB); a pipe or device that goes on past it stops with an error.
    /// </summary>
    public const long MaxFileBytes = 1L << 30;
    /// <summary>Longest string value returned (longer ones are cut; enrichment strings are short names).</summary>
    public const int MaxStringBytes = 1024;

    private static readonly byte[] s_marker = [0xAB, 0xCD, 0xEF, .. "MaxMind.com"u8];
    private const int MetadataSearchBytes = 128 * 1024;

    // Data types (spec "Output Data Section").
    private const int Pointer = 1, Utf8String = 2, Double = 3, Bytes = 4, UInt16 = 5, UInt32 = 6, Map = 7,
        Int32 = 8, UInt64 = 9, UInt128 = 10, Array = 11, Container = 12, EndMarker = 13, Boolean = 14, Float = 15;

    private readonly byte[] _file;
    private readonly long _nodeCount;
    private readonly int _recordSize;
    private readonly int _dataStart, _dataEnd;
    private readonly long _ipv4Start;

    /// <summary>The metadata's <c>database_type</c> (e.g. <c>GeoLite2-ASN</c>).</summary>
    public string DatabaseType { get; }

    /// <summary>The metadata's <c>ip_version</c>: 4 or 6.</summary>
    public int IpVersion { get; }

    private MmdbReader(byte[] file)
    {
        _file = file;
        var marker = file.AsSpan(Math.Max(0, file.Length - MetadataSearchBytes)).LastIndexOf(s_marker);
        if (marker < 0) throw new InvalidDataException("not a MaxMind DB file: no metadata marker");
        var metadataStart = Math.Max(0, file.Length - MetadataSearchBytes) + marker + s_marker.Length;
        var metadata = new Section(file, metadataStart, file.Length);
        var root = metadata.Resolve(0);
        _nodeCount = metadata.Count(metadata.Find(root, "node_count") ?? throw Missing("node_count"));
        _recordSize = (int)Math.Min(int.MaxValue, metadata.Count(metadata.Find(root, "record_size") ?? throw Missing("record_size")));
        IpVersion = (int)Math.Min(int.MaxValue, metadata.Count(metadata.Find(root, "ip_version") ?? throw Missing("ip_version")));
        DatabaseType = metadata.Find(root, "database_type") is { } type ? metadata.String(type) : "";
        if (_recordSize is not (24 or 28 or 32)) throw new InvalidDataException($"unsupported record size {_recordSize}");
        if (IpVersion is not (4 or 6)) throw new InvalidDataException($"unsupported ip_version {IpVersion}");
        var treeBytes = _nodeCount * _recordSize / 4;
        if (_nodeCount < 1 || treeBytes + 16 > metadataStart - s_marker.Length)
            throw new InvalidDataException($"search tree of {_nodeCount} nodes does not fit the file");
        _dataStart = (int)treeBytes + 16;
        _dataEnd = metadataStart - s_marker.Length;
        // IPv4 addresses in an IPv6 tree live under ::/96: find that node once.
        _ipv4Start = 0;
        if (IpVersion == 6)
        {
            for (var bit = 0; bit < 96 && _ipv4Start < _nodeCount; bit++) _ipv4Start = Record(_ipv4Start, 0);
        }
    }

    /// <summary>Opens the database at <paramref name="path"/> (read whole into memory).</summary>
    /// <exception cref="InvalidDataException">The file is not a MaxMind DB or its metadata is corrupt.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static MmdbReader Open(string path)
    {
        try
        {
            return new MmdbReader(SideInput.ReadAll(path, MaxFileBytes));
        }
        catch (InputTooLargeException e)
        {
            throw new InvalidDataException(e.Message, e);
        }
    }

    /// <summary>A reader over <paramref name="file"/> (the whole database).</summary>
    /// <exception cref="InvalidDataException">The bytes are not a MaxMind DB or its metadata is corrupt.</exception>
    public static MmdbReader FromBytes(byte[] file) => new(file);

    private static InvalidDataException Missing(string key) => new($"metadata lacks '{key}'");

    /// <summary>
    /// The data record of an address (<paramref name="family"/> 4 with the address in the low 32
    /// bits of <paramref name="value"/>, or 6), or null when the database has none for it.
    /// </summary>
    /// <exception cref="InvalidDataException">The search tree or data section is corrupt.</exception>
    public MmdbRecord? Lookup(int family, UInt128 value)
    {
        int bits;
        long node;
        if (family == 4)
        {
            bits = 32;
            node = IpVersion == 4 ? 0 : _ipv4Start;
            value <<= 96;
        }
        else if (family == 6 && IpVersion == 6)
        {
            bits = 128;
            node = 0;
        }
        else return null;
        // Invariant: node < _nodeCount at the top of each pass; at most 128 passes.
        for (var i = 0; i < bits && node < _nodeCount; i++)
            node = Record(node, (int)(value >> (127 - i)) & 1);
        if (node == _nodeCount) return null; // the "no data" record
        if (node < _nodeCount) return null; // ran out of bits inside the tree: no network holds the address
        var offset = node - _nodeCount - 16;
        if (offset < 0 || offset >= _dataEnd - _dataStart) throw new InvalidDataException($"data pointer {node} outside the data section");
        var data = new Section(_file, _dataStart, _dataEnd);
        return new MmdbRecord(data, data.Resolve((int)offset));
    }

    /// <summary>The left (<paramref name="bit"/> 0) or right record of a node.</summary>
    private long Record(long node, int bit)
    {
        var at = node * _recordSize / 4;
        if (at + _recordSize / 4 > _dataStart - 16) throw new InvalidDataException($"node {node} outside the search tree");
        var b = _file.AsSpan((int)at, _recordSize / 4);
        return _recordSize switch
        {
            24 => bit == 0 ? (b[0] << 16) | (b[1] << 8) | b[2] : (b[3] << 16) | (b[4] << 8) | b[5],
            28 => bit == 0 ? ((b[3] & 0xF0) << 20) | (b[0] << 16) | (b[1] << 8) | b[2] : ((b[3] & 0x0F) << 24) | (b[4] << 16) | (b[5] << 8) | b[6],
            _ => bit == 0 ? System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(b) : System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(b[4..]),
        };
    }

    /// <summary>A decoded value's place: its type, its size field and where its payload starts (section-relative).</summary>
    internal readonly record struct Value(int Type, int Size, int Payload);

    /// <summary>
    /// The data or metadata section: values are decoded at section-relative offsets, and pointers
    /// are relative to the section start.
    /// </summary>
    internal readonly struct Section(byte[] file, int start, int end)
    {
        private int Length => end - start;

        private byte At(int offset)
        {
            if ((uint)offset >= (uint)Length) throw new InvalidDataException($"offset {offset} past the end of a {Length}-byte section");
            return file[start + offset];
        }

        private ReadOnlySpan<byte> Span(int offset, int length)
        {
            if (offset < 0 || length < 0 || offset > Length - length) throw new InvalidDataException($"value at {offset} runs past the end of its section");
            return file.AsSpan(start + offset, length);
        }

        /// <summary>The value at <paramref name="offset"/>, a pointer followed once.</summary>
        public Value Resolve(int offset)
        {
            var value = Control(offset, out var next);
            if (value.Type != Pointer) return value;
            var target = Control(value.Payload, out _);
            if (target.Type == Pointer) throw new InvalidDataException($"pointer at {offset} points to a pointer");
            return target;
        }

        /// <summary>Decodes the control byte(s) at <paramref name="offset"/>; <paramref name="next"/> is the offset after the whole value's header and payload for scalars and pointers.</summary>
        private Value Control(int offset, out int next)
        {
            int b = At(offset++);
            var type = b >> 5;
            if (type == Pointer)
            {
                var ss = (b >> 3) & 3;
                var vvv = b & 7;
                long target = ss switch
                {
                    0 => (vvv << 8) | At(offset),
                    1 => ((vvv << 16) | (At(offset) << 8) | At(offset + 1)) + 2048,
                    2 => ((long)vvv << 24 | (long)At(offset) << 16 | (long)At(offset + 1) << 8 | At(offset + 2)) + 526336,
                    _ => (long)At(offset) << 24 | (long)At(offset + 1) << 16 | (long)At(offset + 2) << 8 | At(offset + 3),
                };
                next = offset + ss + 1;
                if (target >= Length) throw new InvalidDataException($"pointer to {target} past the end of its section");
                return new Value(Pointer, 0, (int)target);
            }
            if (type == 0) type = 7 + At(offset++);
            if (type is < 2 or > 15) throw new InvalidDataException($"unknown data type {type} at {offset}");
            var size = b & 31;
            if (size == 29) size = 29 + At(offset++);
            else if (size == 30)
            {
                size = 285 + ((At(offset) << 8) | At(offset + 1));
                offset += 2;
            }
            else if (size == 31)
            {
                size = 65821 + ((At(offset) << 16) | (At(offset + 1) << 8) | At(offset + 2));
                offset += 3;
            }
            next = type is Map or Array or Boolean ? offset : offset + size;
            return new Value(type, size, offset);
        }

        /// <summary>The offset just past the value at <paramref name="offset"/> (pointers are not followed).</summary>
        private int Skip(int offset, int depth)
        {
            if (depth > MaxDepth) throw new InvalidDataException($"values nested deeper than {MaxDepth}");
            var value = Control(offset, out var next);
            switch (value.Type)
            {
                case Map:
                    // Invariant: next is the offset of the next key; each pass consumes one key and one value.
                    for (var i = 0; i < value.Size; i++) next = Skip(Skip(next, depth + 1), depth + 1);
                    return next;
                case Array:
                    for (var i = 0; i < value.Size; i++) next = Skip(next, depth + 1);
                    return next;
                case Pointer:
                    return next;
                case Container or EndMarker:
                    throw new InvalidDataException($"type {value.Type} where a value belongs, at {offset}");
                default:
                    Span(value.Payload, next - value.Payload); // bounds check of the payload
                    return next;
            }
        }

        /// <summary>The value of <paramref name="key"/> in <paramref name="map"/> (a pointer followed once), or null when absent or not a map.</summary>
        public Value? Find(Value map, string key)
        {
            if (map.Type != Map) return null;
            var at = map.Payload;
            // Invariant: at is the offset of the i-th key; keys are strings or pointers to strings.
            for (var i = 0; i < map.Size; i++)
            {
                var k = Resolve(at);
                var valueAt = Skip(at, 1);
                if (k.Type == Utf8String && Equals(Span(k.Payload, k.Size), key)) return Resolve(valueAt);
                at = Skip(valueAt, 1);
            }
            return null;
        }

        private static bool Equals(ReadOnlySpan<byte> utf8, string key)
        {
            if (utf8.Length != key.Length) return false;
            for (var i = 0; i < utf8.Length; i++)
                if (utf8[i] != key[i]) return false;
            return true;
        }

        /// <summary>An unsigned integer (uint16, uint32, uint64 — all 64 bits, so an ASN past 2^63 stays positive; int32 when not negative).</summary>
        public ulong UInt(Value value)
        {
            if (value.Type is not (UInt16 or UInt32 or UInt64 or Int32 or UInt128) || value.Size > 8)
                throw new InvalidDataException($"expected an unsigned integer, found type {value.Type}");
            ulong result = 0;
            foreach (var b in Span(value.Payload, value.Size)) result = (result << 8) | b;
            if (value.Type == Int32 && value.Size == 4 && (int)result < 0) throw new InvalidDataException($"negative int32 where an unsigned integer belongs, at {value.Payload}");
            return result;
        }

        /// <summary><see cref="UInt"/> for sizes and counts: past <see cref="long.MaxValue"/> is corrupt.</summary>
        public long Count(Value value)
        {
            var n = UInt(value);
            return n <= long.MaxValue ? (long)n : throw new InvalidDataException($"count {n} out of range, at {value.Payload}");
        }

        /// <summary>A string (cut at <see cref="MaxStringBytes"/>; invalid UTF-8 becomes U+FFFD).</summary>
        public string String(Value value)
        {
            if (value.Type != Utf8String) throw new InvalidDataException($"expected a string, found type {value.Type}");
            return Encoding.UTF8.GetString(Span(value.Payload, value.Size)[..Math.Min(value.Size, MaxStringBytes)]);
        }

        /// <summary>True for a string value.</summary>
        public static bool IsString(Value value) => value.Type == Utf8String;

        /// <summary>True for an unsigned integer value.</summary>
        public static bool IsUnsigned(Value value) => value.Type is UInt16 or UInt32 or UInt64 or UInt128 && value.Size <= 8;
    }
}

/// <summary>The data record of one address: a map read by key paths.</summary>
public readonly struct MmdbRecord
{
    private readonly MmdbReader.Section _data;
    private readonly MmdbReader.Value _root;

    internal MmdbRecord(MmdbReader.Section data, MmdbReader.Value root)
    {
        _data = data;
        _root = root;
    }

    /// <summary>The string at <paramref name="path"/> (map keys), or null when absent or not a string.</summary>
    /// <exception cref="InvalidDataException">The data section is corrupt.</exception>
    public string? String(params ReadOnlySpan<string> path)
        => Walk(path) is { } v && MmdbReader.Section.IsString(v) ? _data.String(v) : null;

    /// <summary>The unsigned integer at <paramref name="path"/>, or null when absent or not one.</summary>
    /// <exception cref="InvalidDataException">The data section is corrupt.</exception>
    public ulong? UInt(params ReadOnlySpan<string> path)
        => Walk(path) is { } v && MmdbReader.Section.IsUnsigned(v) ? _data.UInt(v) : null;

    private MmdbReader.Value? Walk(ReadOnlySpan<string> path)
    {
        MmdbReader.Value? value = _root;
        foreach (var key in path)
        {
            if (value is not { } v) return null;
            value = _data.Find(v, key);
        }
        return value;
    }
}
