using System.Text;
using System.Text.RegularExpressions;
using FastLog.Columns;

namespace FastLog.Query.Predicates;

/// <summary>
/// <c>field ~ 'pattern'</c>: a search (unanchored, as grep) with a .NET regular expression in
/// <see cref="RegexOptions.NonBacktracking"/> mode, whose matching time is linear in the input
/// whatever the pattern (no ReDoS: <c>(a+)+$</c> on 50,000 <c>a</c>s is one pass). Field bytes
/// are decoded as UTF-8 into a reused buffer (invalid sequences become U+FFFD). Null matches nothing.
/// </summary>
/// <remarks>
/// Each worker has its own <see cref="Regex"/>: a shared instance hands its single cached
/// runner to one thread at a time and builds a new one for every concurrent call.
/// </remarks>
public sealed class TextRegexPredicate(LogField field, string pattern) : RecordPredicate
{
    /// <summary>The options every <c>~</c> pattern is compiled with.</summary>
    public const RegexOptions Options = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant;

    private readonly Regex _regex = new(pattern, Options);
    private char[] _chars = new char[1024];

    /// <inheritdoc/>
    public override int Filter(LogBatch batch, ReadOnlySpan<byte> block, Span<int> selection, int count)
        => KeepText(batch, field, block, selection, count, new Match(this));

    /// <summary>
    /// Whether the pattern is found in <paramref name="text"/>: a UTF-8 field of n bytes decodes
    /// to at most n UTF-16 chars, so _chars (grown to the longest field seen, at most a line)
    /// always holds the decoded value.
    /// </summary>
    private bool IsMatch(ReadOnlySpan<byte> text)
    {
        if (_chars.Length < text.Length) _chars = new char[Math.Max(text.Length, _chars.Length * 2)]; // deliberate: grows to the longest field
        var n = Encoding.UTF8.GetChars(text, _chars);
        return _regex.IsMatch(_chars.AsSpan(0, n));
    }

    private readonly struct Match(TextRegexPredicate predicate) : ITextTest
    {
        public bool Matches(ReadOnlySpan<byte> text) => predicate.IsMatch(text);
    }
}
