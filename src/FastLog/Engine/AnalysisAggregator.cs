using FastLog.Aggregation;
using FastLog.Aggregation.Tables;
using FastLog.Aggregation.Views;
using FastLog.Columns;
using FastLog.Detection;
using FastLog.Detection.Auth;
using FastLog.Detection.Custom;
using FastLog.Formats;

namespace FastLog.Engine;

/// <summary>
/// What <c>analyze</c> accumulates: the per-format views (every batch), the traffic aggregate for
/// access logs and, with <paramref name="detect"/>, every rule family (web, auth, CloudTrail and
/// the <c>--rules</c> file's).
/// </summary>
public sealed class AnalysisAggregator(TableBudget budget, bool detect = true, AuthRuleOptions? authOptions = null, CustomRuleSet? rules = null) : IAggregator
{
    /// <summary>True when the detections run (<c>analyze --detect</c>).</summary>
    public bool Detect => detect;

    /// <summary>Records per hour of every format, and the auth, syslog, CloudTrail, GitHub and service-health views.</summary>
    public ViewsAggregator Views { get; } = new(budget);

    /// <summary>Traffic, performance and errors.</summary>
    public AccessAggregator Access { get; } = new(budget);

    /// <summary>Security findings of every rule family (fed only with <see cref="Detect"/>).</summary>
    public DetectionAggregator Detection { get; } = new(budget, authOptions, rules: rules);

    /// <inheritdoc/>
    public void Consume(LogBatch batch, ReadOnlySpan<byte> block)
    {
        Views.Consume(batch, block);
        if (detect) Detection.Consume(batch, block);
        if (batch.Format.IsAccessLog()) Access.Consume(batch, block);
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
