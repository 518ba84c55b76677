using FastLog.Aggregation.Tables;

namespace FastLog.Detection;

/// <summary>
/// A (subject id, time bucket number) pair packed into the <c>long</c> key of a bucket table:
/// 22 bits of id (tables are capped at <see cref="MaxIds"/>) and 42 signed bits of bucket, so
/// even 1-second buckets of any 64-bit time a hostile log can write within ±69,000 years stay
/// distinct instead of wrapping.
/// </summary>
internal static class BucketKey
{
    private const int BucketBits = 42;
    private const long BucketMask = (1L << BucketBits) - 1;

    /// <summary>Ids a table of subjects may hand out.</summary>
    public const int MaxIds = (1 << (64 - BucketBits)) - 2;

    /// <summary>The key of <paramref name="subject"/> in <paramref name="bucket"/>.</summary>
    public static long Of(int subject, long bucket) => ((long)subject << BucketBits) | (bucket & BucketMask);

    /// <summary>The subject id of <paramref name="key"/>.</summary>
    public static int Subject(long key) => (int)((ulong)key >> BucketBits);

    /// <summary>The bucket number of <paramref name="key"/> (sign-extended).</summary>
    public static long Bucket(long key) => (key << (64 - BucketBits)) >> (64 - BucketBits);

    /// <summary>Adds the buckets of <paramref name="source"/> to <paramref name="target"/> with subject ids mapped (-1: dropped); returns the bucket id map.</summary>
    public static int[] MergeMapped(LongKeyTable target, LongKeyTable source, int[] subjectMap)
    {
        var map = new int[source.Count];
        for (var b = 0; b < source.Count; b++)
        {
            var key = source.KeyOf(b);
            var subject = subjectMap[Subject(key)];
            map[b] = subject < 0 ? -1 : target.Add(Of(subject, Bucket(key)), source.Counts[b]);
        }
        target.OtherCount += source.OtherCount;
        return map;
    }
}
