using System.IO.Hashing;

namespace FastLog.Query.Literals;

/// <summary>A read-only set of byte strings, looked up by span without allocating (<c>in [GET, HEAD]</c>, <c>in @paths.txt</c>).</summary>
public sealed class ByteStringSet
{
    private readonly HashSet<byte[]> _set;
    private readonly HashSet<byte[]>.AlternateLookup<ReadOnlySpan<byte>> _lookup;

    /// <summary>Creates the set of <paramref name="values"/>.</summary>
    public ByteStringSet(IEnumerable<byte[]> values)
    {
        _set = new HashSet<byte[]>(values, Comparer.Instance);
        _lookup = _set.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    /// <summary>Number of distinct values.</summary>
    public int Count => _set.Count;

    /// <summary>True when <paramref name="value"/> is in the set.</summary>
    public bool Contains(ReadOnlySpan<byte> value) => _lookup.Contains(value);

    private sealed class Comparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
    {
        public static readonly Comparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj) => GetHashCode((ReadOnlySpan<byte>)obj);

        public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

        public int GetHashCode(ReadOnlySpan<byte> alternate) => (int)XxHash3.HashToUInt64(alternate);

        public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();
    }
}
