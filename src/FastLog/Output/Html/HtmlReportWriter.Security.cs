using System.Globalization;
using FastLog.Output.Model;

namespace FastLog.Output.Html;

// The Security panel: findings by severity, incidents per source and per user, a timeline of
// findings and each finding with its evidence lines.
public static partial class HtmlReportWriter
{
    private static readonly string[] s_severities = ["low", "medium", "high", "critical"];

    private static void WriteSecurity(HtmlMarkup m, Security s, IReadOnlyList<IReadOnlyList<EvidenceLine>>? evidence)
    {
        Section(m, "security", "Security" + Approximate(s.Approximate));
        if (s.Findings.Count == 0)
        {
            m.Element("p", "No findings.").Close("section");
            return;
        }
        m.Open("div", "grid").Open("div");
        Named(m, "Findings by severity", s.BySeverity);
        m.Close("div").Open("div");
        m.Element("h3", "Incidents by source");
        var topScore = s.Incidents.Count > 0 ? s.Incidents.Max(i => i.ThreatScore) : 1;
        m.TableStart("#score", "", "source", "network", "#events", "max severity", "rules");
        foreach (var i in s.Incidents)
        {
            m.Open("tr").FigureCell(i.ThreatScore.ToString("0.00", CultureInfo.InvariantCulture)).Open("td", "b");
            SvgChart.Share(m, topScore > 0 ? i.ThreatScore / topScore : 0);
            m.Close("td").ValueCell(i.SourceIp).Cell(i.Network).NumberCell(i.Events).Cell(i.MaxSeverity).Cell(string.Join(",", i.Rules)).Close("tr");
        }
        m.TableEnd().Close("div").Close("div");
        if (s.UserIncidents.Count > 0)
        {
            m.Element("h3", "Incidents by user");
            m.TableStart("#score", "user", "#sources", "#events", "max severity", "rules", "first seen", "last seen");
            foreach (var i in s.UserIncidents)
            {
                m.Open("tr").FigureCell(i.ThreatScore.ToString("0.00", CultureInfo.InvariantCulture)).ValueCell(i.User).NumberCell(i.Sources).NumberCell(i.Events)
                    .Cell(i.MaxSeverity).Cell(string.Join(",", i.Rules)).Cell(i.FirstSeen).Cell(i.LastSeen).Close("tr");
            }
            m.TableEnd();
        }
        Timeline(m, s.Findings);
        m.Element("h3", "Findings");
        m.TableStart("severity", "rule", "name", "source", "user", "#events", "first", "last", "sample", "evidence");
        var listed = Math.Min(s.Findings.Count, MaxFindingsListed);
        for (var k = 0; k < listed; k++)
        {
            var f = s.Findings[k];
            m.Open("tr").Open("td", "sev").Text(f.Severity).Close("td").Cell(f.RuleId).Cell(f.RuleName).ValueCell(f.SourceIp).ValueCell(f.User ?? "")
                .NumberCell(f.Events).Cell(f.First).Cell(f.Last).ValueCell(f.Url ?? f.UserAgent ?? "").Open("td");
            if (evidence is not null && k < evidence.Count && evidence[k].Count > 0)
            {
                m.Open("details").Open("summary").Number(evidence[k].Count).Raw(evidence[k].Count == 1 ? " line" : " lines").Close("summary");
                foreach (var e in evidence[k]) m.Open("pre").Text(e.Path).Raw(":").Number(e.Line).Raw(": ").Text(e.Excerpt).Close("pre");
                m.Close("details");
            }
            m.Close("td").Close("tr");
        }
        m.TableEnd();
        if (s.Findings.Count > listed)
            m.Open("p", "muted").Number(s.Findings.Count - listed).Raw(" more findings (fastlog detect --output json lists them all)").Close("p");
        m.Close("section");
    }

    /// <summary>Every finding at its first event, one lane per severity.</summary>
    private static void Timeline(HtmlMarkup m, List<FindingReport> findings)
    {
        var points = new List<(int Lane, long Time, string Label)>(findings.Count);
        long from = long.MaxValue, to = long.MinValue;
        foreach (var f in findings)
        {
            var lane = Array.IndexOf(s_severities, f.Severity);
            if (lane < 0 || !DateTimeOffset.TryParse(f.First, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var first)) continue;
            var t = first.ToUnixTimeSeconds();
            from = Math.Min(from, t);
            to = Math.Max(to, t);
            points.Add((lane, t, $"{f.First} {f.RuleId} {f.RuleName} {f.SourceIp}"));
        }
        if (points.Count == 0) return;
        m.Element("h3", "Timeline of findings (first event)");
        SvgChart.Timeline(m, "Findings over time by severity", from, to, s_severities, points);
        // The table view: per severity, how many findings and when the first and the last began.
        var lanes = s_severities.Select((name, lane) => (Name: name, Times: points.Where(p => p.Lane == lane).Select(p => p.Time).ToList()))
            .Where(l => l.Times.Count > 0).Reverse().ToList();
        TableView(m, ["severity", "#findings", "first", "last"], lanes.Count, (m, i) => m.Cell(lanes[i].Name).NumberCell(lanes[i].Times.Count)
            .Cell(Columns.FieldRenderer.TimestampText(lanes[i].Times.Min(), withTime: true)).Cell(Columns.FieldRenderer.TimestampText(lanes[i].Times.Max(), withTime: true)));
    }
}
