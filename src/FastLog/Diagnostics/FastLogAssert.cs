using System.Diagnostics.CodeAnalysis;
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace FastLog.Diagnostics;

/// <summary>Debug-only invariant checks: compiled only where <c>FASTLOG_ASSERT</c> is defined (every Debug build).</summary>
public static class FastLogAssert
{
    /// <summary>Throws when <paramref name="condition"/> is false.</summary>
    [Conditional("FASTLOG_ASSERT")]
    public static void True([DoesNotReturnIf(false)] bool condition, [CallerArgumentExpression(nameof(condition))] string? expression = null)
    {
        if (!condition) throw new InvalidOperationException($"FastLog invariant failed: {expression}");
    }
}
