namespace FastLog.Output.Html;

/// <summary>One evidence line of a finding as the HTML report shows it.</summary>
/// <param name="Path">Input path.</param>
/// <param name="Line">1-based line number in the input.</param>
/// <param name="Offset">Byte offset of the line.</param>
/// <param name="Excerpt">The line's first bytes, printable ASCII kept and every other byte as <c>\xHH</c>.</param>
public sealed record EvidenceLine(string Path, long Line, long Offset, string Excerpt)
{
    /// <summary>The evidence lines of each finding, in the findings' order.</summary>
    public static List<IReadOnlyList<EvidenceLine>> Of(IReadOnlyList<Detection.Finding> findings, Runs.RunSummary run)
    {
        var all = new List<IReadOnlyList<EvidenceLine>>(findings.Count);
        foreach (var f in findings)
        {
            var lines = new EvidenceLine[f.Evidence.Count];
            for (var k = 0; k < lines.Length; k++)
            {
                var e = f.Evidence[k];
                lines[k] = new EvidenceLine(run.Inputs[e.InputIndex].Path, run.LineNumber(e.InputIndex, e.ChunkIndex, e.LineIndexInChunk), e.FileOffset,
                    Text.ValueText.EscapeExcerpt(e.Excerpt));
            }
            all.Add(lines);
        }
        return all;
    }
}
