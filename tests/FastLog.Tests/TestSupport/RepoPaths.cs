namespace FastLog.Tests.TestSupport;

/// <summary>
/// Where the repository and the corpus of public logs are: the root is found by walking up from the
/// test assembly's folder to the directory that holds <c>FastLog.sln</c>; the corpus is not
/// committed (see <see cref="Corpus"/>), so tests that need it skip when it is absent.
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
    /// The corpus of public logs: <c>$FASTLOG_CORPUS</c> when set, else <c>corpus/</c> in the
    /// repository (ignored by git; link or copy the logs there). May not exist; corpus tests then
    /// skip and say so.
    /// </summary>
    public static string Corpus
        => Environment.GetEnvironmentVariable("FASTLOG_CORPUS") is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.Combine(Root, "corpus");

    /// <summary>A file of the corpus, e.g. <c>CorpusFile("apache-combined-elastic/apache_logs")</c>.</summary>
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
