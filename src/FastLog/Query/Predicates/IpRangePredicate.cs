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
        => KeepText(batch, field, block, selection, count, new InNetworks(networks, names));

    private readonly struct InNetworks(IpRangeSet networks, ByteStringSet? names) : ITextTest
    {
        public bool Matches(ReadOnlySpan<byte> text)
        {
            var family = IpAddressText.Parse(text, out var address);
            return family != IpAddressText.None ? networks.Contains(family, address) : names is not null && names.Contains(text);
        }
    }
}
