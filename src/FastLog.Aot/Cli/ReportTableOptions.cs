namespace FastLog.Cli;

/// <summary><c>analyze --output csv|parquet -o DIR</c>: the report's tables as files of a directory.</summary>
public static class ReportTableOptions
{
    /// <summary>True when <paramref name="options"/> write report tables into a directory rather than one output.</summary>
    public static bool WritesDirectory(CliOptions options)
        => options.Command == CommandName.Analyze && options.Output is OutputName.Csv or OutputName.Parquet && options.PartialPath is null;

    /// <summary>Checks analyze's <c>--output</c> <paramref name="output"/> (html, csv or parquet) against the other options.</summary>
    /// <exception cref="UsageException">csv or parquet without <c>-o DIR</c>, or with a file there (refused before any input is read).</exception>
    public static void Check(CliArgs args, string output)
    {
        if (output == OutputName.Html) return;
        if (!args.Values.TryGetValue("-o", out var directory))
            throw new UsageException($"analyze --output {output} writes one file per report table: give -o DIR");
        if (File.Exists(directory)) throw new UsageException($"-o {directory}: is a file; analyze --output {output} writes a directory of tables");
    }
}
