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

    /// <summary><c>tests/oracles</c>.</summary>
    public static string Oracles => Path.Combine(Root, "tests", "oracles");

    /// <summary>
    /// The shared corpus: <c>$FASTLOG_CORPUS</c> when set, else <c>../shared/corpus</c> beside the
    /// repository, else <c>/work/shared/corpus</c> (where this workplace keeps it, for clones made
    /// elsewhere, as CI's are). May not exist; corpus tests then skip and say so.
    /// </summary>
    public static string Corpus
    {
        get
        {
            if (Environment.GetEnvironmentVariable("FASTLOG_CORPUS") is { Length: > 0 } configured) return Path.GetFullPath(configured);
            var beside = Path.GetFullPath(Path.Combine(Root, "..", "shared", "corpus"));
            return Directory.Exists(beside) || !Directory.Exists("/work/shared/corpus") ? beside : "/work/shared/corpus";
        }
    }

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
