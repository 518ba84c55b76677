using FastLog.Columns;
using FastLog.Scanning;

namespace FastLog.Formats.Json;

/// <summary>The structural-index walk of <see cref="JsonRecordParser"/>: the fast path every line takes first.</summary>
public sealed partial class JsonRecordParser
{
    private readonly ScannerKind _scanner;

    /// <summary>The classifier of this parser's structural index (the scanner the run chose: <c>--version</c>'s <c>scanner=</c>).</summary>
    public ScannerKind IndexScanner => _scanner;
    private bool _indexed = true;
    // One position (plus the slack) and one escape per byte of the longest line so far (the
    // index's contract); they grow with it.
    private int[] _positions = new int[4096 + JsonStructuralIndex.PositionSlack];
    private int[] _escapes = new int[4096];
    // The index of the line IndexLine read last.
    private JsonLineIndex _index;

    /// <summary>
    /// A parser that reads every line with the <see cref="System.Text.Json.Utf8JsonReader"/> walk only: the
    /// reference the index walk is tested against (same arguments as the constructor).
    /// </summary>
    public static JsonRecordParser CreateReference(LogFormat format, IReadOnlyList<JsonFieldSpec> specs, Func<LogBatch, IJsonRecordCompleter>? completer = null,
        int batchCapacity = LogBatch.DefaultCapacity)
        => new(format, specs, completer, batchCapacity, ScannerKind.Scalar) { _indexed = false };

    /// <summary>
    /// Builds the structural index of the first line of <paramref name="text"/> (the rest of a
    /// block, which ends with LF) and returns the offset of its LF: one pass finds both.
    /// </summary>
    private int IndexLine(ReadOnlySpan<byte> text)
    {
        // Invariant: each failed pass doubles the spans, and the line is no longer than the text,
        // so this ends once they hold it.
        while (true)
        {
            _index = JsonStructuralIndex.BuildLine(_scanner, text, _positions, _escapes, out var length);
            if (length >= 0) return length;
            // deliberate: grows once per longer line
            _escapes = new int[2 * _escapes.Length];
            _positions = new int[_escapes.Length + JsonStructuralIndex.PositionSlack];
        }
    }

    /// <summary>
    /// Walks the record <paramref name="json"/> (the line <see cref="IndexLine"/> indexed, without
    /// its LF or CR) on its structural index and fills the spec fields of <paramref name="slot"/>
    /// as the reader walk would. False when the line is not JSON this walk accepts; the caller
    /// then starts the record again with the reader.
    /// </summary>
    private bool TryWalkIndexed(ReadOnlySpan<byte> json, int copyOffset, int slot)
    {
        var index = _index;
        if (index.BadString || index.Count == 0) return false;
        var cursor = new JsonIndexCursor(json, _positions.AsSpan(0, index.Count), _escapes.AsSpan(0, index.EscapeCount));
        if (cursor.Current != JsonBytes.OpenBrace || !WalkObjectIndexed(ref cursor, json, _root, 0, slot, copyOffset)) return false;
        // One value per line: any position after the object is garbage.
        return cursor.AtEnd;
    }

    /// <summary>
    /// With the cursor on the <c>{</c> of <paramref name="node"/>'s object (inside
    /// <paramref name="depth"/> containers), reads its members and moves past its <c>}</c>.
    /// Recursion follows the spec paths only, as <see cref="WalkObject"/>.
    /// </summary>
    private bool WalkObjectIndexed(ref JsonIndexCursor cursor, ReadOnlySpan<byte> json, JsonPathNode node, int depth, int slot, int copyOffset)
    {
        cursor.Next++;
        if (cursor.AtEnd) return false;
        if (cursor.Current == JsonBytes.CloseBrace)
        {
            cursor.Next++;
            return true;
        }
        // Invariant: each iteration starts on a member's name and consumes the member and the
        // comma or brace after it; every step consumes positions, so the loop ends.
        while (true)
        {
            if (!cursor.TryName(out var nameStart, out var nameEnd)) return false;
            var child = node.Find(json[nameStart..nameEnd], cursor.HasEscape(nameStart, nameEnd));
            var valueStart = cursor.CurrentOffset;
            if (child is null)
            {
                if (cursor.SkipValue(depth + 1) < 0) return false;
            }
            else
            {
                if (_nodeRecord[child.Index] == _record) Forget(child, slot);
                _nodeRecord[child.Index] = _record;
                if (child.Children.Length > 0 && cursor.Current == JsonBytes.OpenBrace)
                {
                    if (depth + 1 >= MaxDepth - 1 || !WalkObjectIndexed(ref cursor, json, child, depth + 1, slot, copyOffset)) return false;
                    var length = cursor.PreviousEnd - valueStart;
                    foreach (var t in child.Targets) AssignRaw(t, slot, copyOffset + valueStart, length);
                }
                else
                {
                    var valueEnd = cursor.SkipValue(depth + 1);
                    if (valueEnd < 0) return false;
                    // Several specs on one path each read the value, in spec order, as AssignEach does.
                    var escaped = json[valueStart] == JsonBytes.Quote && cursor.HasEscape(valueStart, valueEnd);
                    foreach (var t in child.Targets) AssignIndexed(json, valueStart, valueEnd, escaped, t, slot, copyOffset);
                }
            }
            if (cursor.AtEnd) return false;
            var separator = cursor.Current;
            cursor.Next++;
            if (separator == JsonBytes.CloseBrace) return true;
            if (separator != JsonBytes.Comma) return false;
        }
    }
}
