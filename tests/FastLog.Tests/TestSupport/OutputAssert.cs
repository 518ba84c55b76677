using System.Text;
using Xunit;

namespace FastLog.Tests.TestSupport;

/// <summary>
/// Byte-for-byte comparison of two outputs that explains a mismatch: sizes, the first differing
/// line with the lines around it on both sides, and the lines only one side has.
/// </summary>
public static class OutputAssert
{
    private const int ContextLines = 3;
    private const int ListedLines = 8;

    /// <summary>Fails unless <paramref name="actual"/> equals <paramref name="expected"/> exactly.</summary>
    /// <param name="expected">The reference output (oracle or baseline run).</param>
    /// <param name="actual">The output under test.</param>
    /// <param name="what">What is compared, e.g. the two command lines.</param>
    public static void Equal(string expected, string actual, string what)
    {
        if (string.Equals(expected, actual, StringComparison.Ordinal)) return;
        Assert.Fail(Describe(expected, actual, what));
    }

    /// <summary>The explanation <see cref="Equal"/> fails with.</summary>
    public static string Describe(string expected, string actual, string what)
    {
        var e = SplitLines(expected);
        var a = SplitLines(actual);
        var first = 0;
        while (first < e.Length && first < a.Length && e[first] == a[first]) first++;
        var text = new StringBuilder();
        text.Append("outputs differ: ").Append(what).Append('\n');
        text.Append($"expected {expected.Length} chars / {e.Length} lines, actual {actual.Length} chars / {a.Length} lines; first difference at line {first + 1}\n");
        AppendExcerpt(text, "expected", e, first);
        AppendExcerpt(text, "actual", a, first);
        var onlyExpected = Multiset(e);
        foreach (var line in a)
        {
            if (onlyExpected.TryGetValue(line, out var n)) onlyExpected[line] = n - 1;
        }
        var onlyActual = Multiset(a);
        foreach (var line in e)
        {
            if (onlyActual.TryGetValue(line, out var n)) onlyActual[line] = n - 1;
        }
        AppendOnly(text, "only in expected", e, onlyExpected);
        AppendOnly(text, "only in actual", a, onlyActual);
        return text.ToString();
    }

    private static string[] SplitLines(string s)
    {
        var lines = s.Split('\n');
        return s.EndsWith('\n') ? lines[..^1] : lines;
    }

    private static void AppendExcerpt(StringBuilder text, string side, string[] lines, int first)
    {
        text.Append($"--- {side}, lines {Math.Max(1, first + 1 - ContextLines)}..{Math.Min(lines.Length, first + 1 + ContextLines)}:\n");
        for (var i = Math.Max(0, first - ContextLines); i < Math.Min(lines.Length, first + ContextLines + 1); i++)
            text.Append(i == first ? "> " : "  ").Append(Visible(lines[i])).Append('\n');
    }

    private static Dictionary<string, int> Multiset(string[] lines)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in lines) counts[line] = counts.GetValueOrDefault(line) + 1;
        return counts;
    }

    private static void AppendOnly(StringBuilder text, string title, string[] lines, Dictionary<string, int> left)
    {
        var total = left.Values.Where(n => n > 0).Sum();
        if (total == 0) return;
        text.Append($"--- {title} ({total} lines, first {Math.Min(total, ListedLines)} shown):\n");
        var shown = 0;
        foreach (var line in lines)
        {
            if (shown == ListedLines) break;
            if (left.TryGetValue(line, out var n) && n > 0)
            {
                left[line] = n - 1;
                text.Append("  ").Append(Visible(line)).Append('\n');
                shown++;
            }
        }
    }

    /// <summary>Shows CR and other control characters, and cuts very long lines.</summary>
    private static string Visible(string line)
    {
        var s = new StringBuilder();
        foreach (var c in line.Length > 300 ? line[..300] : line)
        {
            if (c == '\r') s.Append("\\r");
            else if (c < ' ') s.Append($"\\x{(int)c:X2}");
            else s.Append(c);
        }
        if (line.Length > 300) s.Append($"... ({line.Length} chars)");
        return s.ToString();
    }
}
