using Xunit;

namespace FastLog.Tests.TestSupport;

/// <summary>
/// A fact over a file of the external corpus of public logs (not committed; see <see cref="RepoPaths.Corpus"/>): skipped, with
/// the path in the reason, when the file is absent. xunit 2 has no run-time skip, so the check
/// runs at discovery time in the attribute.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class CorpusFactAttribute : FactAttribute
{
    /// <summary>Skips unless the corpus file <paramref name="relativePath"/> exists.</summary>
    public CorpusFactAttribute(string relativePath)
    {
        var path = RepoPaths.CorpusFile(relativePath);
        if (!File.Exists(path)) Skip = $"corpus file absent: {path} (set FASTLOG_CORPUS to the folder of public logs)";
    }
}
