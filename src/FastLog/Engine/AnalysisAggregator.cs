using FastLog.Aggregation;
using FastLog.Aggregation.Tables;
using FastLog.Columns;
using FastLog.Detection;
using FastLog.Formats;

namespace FastLog.Engine;

/// <summary>What <c>analyze</c> accumulates: the traffic aggregate and the web detections, fed the same batches.</summary>
public sealed class AnalysisAggregator(TableBudget budget, Detection.Custom.CustomRuleSet? rules = null) : IAggregator
{
    /// <summary>Findings of the <c>--rules</c> file's rules, or null without one.</summary>
    public Detection.Custom.CustomDetectionAggregator? Custom { get; } = rules is null ? null : new(rules, budget);

    /// <summary>Traffic, performance and errors.</summary>
    public AccessAggregator Access { get; } = new(budget);

    /// <summary>Security findings.</summary>
    public WebDetectionAggregator Detection { get; } = new(budget);

    /// <inheritdoc/>
    public void Consume(LogBatch batch, ReadOnlySpan<byte> block)
    {
        Custom?.Consume(batch, block);
        if (!batch.Format.IsAccessLog()) return;
        Access.Consume(batch, block);
        Detection.Consume(batch, block);
    }

    /// <inheritdoc/>
    public void Merge(IAggregator other)
    {
        var o = (AnalysisAggregator)other;
        Access.Merge(o.Access);
        Detection.Merge(o.Detection);
        if (o.Custom is not null) Custom?.Merge(o.Custom);
    }
}
