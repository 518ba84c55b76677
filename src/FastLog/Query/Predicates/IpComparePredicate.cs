using FastLog.Columns;
using FastLog.Query.Literals;

namespace FastLog.Query.Predicates;

/// <summary>
/// <c>ip == 2001:db8::1</c>, <c>ip &gt;= 10.0.0.0</c>: the field parsed as an address and
/// compared with the literal's as a number, so <c>2001:DB8:0::1</c> equals <c>2001:db8::1</c>,
/// <c>::ffff:1.2.3.4</c> equals <c>1.2.3.4</c>, and <c>10.3.0.1</c> is below <c>10.255.255.255</c>.
/// Ordering holds within one family: an address of the other family, a host name or null
/// matches no comparison.
/// </summary>
public sealed class IpComparePredicate(LogField field, TextComparison comparison, int family, UInt128 address) : RecordPredicate
{
    /// <inheritdoc/>
    public override int Filter(LogBatch batch, ReadOnlySpan<byte> block, Span<int> selection, int count)
        => KeepText(batch, field, block, selection, count, new Compare(comparison, family, address));

    private readonly struct Compare(TextComparison comparison, int family, UInt128 address) : ITextTest
    {
        public bool Matches(ReadOnlySpan<byte> text)
        {
            if (IpAddressText.Parse(text, out var value) != family) return false;
            return comparison switch
            {
                TextComparison.Equal => value == address,
                TextComparison.Less => value < address,
                TextComparison.LessOrEqual => value <= address,
                TextComparison.Greater => value > address,
                _ => value >= address,
            };
        }
    }
}
