using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace FastLog.Tests.TestSupport;

/// <summary>
/// Writes small MaxMind DB (<c>.mmdb</c>, format 2.0, maxmind.github.io/MaxMind-DB) files for
/// tests, because none of MaxMind's public test databases is shipped by a package the test
/// machines can install (see tests/data/geoip/SOURCE.md). Every file it writes is checked with
/// MaxMind's own .NET reader (MaxMind.Db) in the tests, so the product's reader is compared with
/// the reference implementation, not with this writer's reading of the spec.
/// </summary>
/// <remarks>
/// Networks must not overlap. Values are <see cref="string"/>, <see cref="ushort"/>,
/// <see cref="uint"/>, <see cref="ulong"/>, <see cref="double"/>, <see cref="bool"/>, lists and
/// <see cref="Dictionary{TKey, TValue}"/> of string keys. Map keys written before are written
/// again as pointers (as MaxMind's writers deduplicate), so readers must follow pointers.
/// </remarks>
public sealed class MmdbWriter(int ipVersion = 6, int recordSize = 28, string databaseType = "FastLog-Test")
{
    private sealed class Node
    {
        public Node? Left, Right;
        public int? LeftData, RightData; // data section offsets
    }

    private readonly Node _root = new();
    private readonly MemoryStream _data = new();
    private readonly Dictionary<string, int> _keys = new(StringComparer.Ordinal);

    /// <summary>Adds <paramref name="cidr"/> (e.g. <c>81.2.69.0/24</c>, <c>2001:218::/32</c>) with its record.</summary>
    public MmdbWriter Add(string cidr, Dictionary<string, object> record)
    {
        var slash = cidr.IndexOf('/');
        var address = IPAddress.Parse(cidr[..slash]);
        var prefix = int.Parse(cidr[(slash + 1)..]);
        var bytes = address.GetAddressBytes();
        if (ipVersion == 6 && bytes.Length == 4)
        {
            bytes = [.. new byte[12], .. bytes]; // IPv4 lives under ::/96 in an IPv6 tree
            prefix += 96;
        }
        var offset = (int)_data.Length;
        WriteValue(_data, record);
        var node = _root;
        for (var bit = 0; bit < prefix; bit++)
        {
            var right = ((bytes[bit / 8] >> (7 - bit % 8)) & 1) == 1;
            if (bit == prefix - 1)
            {
                if (right) node.RightData = offset;
                else node.LeftData = offset;
                break;
            }
            node = right ? node.Right ??= new Node() : node.Left ??= new Node();
        }
        return this;
    }

    /// <summary>The whole file.</summary>
    public byte[] Build()
    {
        var nodes = new List<Node>();
        var ids = new Dictionary<Node, int>(ReferenceEqualityComparer.Instance);
        var queue = new Queue<Node>([_root]);
        while (queue.TryDequeue(out var node))
        {
            ids[node] = nodes.Count;
            nodes.Add(node);
            if (node.Left is { } l) queue.Enqueue(l);
            if (node.Right is { } r) queue.Enqueue(r);
        }
        var count = nodes.Count;
        long Record(Node? child, int? data) => child is not null ? ids[child] : data is { } d ? count + 16 + d : count;

        var file = new MemoryStream();
        var recordBytes = recordSize / 4;
        foreach (var node in nodes)
        {
            var left = Record(node.Left, node.LeftData);
            var right = Record(node.Right, node.RightData);
            var b = new byte[recordBytes];
            switch (recordSize)
            {
                case 24:
                    Put(b, 0, 3, left);
                    Put(b, 3, 3, right);
                    break;
                case 28:
                    Put(b, 0, 3, left & 0xFFFFFF);
                    b[3] = (byte)((((left >> 24) & 0xF) << 4) | ((right >> 24) & 0xF));
                    Put(b, 4, 3, right & 0xFFFFFF);
                    break;
                default:
                    Put(b, 0, 4, left);
                    Put(b, 4, 4, right);
                    break;
            }
            file.Write(b);
        }
        file.Write(new byte[16]); // data section separator
        _data.Position = 0;
        _data.CopyTo(file);
        file.Write([0xAB, 0xCD, 0xEF]);
        file.Write("MaxMind.com"u8);
        _keys.Clear(); // metadata pointers would be relative to the metadata section: write it without any
        WriteValue(file, new Dictionary<string, object>
        {
            ["binary_format_major_version"] = (ushort)2,
            ["binary_format_minor_version"] = (ushort)0,
            ["build_epoch"] = (ulong)1_700_000_000,
            ["database_type"] = databaseType,
            ["description"] = new Dictionary<string, object> { ["en"] = "FastLog test database" },
            ["ip_version"] = (ushort)ipVersion,
            ["languages"] = new List<object> { "en" },
            ["node_count"] = (uint)count,
            ["record_size"] = (ushort)recordSize,
        }, pointers: false);
        return file.ToArray();
    }

