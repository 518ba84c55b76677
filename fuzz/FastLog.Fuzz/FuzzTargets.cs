using FastLog.Formats;
using FastLog.Formats.Alb;
using FastLog.Formats.Clf;
using FastLog.Formats.Json;
using FastLog.Formats.Syslog;
using FastLog.Formats.W3c;
using FastLog.Fuzz.Engines;
using FastLog.Fuzz.Targets;

namespace FastLog.Fuzz;

/// <summary>Every fuzz target, by name, in <c>build.ps1 fuzz -List</c> order.</summary>
public static class FuzzTargets
{
    /// <summary>Largest input: libFuzzer runs with <c>-max_len</c> below this (the bridge's shared input area is 1 MiB).</summary>
    public const int MaxInputBytes = 1 << 20;

    /// <summary>
    /// The repository root, for sample files: <c>FASTLOG_REPO</c> when set, else the first
    /// directory above the harness that holds <c>data/samples</c>.
    /// </summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    private static readonly Lazy<IReadOnlyList<IFuzzTarget>> s_all = new(Create);

    /// <summary>All targets.</summary>
    public static IReadOnlyList<IFuzzTarget> All => s_all.Value;

    /// <summary>The target named <paramref name="name"/>, or null.</summary>
    public static IFuzzTarget? Find(string name) => All.FirstOrDefault(t => t.Name == name);

    private static List<IFuzzTarget> Create()
    {
        var arena = new GuardedArena(MaxInputBytes + 1);
        // A fixed year and reference time: syslog timestamps without a year must replay the same.
        var syslog = new FormatSettings { Year = 2024 };
        var where = new WhereTarget();
        return
        [
            new ParserTarget("clf", new ClfFormat(ClfVariant.Common), FormatSettings.Default, "common", ["data/samples/common/access.log"], arena),
            new ParserTarget("combined", new ClfFormat(ClfVariant.Combined), FormatSettings.Default, "combined", ["data/samples/combined/access.log"], arena),
            new ParserTarget("nginx", new ClfFormat(ClfVariant.Nginx), FormatSettings.Default, "nginx", ["data/samples/nginx/access.log"], arena),
            new ParserTarget("syslog", new SyslogFormat(), syslog, "syslog", [], arena),
            new ParserTarget("auth", new AuthFormat(), syslog, "auth", [], arena),
            new ParserTarget("jsonl", new JsonlFormat(), FormatSettings.Default, "github", [], arena),
            new ParserTarget("cloudtrail", new CloudTrailFormat(), FormatSettings.Default, "cloudtrail", [], arena),
            new ParserTarget("github", new GithubFormat(), FormatSettings.Default, "github", [], arena),
            new ParserTarget("w3c", new W3cFormat(), FormatSettings.Default, "w3c", [], arena),
            new ParserTarget("alb", new AlbFormat(), FormatSettings.Default, "alb", [], arena),
            new CustomFormatTarget(arena),
            new RecordsTarget(),
            new ParquetTarget(arena),
            new GzipTarget(),
            where,
            new RulesTarget(where),
            new MmdbTarget(),
            new PipelineTarget(),
        ];
    }

    private static string FindRepoRoot()
    {
        if (Environment.GetEnvironmentVariable("FASTLOG_REPO") is { Length: > 0 } repo) return repo;
        // Invariant: dir is an ancestor of the harness's directory not yet checked.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "data", "samples"))) return dir.FullName;
        return Directory.GetCurrentDirectory();
    }
}
