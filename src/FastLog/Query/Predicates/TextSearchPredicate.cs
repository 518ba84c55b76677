using System.Buffers;
using System.Text;
using FastLog.Columns;

namespace FastLog.Query.Predicates;

/// <summary>
/// <c>contains</c>, <c>startswith</c>, <c>endswith</c> and their <c>i…</c> forms, on the field's
/// raw bytes. The case-insensitive forms fold ASCII letters only (<c>A–Z</c> = <c>a–z</c>);
/// other bytes must match exactly. Null matches nothing.
/// </summary>
public sealed class TextSearchPredicate : RecordPredicate
{
    private readonly LogField _field;
    private readonly TextSearch _search;
    private readonly bool _ignoreCase;
    private readonly byte[] _needle;
    private readonly SearchValues<byte>? _firstByte; // both cases of the needle's first letter

    /// <summary>Creates the test.</summary>
    public TextSearchPredicate(LogField field, TextSearch search, bool ignoreCase, byte[] needle)
    {
        _field = field;
        _search = search;
        _ignoreCase = ignoreCase;
        _needle = needle;
        if (ignoreCase && needle.Length > 0)
        {
            var b = needle[0];
            _firstByte = SearchValues.Create(char.IsAsciiLetter((char)b) ? [(byte)(b | 0x20), (byte)(b & ~0x20)] : [b]);
        }
    }

    /// <inheritdoc/>
    public override int Filter(LogBatch batch, ReadOnlySpan<byte> block, Span<int> selection, int count)
    {
        var ranges = TextColumn(batch, _field);
        ReadOnlySpan<byte> needle = _needle;
        var kept = 0;
        // Invariant: selection[0, kept) holds the matches among selection[0, k), kept ≤ k. One
        // loop per kind of test, so the test inside is fixed for the whole batch.
        switch (_search, _ignoreCase)
        {
            case (TextSearch.Contains, false):
                for (var k = 0; k < count; k++)
                {
                    var r = selection[k];
                    var range = ranges[r];
                    if (range.Length >= needle.Length && block.Slice(range.Offset, range.Length).IndexOf(needle) >= 0) selection[kept++] = r;
                }
                break;
            case (TextSearch.StartsWith, false):
                for (var k = 0; k < count; k++)
                {
                    var r = selection[k];
                    var range = ranges[r];
                    if (range.Length >= needle.Length && block.Slice(range.Offset, needle.Length).SequenceEqual(needle)) selection[kept++] = r;
                }
                break;
            case (TextSearch.EndsWith, false):
                for (var k = 0; k < count; k++)
                {
                    var r = selection[k];
                    var range = ranges[r];
                    if (range.Length >= needle.Length && block.Slice(range.Offset + range.Length - needle.Length, needle.Length).SequenceEqual(needle)) selection[kept++] = r;
                }
                break;
            case (TextSearch.Contains, true):
                for (var k = 0; k < count; k++)
                {
                    var r = selection[k];
                    var range = ranges[r];
                    if (range.Length >= needle.Length && ContainsIgnoreCase(block.Slice(range.Offset, range.Length), needle)) selection[kept++] = r;
                }
                break;
            case (TextSearch.StartsWith, true):
                for (var k = 0; k < count; k++)
                {
                    var r = selection[k];
                    var range = ranges[r];
                    if (range.Length >= needle.Length && EqualsIgnoreAsciiCase(block.Slice(range.Offset, needle.Length), needle)) selection[kept++] = r;
                }
                break;
            default:
                for (var k = 0; k < count; k++)
                {
                    var r = selection[k];
                    var range = ranges[r];
                    if (range.Length >= needle.Length && EqualsIgnoreAsciiCase(block.Slice(range.Offset + range.Length - needle.Length, needle.Length), needle)) selection[kept++] = r;
                }
                break;
        }
        return kept;
    }

    private bool ContainsIgnoreCase(ReadOnlySpan<byte> value, ReadOnlySpan<byte> needle)
    {
        if (needle.IsEmpty) return true;
        var last = value.Length - needle.Length;
        var at = 0;
        // Invariant: no match starts before `at`; each candidate is a position of the needle's
        // first letter (either case), found with a vectorized search; `at` grows every step.
        while (at <= last)
        {
            var i = value[at..(last + 1)].IndexOfAny(_firstByte!);
            if (i < 0) return false;
            at += i;
            if (EqualsIgnoreAsciiCase(value.Slice(at, needle.Length), needle)) return true;
            at++;
        }
        return false;
    }

    /// <summary>
    /// Bytewise equality with ASCII letters folded; unlike <see cref="Ascii.EqualsIgnoreCase(ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>
    /// it accepts non-ASCII bytes (which must match exactly).
    /// </summary>
    private static bool EqualsIgnoreAsciiCase(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        for (var i = 0; i < a.Length; i++)
        {
            var x = a[i];
            var y = b[i];
            if (x == y) continue;
            if ((x | 0x20) != (y | 0x20) || !char.IsAsciiLetter((char)x)) return false;
        }
        return true;
    }
}
