using FastLog.Detection.Auth;
using FastLog.Detection.CloudTrail;
using FastLog.Detection.Custom;
using FastLog.Detection.Web;

namespace FastLog.Detection;

/// <summary>The findings of every family, in one report order (<see cref="FindingOrder"/>).</summary>
public static class DetectionFindings
{
    /// <summary>
    /// Web, auth, CloudTrail and custom findings of a merged <see cref="DetectionAggregator"/>;
    /// each rule's condition names the thresholds and windows it ran with (<see cref="RuleConditions"/>).
    /// </summary>
    public static List<Finding> Extract(DetectionAggregator state)
        => RuleConditions.InEffect(
            Combine(WebFindings.Extract(state.Web), AuthFindings.Extract(state.Auth), CloudTrailFindings.Extract(state.CloudTrail),
                state.Custom is { } custom ? CustomFindings.Extract(custom) : []),
            state.Web.Options, state.Auth.Options, state.CloudTrail.Options);

    /// <summary>The findings of several families, sorted into report order.</summary>
    public static List<Finding> Combine(params IEnumerable<Finding>[] families)
    {
        var all = families.SelectMany(f => f).ToList();
        all.Sort(FindingOrder.Compare);
        return all;
    }
}
