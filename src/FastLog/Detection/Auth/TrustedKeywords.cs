using System.Buffers;

namespace FastLog.Detection.Auth;

/// <summary>
/// Keyword search that ignores text a remote client chose (docs/reliability.md R3). In an sshd
/// message the client picks the user name (<c>Invalid user X from …</c>) and the strings sshd
/// quotes (<c>Bad protocol version identification '…'</c>); a keyword inside either would let
/// anyone raise a finding, so a hit counts only when it overlaps neither.
/// </summary>
internal static class TrustedKeywords
{
    /// <summary>
    /// Hits looked at per message: each rejected hit is client text, and a message with this many
    /// is an attempt to make the search slow; real sshd errors carry no user name at all.
    /// </summary>
    private const int MaxHitsChecked = 16;

    /// <summary>
    /// True when one of <paramref name="keywords"/> (listed in <paramref name="tokens"/>) occurs in
    /// <paramref name="text"/> outside single quotes and outside <c>[userStart, userStart + userLength)</c>
    /// (userStart -1: no user).
    /// </summary>
    public static bool Contains(ReadOnlySpan<char> text, SearchValues<string> keywords, string[] tokens, int userStart, int userLength)
    {
        var from = 0;
        // Invariant: every hit before `from` was rejected; each round moves `from` forward by at least one.
        for (var round = 0; round < MaxHitsChecked && from < text.Length; round++)
        {
            var relative = text[from..].IndexOfAny(keywords);
            if (relative < 0) return false;
            var hit = from + relative;
            var length = MatchLength(text[hit..], tokens);
            var end = hit + length;
            var overlapsUser = userStart >= 0 && hit < userStart + userLength && userStart < end;
            if (!overlapsUser && !IsQuoted(text, hit, end)) return true;
            from = hit + 1;
        }
        return false;
    }

    /// <summary>The longest token that <paramref name="text"/> starts with (ignoring case); 1 when none does.</summary>
    private static int MatchLength(ReadOnlySpan<char> text, string[] tokens)
    {
        var longest = 1;
        foreach (var token in tokens)
            if (token.Length > longest && text.StartsWith(token, StringComparison.OrdinalIgnoreCase)) longest = token.Length;
        return longest;
    }

    /// <summary>True when <c>[start, end)</c> lies inside a single-quoted span or crosses a quote.</summary>
    private static bool IsQuoted(ReadOnlySpan<char> text, int start, int end)
        => text[..start].Count('\'') % 2 == 1 || text[start..end].Contains('\'');
}
