namespace FastLog.Tests.TestSupport;

/// <summary>
/// Where the repository and the shared corpus are: found by walking up from the test assembly's
/// folder to the directory that holds <c>FastLog.sln</c>; the corpus is <c>../shared/corpus</c>
/// beside the repository (it is not committed, so tests that need it skip when it is absent).
/// </summary>
public static class RepoPaths
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    /// <summary>The repository root (holds FastLog.sln).</summary>
    public static string Root => s_root.Value;

    /// <summary><c>data/samples</c>.</summary>
    public static string Samples => Path.Combine(Root, "data", "samples");

    /// <summary><c>data/generators</c>.</summary>
    public static string Generators => Path.Combine(Root, "data", "generators");

    /// <summary><c>tests/oracles</c>.</summary>
    public static string Oracles => Path.Combine(Root, "tests", "oracles");

    /// <summary><c>../shared/corpus</c> relative to the repository root (may not exist).</summary>
    public static string Corpus => Path.GetFullPath(Path.Combine(Root, "..", "shared", "corpus"));

    /// <summary>A file of the shared corpus, e.g. <c>CorpusFile("apache-combined-elastic/apache_logs")</c>.</summary>
    public static string CorpusFile(string relative) => Path.Combine(Corpus, relative);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FastLog.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"no FastLog.sln above {AppContext.BaseDirectory}");
    }
}
