using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace FastLog.Scanning;

/// <summary>
/// Software prefetch, for hash tables too large for the cache: a batch of records computes its
/// bucket addresses first and asks for them a few records ahead, so the misses overlap instead
/// of stalling one after another. A hint only: it never faults and never changes results.
/// </summary>
public static class CachePrefetch
{
    /// <summary>Asks for the cache line of <paramref name="item"/>; a no-op where the ISA has no prefetch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Line<T>(ref T item)
    {
        if (Sse.IsSupported) Sse.Prefetch0(Unsafe.AsPointer(ref item));
    }
}
