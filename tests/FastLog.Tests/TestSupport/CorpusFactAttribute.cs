using Xunit;

namespace FastLog.Tests.TestSupport;

/// <summary>
/// A fact over a file of the shared corpus (<c>../shared/corpus</c>, not committed): skipped, with
/// the path in the reason, when the file is absent. xunit 2 has no run-time skip, so the check
/// runs at discovery time in the attribute.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class CorpusFactAttribute : FactAttribute
{
    /// <summary>Skips unless <c>../shared/corpus/<paramref name="relativePath"/></c> exists.</summary>
    public CorpusFactAttribute(string relativePath)
    {
        var path = RepoPaths.CorpusFile(relativePath);
        if (!File.Exists(path)) Skip = $"shared corpus file absent: {path} (the corpus lives beside the repository, in ../shared/corpus)";
    }
}
