namespace FastLog.Cli;

/// <summary>The names of the commands, as typed on the command line and recorded in partials.</summary>
public static class CommandName
{
    /// <summary><c>fastlog analyze</c>.</summary>
    public const string Analyze = "analyze";
    /// <summary><c>fastlog top FIELD</c>.</summary>
    public const string Top = "top";
    /// <summary><c>fastlog count</c>.</summary>
    public const string Count = "count";
    /// <summary><c>fastlog filter</c>.</summary>
    public const string Filter = "filter";
    /// <summary><c>fastlog stats FIELD</c>.</summary>
    public const string Stats = "stats";
    /// <summary><c>fastlog detect</c>.</summary>
    public const string Detect = "detect";
    /// <summary><c>fastlog convert</c>.</summary>
    public const string Convert = "convert";
    /// <summary><c>fastlog generate</c>.</summary>
    public const string Generate = "generate";
    /// <summary><c>fastlog formats</c>.</summary>
    public const string Formats = "formats";
    /// <summary><c>fastlog merge</c>.</summary>
    public const string Merge = "merge";
    /// <summary><c>fastlog completion SHELL</c>.</summary>
    public const string Completion = "completion";
    /// <summary><c>fastlog man</c>.</summary>
    public const string Man = "man";
}

/// <summary>The values of <c>--output</c> (and <c>convert --to</c>).</summary>
public static class OutputName
{
    /// <summary>Aligned text tables (the default of the report commands).</summary>
    public const string Table = "table";
    /// <summary>One JSON document.</summary>
    public const string Json = "json";
    /// <summary>One JSON object per line.</summary>
    public const string Jsonl = "jsonl";
    /// <summary>Comma-separated values.</summary>
    public const string Csv = "csv";
    /// <summary>A self-contained HTML page.</summary>
    public const string Html = "html";
    /// <summary>filter: the original lines (its default).</summary>
    public const string Raw = "raw";
    /// <summary>Apache Parquet.</summary>
    public const string Parquet = "parquet";

    /// <summary>The <c>--output</c> of top, count and stats: table (the default), json or csv.</summary>
    /// <exception cref="UsageException">Any other.</exception>
    public static string Tabular(CliArgs args)
    {
        var output = args.Values.GetValueOrDefault("--output", Table);
        return output is Table or Json or Csv ? output
            : throw new UsageException($"--output: unknown format '{output}' (expected table, json or csv; html for analyze and detect)");
    }
}
