using FastLog.Aggregation;
using FastLog.Aggregation.Tables;
using FastLog.Columns;

namespace FastLog.Detection.Custom;

/// <summary>What <c>detect --rules</c> accumulates: the built-in web rules and the custom rules, fed the same batches.</summary>
public sealed class DetectionAggregator(CustomRuleSet rules, TableBudget budget) : IAggregator
{
    /// <summary>The built-in web rules (they read access logs only).</summary>
    public WebDetectionAggregator Web { get; } = new(budget);

    /// <summary>The custom rules (each reads the formats it names).</summary>
    public CustomDetectionAggregator Custom { get; } = new(rules, budget);

    /// <inheritdoc/>
    public void Consume(LogBatch batch, ReadOnlySpan<byte> block)
    {
        Web.Consume(batch, block);
        Custom.Consume(batch, block);
    }

    /// <inheritdoc/>
    public void Merge(IAggregator other)
    {
        var o = (DetectionAggregator)other;
        Web.Merge(o.Web);
        Custom.Merge(o.Custom);
    }
}
