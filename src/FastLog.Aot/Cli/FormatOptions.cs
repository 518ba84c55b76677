using FastLog.Columns;
using FastLog.Formats;

namespace FastLog.Cli;

/// <summary>The options that choose and shape the input format: <c>--format</c>, <c>--year</c>, <c>--repeats</c>, <c>--field</c>, <c>--log-format</c>.</summary>
public static class FormatOptions
{
    /// <summary>The forced format, or null to detect it per input; <c>--log-format</c> alone means custom.</summary>
    public static ILogFormat? Format(CliArgs args)
    {
        if (!args.Values.TryGetValue("--format", out var name))
            return args.Values.ContainsKey("--log-format") ? FormatRegistry.Get(LogFormat.Custom) : null;
        return FormatRegistry.Find(name) ?? throw new UsageException($"--format: unknown format '{name}' (expected {string.Join(", ", FormatRegistry.Names)})");
    }

    /// <summary>Parsing settings from the command line.</summary>
    public static FormatSettings Settings(CliArgs args, ILogFormat? format)
    {
        int? year = null;
        if (args.Values.TryGetValue("--year", out var yearText))
        {
            if (!int.TryParse(yearText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var y) || y is < 1970 or > 9999)
                throw new UsageException($"--year: expected a year from 1970 to 9999, not '{yearText}'");
            year = y;
        }
        var expand = args.Values.GetValueOrDefault("--repeats", "expand") switch
        {
            "expand" => true,
            "once" => false,
            var other => throw new UsageException($"--repeats: unknown mode '{other}' (expected expand or once)"),
        };
        var logFormat = args.Values.GetValueOrDefault("--log-format");
        if (logFormat is not null && format is not null && format.Id != LogFormat.Custom)
            throw new UsageException($"--log-format describes a custom format; it cannot be combined with --format {format.Name}");
        if (format?.Id == LogFormat.Custom)
        {
            if (logFormat is null) throw new UsageException("--format custom needs --log-format, e.g. --log-format '%h %l %u %t \"%r\" %>s %b'");
            try
            {
                Formats.Custom.CustomPlan.Compile(logFormat);
            }
            catch (FormatException e)
            {
                throw new UsageException(e.Message);
            }
        }
        return new FormatSettings
        {
            Year = year,
            ExpandRepeats = expand,
            JsonFields = args.Values.TryGetValue("--field", out var fields) ? JsonFields(fields) : [],
            CustomLayout = logFormat,
        };
    }

    /// <summary>Parses <c>name=dotted.path[:type]</c> mappings separated by commas.</summary>
    public static List<JsonFieldMapping> JsonFields(string text)
    {
        var mappings = new List<JsonFieldMapping>();
        foreach (var item in text.Split(','))
        {
            var eq = item.IndexOf('=');
            if (eq <= 0 || eq == item.Length - 1) throw new UsageException($"--field: expected name=json.path[:type], not '{item}'");
            var name = item[..eq].Trim();
            var path = item[(eq + 1)..].Trim();
            string? type = null;
            var colon = path.LastIndexOf(':');
            if (colon > 0)
            {
                type = path[(colon + 1)..];
                path = path[..colon];
            }
            var field = FieldNames.Parse(name) ?? throw new UsageException($"--field: unknown field '{name}' (expected one of {string.Join(", ", FieldNames.Groupable)})");
            if (field == LogField.Hour) throw new UsageException("--field: hour is computed from ts; map ts instead");
            mappings.Add(new JsonFieldMapping(field, path, type));
        }
        // Types and paths are checked once here, so a typo is a usage error before any input is read.
        try
        {
            FastLog.Formats.Json.JsonlFormat.Specs(mappings);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--field: {e.Message}");
        }
        return mappings;
    }
}
