using System.Text;

namespace FastLog.Generation;

/// <summary>
/// Strings encoded once to UTF-8, side by side in one array: the vocabulary (addresses, paths,
/// user agents, payloads) that the per-line loop copies from without ever touching a string.
/// </summary>
internal sealed class Utf8StringPool
{
    private byte[] _bytes = new byte[4096];
    private int _length;
    private readonly List<(int Offset, int Length)> _items = [];

    /// <summary>Number of strings held.</summary>
    public int Count => _items.Count;

    /// <summary>Longest string held, in bytes.</summary>
    public int MaxLength { get; private set; }

    /// <summary>Appends <paramref name="text"/>; returns its index.</summary>
    public int Add(string text)
    {
        var size = Encoding.UTF8.GetByteCount(text);
        if (_length + size > _bytes.Length) Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _length + size));
        Encoding.UTF8.GetBytes(text, _bytes.AsSpan(_length));
        _items.Add((_length, size));
        _length += size;
        MaxLength = Math.Max(MaxLength, size);
        return _items.Count - 1;
    }

    /// <summary>Appends <paramref name="utf8"/>; returns its index.</summary>
    public int Add(ReadOnlySpan<byte> utf8)
    {
        if (_length + utf8.Length > _bytes.Length) Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _length + utf8.Length));
        utf8.CopyTo(_bytes.AsSpan(_length));
        _items.Add((_length, utf8.Length));
        _length += utf8.Length;
        MaxLength = Math.Max(MaxLength, utf8.Length);
        return _items.Count - 1;
    }

    /// <summary>The bytes of string <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> this[int index]
    {
        get
        {
            var (offset, length) = _items[index];
            return _bytes.AsSpan(offset, length);
        }
    }

    /// <summary>A frozen copy whose lookups are plain array reads (the form the hot loop uses).</summary>
    public FrozenUtf8Strings Freeze()
    {
        var offsets = new int[_items.Count + 1];
        for (var i = 0; i < _items.Count; i++) offsets[i] = _items[i].Offset;
        offsets[_items.Count] = _length;
        return new FrozenUtf8Strings(_bytes.AsSpan(0, _length).ToArray(), offsets, MaxLength);
    }
}
