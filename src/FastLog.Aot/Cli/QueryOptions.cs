using FastLog.Columns;
using FastLog.Output.Text;
using FastLog.Query;
using FastLog.Query.Literals;
using FastLog.Query.Syntax;

namespace FastLog.Cli;

/// <summary>
/// Validation of the record-selection options (<c>--where</c>, <c>--since</c>, <c>--until</c>)
/// and of the <c>filter</c> and <c>stats</c> commands' own arguments.
/// </summary>
public static class QueryOptions
{
    /// <summary>Output formats of <c>filter</c>.</summary>
    public static readonly string[] FilterOutputs = [OutputName.Raw, OutputName.Jsonl, OutputName.Csv, OutputName.Parquet];

    /// <summary>The fields <c>stats</c> summarises.</summary>
    public static readonly string[] StatsFields = [.. FieldNames.All.Where(f => f.Kind is FieldKind.Integer or FieldKind.Duration).Select(f => f.Name)];

    /// <summary>
    /// The record filter of <c>--where</c>, <c>--since</c> and <c>--until</c> (all ANDed), or
    /// null without any. Relative times count back from <paramref name="nowUnixSeconds"/>.
    /// </summary>
    /// <exception cref="UsageException">A bad expression (with the expression and a caret under the offending token) or time.</exception>
    public static RecordFilter? Filter(CliArgs args, long nowUnixSeconds)
    {
        RecordFilter? filter = null;
        if (args.Values.TryGetValue("--where", out var where))
        {
            try
            {
                filter = RecordFilter.Compile(where, nowUnixSeconds);
            }
            catch (ExpressionException e)
            {
                throw new UsageException($"--where: {e.Message}", CaretDetail(e));
            }
        }
        var since = Time(args, "--since", nowUnixSeconds);
        var until = Time(args, "--until", nowUnixSeconds);
        if (since is null && until is null) return filter;
        var range = RecordFilter.TimeRange(since, until);
        return filter is null ? range : RecordFilter.And(range, filter);
    }

    /// <summary>
    /// The expression on one line and a caret line under the offending token, both escaped for
    /// the terminal; past <see cref="CaretContext"/> characters either side of the token (a
    /// generated expression of thousands of tests), only that window is shown, marked with "...".
    /// </summary>
    public static string CaretDetail(ExpressionException e)
    {
        var text = e.Expression;
        var tokenEnd = e.Start + Math.Min(e.Length, CaretContext);
        var from = Math.Max(0, e.Start - CaretContext);
        var to = Math.Min(text.Length, tokenEnd + CaretContext);
        var before = from > 0 ? "..." : "";
        var after = to < text.Length ? "..." : "";
        var expression = before + TerminalText.Escape(text[from..to]) + after;
        var column = before.Length + TerminalText.Escape(text[from..e.Start]).Length;
        var width = Math.Max(1, TerminalText.Escape(text[e.Start..tokenEnd]).Length);
        return $"{expression}\n{new string(' ', column)}{new string('^', width)}";
    }

    /// <summary>Characters of the expression shown either side of the offending token in <see cref="CaretDetail"/>.</summary>
    public const int CaretContext = 60;

    private static Instant? Time(CliArgs args, string flag, long nowUnixSeconds)
    {
        if (!args.Values.TryGetValue(flag, out var text)) return null;
        if (!TimeLiteral.TryParse(text, nowUnixSeconds, out var first, out _))
            throw new UsageException($"{flag}: expected {TimeLiteral.Expected}, got '{text}'");
        return first;
    }

    /// <summary>Checks <c>filter</c>'s <c>--output</c>.</summary>
    public static void CheckFilterOutput(string output)
    {
        if (!FilterOutputs.Contains(output))
            throw new UsageException($"--output: filter writes raw, jsonl, csv or parquet, not '{output}'");
    }

    /// <summary>
    /// <c>filter</c>'s <c>--fields</c>: the named fields, or every field for jsonl/csv without
    /// it. Raw lines take no fields.
    /// </summary>
    public static List<LogField> Fields(CliArgs args, string command, string output)
    {
        // convert without --fields: the fields of the inputs' formats, known once they are detected (ConvertCommand).
        if (!args.Values.TryGetValue("--fields", out var names))
            return command == CommandName.Filter && output != OutputName.Raw ? [.. QueryField.Names.Select(n => FieldNames.Parse(n)!.Value)] : [];
        if (output == OutputName.Raw) throw new UsageException("--fields prints fields as jsonl or csv, not raw lines (drop --output raw)");
        var fields = new List<LogField>();
        foreach (var name in names.Split(','))
            fields.Add(FieldNames.Parse(name.Trim()) ?? throw new UsageException($"--fields: unknown field '{name.Trim()}' (expected {string.Join(", ", FieldNames.Groupable)})"));
        return fields;
    }

    /// <summary><c>stats</c>' FIELD.</summary>
    public static LogField StatsField(string name)
    {
        if (!StatsFields.Contains(name))
            throw new UsageException($"stats summarises a numeric field: {string.Join(", ", StatsFields)}; not '{name}'");
        return FieldNames.Parse(name)!.Value;
    }
}
