using FastLog.Columns;

namespace FastLog.Query.Predicates;

/// <summary>A test whose answer the type checker already knows (e.g. <c>status == null</c>: status is never absent).</summary>
public sealed class ConstantPredicate(bool value) : RecordPredicate
{
    /// <inheritdoc/>
    public override int Filter(LogBatch batch, ReadOnlySpan<byte> block, Span<int> selection, int count) => value ? count : 0;
}
