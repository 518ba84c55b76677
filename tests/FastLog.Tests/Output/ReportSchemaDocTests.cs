using System.Text.RegularExpressions;
using FastLog.Diagnostics;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Output;

/// <summary>docs/report-schema.md documents every malformed reason the reports can name, in the enum's order.</summary>
public class ReportSchemaDocTests
{
    [Fact]
    public void MalformedReasonTable_ListsEveryReason_InOrder()
    {
        var doc = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "report-schema.md"));
        var documented = Regex.Matches(doc, @"^\| `([a-z_]+)` \| (?:is|has|ended|opens)\b", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();
        var reasons = Enumerable.Range(0, MalformedReasons.Count).Select(i => MalformedReasons.Name((MalformedReason)i)).ToList();
        Assert.Equal(reasons, documented);
        Assert.Equal(MalformedReasons.Count, Enum.GetValues<MalformedReason>().Length);
    }
}
