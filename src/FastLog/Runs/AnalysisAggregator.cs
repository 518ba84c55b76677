using FastLog.Aggregation;
using FastLog.Aggregation.Tables;
using FastLog.Aggregation.Views;
using FastLog.Columns;
using FastLog.Detection;
using FastLog.Detection.Auth;
using FastLog.Detection.CloudTrail;
using FastLog.Detection.Custom;
using FastLog.Detection.Web;
using FastLog.Partials;

namespace FastLog.Runs;

/// <summary>
/// What <c>analyze</c> accumulates: the per-format views (every batch), the traffic aggregate for
/// access logs and, with <c>detect</c>, every rule family (web, auth, CloudTrail and
/// the <c>--rules</c> file's).
/// </summary>
public sealed class AnalysisAggregator : IAggregator, IPartialState
{
    /// <summary>Creates an empty state; <paramref name="detect"/> runs the detections too (with the given thresholds; null: the public defaults).</summary>
    public AnalysisAggregator(TableBudget budget, bool detect = true, AuthRuleOptions? authOptions = null, CustomRuleSet? rules = null,
        WebRuleOptions? webOptions = null, CloudTrailRuleOptions? cloudTrailOptions = null)
        : this(budget, detect, authOptions, rules, webOptions, cloudTrailOptions, new AccessAggregator(budget))
    {
    }

    private AnalysisAggregator(TableBudget budget, bool detect, AuthRuleOptions? authOptions, CustomRuleSet? rules,
        WebRuleOptions? webOptions, CloudTrailRuleOptions? cloudTrailOptions, AccessAggregator access)
    {
        _createSizedLike = like => new AnalysisAggregator(budget, detect, authOptions, rules, webOptions, cloudTrailOptions, like.Access.CreateSizedLike());
        Views = new ViewsAggregator(budget);
        Access = access;
        // The web rules reuse the traffic tables' client, agent, path and referer ids: each
        // record is looked up once, not twice. Without detect, no rule state is built at all.
        Detection = detect ? new DetectionAggregator(budget, authOptions, cloudTrailOptions, rules, Access, webOptions) : null;
    }

    /// <inheritdoc/>
    public bool IsApproximate => Access.IsApproximate || Views.IsApproximate || Detection?.IsApproximate == true;

    /// <inheritdoc/>
    public double BudgetShare => Access.BudgetShare;

    // The same options as this state's, the traffic tables sized like another state's.
    private readonly Func<AnalysisAggregator, AnalysisAggregator> _createSizedLike;

    /// <inheritdoc/>
    /// <remarks>The traffic aggregate's tables are sized; the views and detections start as the factory's.</remarks>
    public IAggregator? CreateSizedLike() => _createSizedLike(this);

    /// <summary>True when the detections run (<c>analyze --detect</c>).</summary>
    public bool Detect => Detection is not null;

    /// <summary>Records per hour of every format, and the auth, syslog, CloudTrail, GitHub and service-health views.</summary>
    public ViewsAggregator Views { get; }

    /// <summary>Traffic, performance and errors.</summary>
    public AccessAggregator Access { get; }

    /// <summary>Security findings of every rule family; null without <see cref="Detect"/>.</summary>
    public DetectionAggregator? Detection { get; }

    /// <inheritdoc/>
    public void Consume(LogBatch batch, ReadOnlySpan<byte> block)
    {
        Views.Consume(batch, block);
        // The traffic aggregate first: the web rules read its ids of this batch.
        if (batch.Format.IsAccessLog()) Access.Consume(batch, block);
        Detection?.Consume(batch, block);
    }

    /// <inheritdoc/>
    public void Merge(IAggregator other)
    {
        var o = (AnalysisAggregator)other;
        Access.Merge(o.Access); // before the detections, which reuse its id maps
        if (Detection is not { } detection)
        {
            Views.Merge(o.Views);
            return;
        }
        // The views and the detections share no state: merged side by side, the detections'
        // merge (tens of milliseconds on a 1 GB log) does not lengthen the run's sequential end.
        Parallel.Invoke(() => Views.Merge(o.Views), () => detection.Merge(o.Detection!));
    }

    /// <inheritdoc/>
    /// <exception cref="NotSupportedException">A view that cannot be saved yet holds records.</exception>
    public void WriteState(PartialWriter writer)
    {
        Access.WriteState(writer);
        Views.WriteState(writer);
        Detection?.WriteState(writer);
    }

    /// <inheritdoc/>
    public void ReadState(PartialReader reader)
    {
        Access.ReadState(reader);
        Views.ReadState(reader);
        // After the traffic aggregate: the web rules find their clients and agents in its tables.
        Detection?.ReadState(reader);
    }
}