    private static void Put(byte[] b, int at, int length, long value)
    {
        for (var i = length - 1; i >= 0; i--, value >>= 8) b[at + i] = (byte)value;
    }

    private void WriteValue(MemoryStream s, object value, bool pointers = true)
    {
        switch (value)
        {
            case string text:
                var utf8 = Encoding.UTF8.GetBytes(text);
                Control(s, 2, utf8.Length);
                s.Write(utf8);
                break;
            case double d:
                Control(s, 3, 8);
                var bits = new byte[8];
                BinaryPrimitives.WriteDoubleBigEndian(bits, d);
                s.Write(bits);
                break;
            case ushort u16: Unsigned(s, 5, u16); break;
            case uint u32: Unsigned(s, 6, u32); break;
            case ulong u64: Unsigned(s, 9, u64); break;
            case bool flag: Control(s, 14, flag ? 1 : 0); break;
            case Dictionary<string, object> map:
                Control(s, 7, map.Count);
                foreach (var (key, item) in map)
                {
                    if (pointers && _keys.TryGetValue(key, out var at)) Pointer(s, at);
                    else
                    {
                        if (pointers) _keys[key] = (int)s.Length;
                        WriteValue(s, key, pointers);
                    }
                    WriteValue(s, item, pointers);
                }
                break;
            case List<object> list:
                Control(s, 11, list.Count);
                foreach (var item in list) WriteValue(s, item, pointers);
                break;
            default:
                throw new ArgumentException($"cannot write {value.GetType()}");
        }
    }

    private static void Unsigned(MemoryStream s, int type, ulong value)
    {
        var bytes = new List<byte>();
        for (; value > 0; value >>= 8) bytes.Insert(0, (byte)value);
        Control(s, type, bytes.Count);
        s.Write(bytes.ToArray());
    }

    private static void Control(MemoryStream s, int type, int size)
    {
        var first = type <= 7 ? type << 5 : 0;
        byte[] extra = size switch
        {
            < 29 => [],
            < 285 => [(byte)(size - 29)],
            < 65821 => [(byte)((size - 285) >> 8), (byte)(size - 285)],
            _ => [(byte)((size - 65821) >> 16), (byte)((size - 65821) >> 8), (byte)(size - 65821)],
        };
        first |= size switch { < 29 => size, < 285 => 29, < 65821 => 30, _ => 31 };
        s.WriteByte((byte)first);
        if (type > 7) s.WriteByte((byte)(type - 7));
        s.Write(extra);
    }

    private static void Pointer(MemoryStream s, int target)
    {
        switch (target)
        {
            case < 2048:
                s.Write([(byte)(0x20 | (target >> 8)), (byte)target]);
                break;
            case < 526336:
                var v1 = target - 2048;
                s.Write([(byte)(0x28 | (v1 >> 16)), (byte)(v1 >> 8), (byte)v1]);
                break;
            default:
                var v2 = target - 526336;
                s.Write([(byte)(0x30 | (v2 >> 24)), (byte)(v2 >> 16), (byte)(v2 >> 8), (byte)v2]);
                break;
        }
    }
}
