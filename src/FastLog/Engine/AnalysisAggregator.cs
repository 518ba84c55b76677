using FastLog.Aggregation;
using FastLog.Aggregation.Tables;
using FastLog.Columns;
using FastLog.Detection;
using FastLog.Detection.Auth;
using FastLog.Detection.CloudTrail;
using FastLog.Formats;

namespace FastLog.Engine;

/// <summary>What <c>analyze</c> accumulates: the traffic aggregate and the web detections, fed the same batches; auth and CloudTrail batches go to their rule families.</summary>
public sealed class AnalysisAggregator(TableBudget budget) : IAggregator
{
    /// <summary>Traffic, performance and errors.</summary>
    public AccessAggregator Access { get; } = new(budget);

    /// <summary>Security findings.</summary>
    public WebDetectionAggregator Detection { get; } = new(budget);

    /// <summary>sshd / auth findings (auth batches).</summary>
    public AuthDetectionAggregator Auth { get; } = new(budget);

    /// <summary>CloudTrail findings (CloudTrail batches).</summary>
    public CloudTrailDetectionAggregator CloudTrail { get; } = new(budget);

    /// <inheritdoc/>
    public void Consume(LogBatch batch, ReadOnlySpan<byte> block)
    {
        if (batch.Format == LogFormat.Auth) Auth.Consume(batch, block);
        if (batch.Format == LogFormat.CloudTrail) CloudTrail.Consume(batch, block);
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
        Auth.Merge(o.Auth);
        CloudTrail.Merge(o.CloudTrail);
    }
}
