using FastLog.Detection.Custom;
using FastLog.Detection.Enrichment;

namespace FastLog.Cli;

/// <summary>Validation of <c>--rules</c>, <c>--geoip</c> and <c>--rule-option</c>: the files are read and checked before any input is.</summary>
public static class DetectionOptions
{
    /// <summary>The compiled <c>--rules</c> files (every occurrence of the flag), or null without the flag.</summary>
    /// <exception cref="UsageException">A file is not a valid rules file.</exception>
    /// <exception cref="IOException">A file cannot be read.</exception>
    public static CustomRuleSet? Rules(CliArgs args, long nowUnixSeconds)
    {
        if (!args.Repeated.TryGetValue("--rules", out var paths)) return null;
        var sets = new List<CustomRuleSet>(paths.Count);
        foreach (var path in paths)
        {
            try
            {
                sets.Add(CustomRuleSet.Load(path, nowUnixSeconds));
            }
            catch (RuleFileException e)
            {
                throw new UsageException($"--rules: {e.Message}", e.Expression is { } expression ? QueryOptions.CaretDetail(expression) : null);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new IOException($"--rules: {path}: {e.Message}", e);
            }
        }
        try
        {
            return CustomRuleSet.Combine(sets);
        }
        catch (RuleFileException e)
        {
            throw new UsageException($"--rules: {e.Message}");
        }
    }

    /// <summary>The <c>--geoip</c> databases (comma-separated paths), or null without the flag.</summary>
    /// <exception cref="UsageException">A file is not a MaxMind DB.</exception>
    /// <exception cref="IOException">A file cannot be read.</exception>
    public static GeoIpDatabase? GeoIp(CliArgs args)
    {
        if (!args.Values.TryGetValue("--geoip", out var paths)) return null;
        try
        {
            return GeoIpDatabase.Open(paths.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }
        catch (InvalidDataException e)
        {
            throw new UsageException($"--geoip: not a usable MaxMind DB file: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"--geoip: {e.Message}", e);
        }
    }

    /// <summary>The thresholds and windows that <c>--rule-option</c> sets (the public defaults without it).</summary>
    /// <exception cref="UsageException">A setting is bad (<see cref="RuleOptionKeys.Parse"/>).</exception>
    public static RuleThresholds RuleOptions(CliArgs args)
    {
        if (!args.Values.TryGetValue("--rule-option", out var settings)) return RuleThresholds.Default;
        return RuleOptionKeys.Parse(settings);
    }
}
