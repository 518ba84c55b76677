using FastLog.Output.Model;

namespace FastLog.Output;

// detect's report for the HTML page: the overview of the run and the Security section only.
public sealed partial class ReportBuilder
{
    /// <summary>Builds <c>detect</c>'s report: overview (time range of the findings) and security; no access-log sections.</summary>
    public Report BuildDetection()
    {
        var overview = BuildOverview(access: null, views: null);
        var report = new Report
        {
            FastlogVersion = version,
            Overview = overview,
            Security = detected is { } found ? BuildSecurity(found) : null,
        };
        overview.LossyValues = _text.LossyValues;
        overview.Approximate = _approximate;
        return report;
    }
}
