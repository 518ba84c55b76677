using FastLog.Aggregation;
using FastLog.Aggregation.Tables;
using FastLog.Aggregation.Views;
using FastLog.Columns;
using FastLog.Detection;
using FastLog.Formats;

namespace FastLog.Engine;

/// <summary>
/// What <c>analyze</c> accumulates: the per-format views (every batch), and for access logs the
/// traffic aggregate and, with <paramref name="detect"/>, the web detections.
/// </summary>
public sealed class AnalysisAggregator(TableBudget budget, bool detect = true) : IAggregator
{
    /// <summary>True when the detections run (<c>analyze --detect</c>).</summary>
    public bool Detect => detect;

    /// <summary>Records per hour of every format, and the auth, syslog, CloudTrail, GitHub and service-health views.</summary>
    public ViewsAggregator Views { get; } = new(budget);

    /// <summary>Traffic, performance and errors.</summary>
    public AccessAggregator Access { get; } = new(budget);

    /// <summary>Security findings.</summary>
    public WebDetectionAggregator Detection { get; } = new(budget);

    /// <inheritdoc/>
    public void Consume(LogBatch batch, ReadOnlySpan<byte> block)
    {
        Views.Consume(batch, block);
        if (!batch.Format.IsAccessLog()) return;
        Access.Consume(batch, block);
        if (detect) Detection.Consume(batch, block);
    }

    /// <inheritdoc/>
    public void Merge(IAggregator other)
    {
        var o = (AnalysisAggregator)other;
        Views.Merge(o.Views);
        Access.Merge(o.Access);
        Detection.Merge(o.Detection);
    }
}
