using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace FastLog.Formats.Json;

/// <summary>
/// A node of the property-name tree a <see cref="JsonRecordParser"/> walks: the properties of one
/// JSON object that lead to a field. Built once per parser from <see cref="JsonFieldSpec"/> paths.
/// </summary>
public sealed class JsonPathNode
{
    /// <summary>Longest escaped property name that is unescaped to be compared; a longer one matches nothing (no path is that long).</summary>
    private const int MaxEscapedNameBytes = 256;

    /// <summary>The property name, UTF-8 (empty for the root).</summary>
    public byte[] Name { get; }

    /// <summary>The properties of this node's object that lead to a field.</summary>
    public JsonPathNode[] Children { get; private set; } = [];

    // Children by the length of their names, up to the longest: a record's other names, of other
    // lengths mostly, are told apart by one load instead of a compare (and a mispredicted
    // branch) per child.
    private JsonPathNode[][] _byLength = [];

    /// <summary>Indexes of the targets filled from this property's value (several specs may share a path).</summary>
    public int[] Targets { get; private set; } = [];

    /// <summary>Index of the node in its tree (set by <see cref="Number"/>).</summary>
    public int Index { get; private set; }

    /// <summary>The targets of this node and of every node below it (set by <see cref="Number"/>).</summary>
    public int[] SubtreeTargets { get; private set; } = [];

    /// <summary>Numbers this node and its descendants from <paramref name="next"/> on and collects their targets; returns the next free index.</summary>
    public int Number(int next)
    {
        Index = next++;
        var targets = new List<int>(Targets);
        foreach (var child in Children)
        {
            next = child.Number(next);
            targets.AddRange(child.SubtreeTargets);
        }
        SubtreeTargets = [.. targets];
        return next;
    }

    /// <summary>Creates a node for property <paramref name="name"/>.</summary>
    public JsonPathNode(string name) => Name = Encoding.UTF8.GetBytes(name);

    /// <summary>The child named <paramref name="name"/>, created when absent.</summary>
    public JsonPathNode Child(string name)
    {
        var bytes = Encoding.UTF8.GetBytes(name);
        foreach (var child in Children)
            if (child.Name.AsSpan().SequenceEqual(bytes)) return child;
        var created = new JsonPathNode(name);
        Children = [.. Children, created];
        _byLength = new JsonPathNode[Children.Max(c => c.Name.Length) + 1][];
        for (var length = 0; length < _byLength.Length; length++) _byLength[length] = [.. Children.Where(c => c.Name.Length == length)];
        return created;
    }

    /// <summary>Adds a target filled from this node's value.</summary>
    public void AddTarget(int target) => Targets = [.. Targets, target];

    /// <summary>The child named by the property name the reader is on, or null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public JsonPathNode? Find(ref Utf8JsonReader reader)
    {
        return Find(reader.ValueSpan, reader.ValueIsEscaped);
    }

    /// <summary>
    /// The child named by the name bytes <paramref name="name"/> (a name's text between its
    /// quotes, holding escapes when <paramref name="escaped"/>), or null; as
    /// <see cref="Find(ref Utf8JsonReader)"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public JsonPathNode? Find(ReadOnlySpan<byte> name, bool escaped)
    {
        if (escaped) return FindEscaped(name);
        if ((uint)name.Length >= (uint)_byLength.Length) return null;
        // Invariant: no child before c has this name; a length has one child or two.
        foreach (var child in _byLength[name.Length])
            if (name.SequenceEqual(child.Name)) return child;
        return null;
    }

    /// <summary>Slow path: the child named by <paramref name="escaped"/> once unescaped.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private JsonPathNode? FindEscaped(ReadOnlySpan<byte> escaped)
    {
        if (escaped.Length > MaxEscapedNameBytes) return null;
        Span<byte> buffer = stackalloc byte[MaxEscapedNameBytes];
        var name = buffer[..JsonStringUnescaper.Unescape(escaped, buffer)];
        foreach (var child in Children)
            if (name.SequenceEqual(child.Name)) return child;
        return null;
    }
}
