using FastLog.Columns;
using FastLog.Formats;

namespace FastLog.Generation;

/// <summary>
/// The formats <c>fastlog generate</c> writes and their command-line names (the same names
/// <c>--format</c> takes elsewhere), kept here so generation does not depend on which parsers
/// are registered.
/// </summary>
public static class GeneratedFormats
{
    /// <summary>Every generated format with its name, in help order.</summary>
    public static IReadOnlyList<(string Name, LogFormat Format)> All { get; } =
    [
        ("combined", LogFormat.Combined), ("common", LogFormat.Common), ("nginx", LogFormat.Nginx),
        ("auth", LogFormat.Auth), ("cloudtrail", LogFormat.CloudTrail), ("github", LogFormat.Github),
        ("syslog", LogFormat.Syslog), ("w3c", LogFormat.W3c), ("alb", LogFormat.Alb),
    ];

    /// <summary>The generated format named <paramref name="name"/>, or null.</summary>
    public static LogFormat? Find(string name)
    {
        foreach (var (n, f) in All)
            if (n == name) return f;
        return null;
    }

    /// <summary>True for the formats drawn from the web traffic model (the <c>--clients</c>, <c>--paths</c>, … knobs shape them).</summary>
    public static bool HasWebTraffic(LogFormat format)
        => format is LogFormat.Common or LogFormat.Combined or LogFormat.Nginx or LogFormat.W3c or LogFormat.Alb;

    /// <summary>The name of <paramref name="format"/> (it must be one of <see cref="All"/>).</summary>
    public static string NameOf(LogFormat format)
    {
        foreach (var (n, f) in All)
            if (f == format) return n;
        throw new ArgumentOutOfRangeException(nameof(format), format, "not a generated format");
    }
}
