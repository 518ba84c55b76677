using FastLog.Detection.Auth;
using FastLog.Detection.CloudTrail;
using FastLog.Detection.Custom;

namespace FastLog.Detection;

/// <summary>The findings of every family, in one report order (<see cref="FindingOrder"/>).</summary>
public static class DetectionFindings
{
    /// <summary>Web, auth, CloudTrail and custom findings of a merged <see cref="DetectionAggregator"/>.</summary>
    public static List<Finding> Extract(DetectionAggregator state)
        => Combine(WebFindings.Extract(state.Web), AuthFindings.Extract(state.Auth), CloudTrailFindings.Extract(state.CloudTrail),
            state.Custom is { } custom ? CustomFindings.Extract(custom) : []);

    /// <summary>The findings of several families, sorted into report order.</summary>
    public static List<Finding> Combine(params IEnumerable<Finding>[] families)
    {
        var all = families.SelectMany(f => f).ToList();
        all.Sort(FindingOrder.Compare);
        return all;
    }
}
