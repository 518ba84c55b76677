using FastLog.Columns;
using FastLog.Query.Literals;

namespace FastLog.Query.Predicates;

/// <summary>
/// <c>ip in 10.0.0.0/8</c>, <c>ip in [1.2.3.4, 2001:db8::/32]</c>, <c>ip in @blocklist.txt</c>:
/// the field parsed as an address (IPv4, IPv6; an IPv4-mapped IPv6 address counts as IPv4)
/// inside one of the networks; list entries that are not addresses (host names) match the
/// field's bytes exactly. A field that is neither matches nothing.
/// </summary>
public sealed class IpRangePredicate(LogField field, IpRangeSet networks, ByteStringSet? names) : RecordPredicate
{
    /// <inheritdoc/>
    public override int Filter(LogBatch batch, ReadOnlySpan<byte> block, Span<int> selection, int count)
    {
        var ranges = TextColumn(batch, field);
        var kept = 0;
        // Invariant: selection[0, kept) holds the matches among selection[0, k), kept ≤ k.
        for (var k = 0; k < count; k++)
        {
            var r = selection[k];
            var range = ranges[r];
            if (range.IsNull) continue;
            var text = block.Slice(range.Offset, range.Length);
            var family = IpAddressText.Parse(text, out var address);
            var match = family != IpAddressText.None ? networks.Contains(family, address) : names is not null && names.Contains(text);
            if (match) selection[kept++] = r;
        }
        return kept;
    }
}
