using FastLog.Columns;
using FastLog.Query.Literals;

namespace FastLog.Query.Predicates;

/// <summary><c>method in [GET, HEAD]</c>, <c>path in @paths.txt</c>: exact membership of the field's bytes; null matches nothing.</summary>
public sealed class TextSetPredicate(LogField field, ByteStringSet values) : RecordPredicate
{
    /// <inheritdoc/>
    public override int Filter(LogBatch batch, ReadOnlySpan<byte> block, Span<int> selection, int count)
        => KeepText(batch, field, block, selection, count, new InSet(values));

    private readonly struct InSet(ByteStringSet values) : ITextTest
    {
        public bool Matches(ReadOnlySpan<byte> text) => values.Contains(text);
    }
}
