using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using FastLog.Columns;
using FastLog.Formats;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Output;

/// <summary>
/// <c>analyze --output csv|parquet -o DIR</c>: one file per report table and a manifest. Every
/// table is read back independently (CSV with Python's csv module, Parquet with Parquet.Net's
/// own reader) and compared, row by row and cell by cell, with the same rows in
/// <c>analyze --output json</c>, found through the manifest's <c>source</c> path.
/// </summary>
public class ReportTablesTests
{
    // Every format the generator writes: combined access with attacks (findings, incidents), nginx
    // (request times), the other access formats, and the per-format views; a JSON application log
    // (below) for service health.
    private static readonly (LogFormat Format, string Name, long Lines)[] s_inputs =
    [
        (LogFormat.Combined, "access.log", 3000), (LogFormat.Nginx, "nginx.log", 800), (LogFormat.Common, "common.log", 300),
        (LogFormat.W3c, "iis.log", 300), (LogFormat.Alb, "alb.log", 300), (LogFormat.Auth, "auth.log", 600),
        (LogFormat.Syslog, "syslog.log", 400), (LogFormat.CloudTrail, "trail.json", 300), (LogFormat.Github, "github.jsonl", 300),
    ];

    private static readonly string[] s_expectedTables =
    [
        "inputs", "malformed_by_reason", "records_by_format", "hourly", "hour_of_day", "daily", "status_codes", "status_classes", "methods", "protocols",
        "top_paths", "not_found_paths", "endpoints", "clients", "user_agents", "referers", "agent_classes", "browsers", "operating_systems",
        "percentiles", "slowest_endpoints", "error_endpoints", "error_clients", "findings_by_severity", "findings", "incidents", "user_incidents",
        "activity", "activity_hourly", "activity_daily", "activity_hour_of_day",
        "auth_summary", "auth_events", "auth_failed_by_ip", "auth_failed_by_user", "auth_accepted_by_ip", "auth_accepted_by_user",
        "auth_accepted_by_user_method", "auth_invalid_users", "auth_sudo_commands", "auth_programs", "auth_hosts",
        "syslog_summary", "syslog_programs", "syslog_hosts", "syslog_severities",
        "cloudtrail_summary", "cloudtrail_events_by_name", "cloudtrail_events_by_source", "cloudtrail_events_by_region", "cloudtrail_errors_by_code",
        "cloudtrail_source_ips", "cloudtrail_user_types", "cloudtrail_console_login_summary", "cloudtrail_console_logins",
        "github_summary", "github_events_by_type", "github_actors", "github_repos",
        "service_health_summary", "service_health_overall", "service_health",
    ];

    [Theory]
    [InlineData("csv")]
    [InlineData("parquet")]
    public void EveryTable_HoldsTheRowsOfTheJsonReport(string format)
    {
        using var temp = new TempDirectory("report-tables");
        var inputs = s_inputs.Select(i =>
        {
            var path = temp.File(i.Name);
            GeneratedInputs.Write(path, i.Format, i.Lines, seed: 7);
            return path;
        }).Append(WriteApplicationLog(temp.File("app.jsonl"), 500)).ToArray();
        string[] common = ["analyze", "--detect", "--stable", "--top", "15", "--field", "latency=took:ms", .. inputs];
        using var report = JsonDocument.Parse(FastLogCli.Run([.. common, "--output", "json"]).Ok());
        var directory = temp.File("tables");
        FastLogCli.Run([.. common, "--output", format, "-o", directory]).Ok();

        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "manifest.json")));
        var tables = manifest.RootElement.GetProperty("tables").EnumerateArray().ToArray();
        Assert.Equal(format, manifest.RootElement.GetProperty("format").GetString());
        Assert.Equal(s_expectedTables, tables.Select(t => t.GetProperty("name").GetString()));
        // Nothing in the directory but the manifest's files.
        Assert.Equal(tables.Select(t => t.GetProperty("file").GetString()!).Append("manifest.json").Order(StringComparer.Ordinal),
            Directory.GetFiles(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        var compared = 0;
        foreach (var table in tables)
        {
            var name = table.GetProperty("name").GetString()!;
            var columns = table.GetProperty("columns").EnumerateArray().Select(c => (Name: c.GetProperty("name").GetString()!, Type: c.GetProperty("type").GetString()!)).ToArray();
            var path = Path.Combine(directory, table.GetProperty("file").GetString()!);
            var expected = ExpectedRows(report.RootElement, table.GetProperty("source").GetString()!, columns);
            var actual = format == "csv" ? CsvRows(path, columns) : ParquetRows(path, columns);
            // CSV has no null: an absent text is an empty cell, as an empty one is.
            if (format == "csv") expected = expected.ConvertAll(row => row.Select((v, c) => v is null && columns[c].Type == "string" ? "" : v).ToArray());
            Assert.Equal(table.GetProperty("rows").GetInt32(), actual.Count);
            Assert.True(expected.Count == actual.Count, $"{name}: {actual.Count} rows, the JSON report has {expected.Count}");
            for (var r = 0; r < expected.Count; r++)
                for (var c = 0; c < columns.Length; c++)
                    Assert.True(Equals(expected[r][c], actual[r][c]), $"{name} row {r} column {columns[c].Name}: '{actual[r][c]}', the JSON report has '{expected[r][c]}'");
            compared += expected.Count;
        }
        // The fixture fills the tables: most have rows.
        Assert.True(compared > 500, $"only {compared} rows compared");
        Assert.True(tables.Count(t => t.GetProperty("rows").GetInt32() > 0) >= s_expectedTables.Length - 6);
    }

    [Fact]
    public void Csv_NeutralisesFormulaCells()
    {
        using var temp = new TempDirectory("report-tables-csv");
        var log = temp.File("access.log");
        File.WriteAllText(log, "10.0.0.1 - - [01/Mar/2024:10:00:00 +0000] \"GET /a HTTP/1.1\" 200 5 \"=SUM(A1)\" \"@SUM(1)\"\n"
            + "10.0.0.2 - - [01/Mar/2024:10:00:01 +0000] \"GET /b HTTP/1.1\" 200 5 \"-\" \"+cmd|' /C calc'!A0\"\n");
        var directory = temp.File("tables");
        FastLogCli.Run("analyze", "--output", "csv", "-o", directory, log).Ok();
        var agents = Shell.Run($"python3 -c 'import csv,sys; [print(r[0]) for r in csv.reader(open(sys.argv[1], newline=\"\"))]' {Shell.Quote(Path.Combine(directory, "user_agents.csv"))}");
        Assert.Equal(["value", "'+cmd|' /C calc'!A0", "'@SUM(1)"], agents.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var referers = Shell.Run($"python3 -c 'import csv,sys; [print(r[0]) for r in csv.reader(open(sys.argv[1], newline=\"\"))]' {Shell.Quote(Path.Combine(directory, "referers.csv"))}");
        Assert.Contains("'=SUM(A1)", referers.Split('\n'));
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("parquet")]
    public void WithoutADirectory_IsAUsageError(string format)
    {
        var run = FastLogCli.Run("analyze", "--output", format, Path.Combine(RepoPaths.Root, "data/samples/combined/access.log"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("-o DIR", run.Stderr);
    }

    [Fact]
    public void AFileAsTheDirectory_IsRefusedBeforeReading()
    {
        using var temp = new TempDirectory("report-tables-file");
        var existing = temp.File("report");
        File.WriteAllText(existing, "keep");
        var run = FastLogCli.Run("analyze", "--output", "parquet", "-o", existing, Path.Combine(RepoPaths.Root, "data/samples/combined/access.log"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("is a file", run.Stderr);
        Assert.Equal("keep", File.ReadAllText(existing));
    }

    /// <summary>
    /// A JSON application log of <paramref name="lines"/> lines from a fixed LCG: four services and
    /// lines without one, levels of which some are errors in either case, a latency on most lines.
    /// </summary>
    private static string WriteApplicationLog(string path, int lines)
    {
        string[] services = ["api", "web", "db", "queue"];
        string[] levels = ["info", "INFO", "warn", "error", "Fatal", "debug"];
        var text = new StringBuilder();
        var state = 12345UL;
        for (var i = 0; i < lines; i++)
        {
            state = state * 6364136223846793005UL + 1442695040888963407UL;
            var r = (int)(state >> 33);
            var service = r % 9 < 8 ? $"\"service\":\"{services[r % 4]}\"," : "";
            var took = r % 7 == 0 ? "" : $",\"took\":{r % 900 + 1}";
            text.Append(CultureInfo.InvariantCulture, $"{{\"ts\":\"2024-03-0{1 + i % 3}T{i % 24:00}:{i % 60:00}:00Z\",{service}\"level\":\"{levels[(r >> 4) % 6]}\"{took}}}\n");
        }
        File.WriteAllText(path, text.ToString());
        return path;
    }

    /// <summary>The rows at <paramref name="source"/> in the JSON report, one cell per column: nested objects' properties brought up, lists joined with commas.</summary>
    private static List<object?[]> ExpectedRows(JsonElement report, string source, (string Name, string Type)[] columns)
    {
        // activity[].hourly: every element's list, each row led by the element's format.
        if (source.Split("[].") is [var list, var perElement])
        {
            if (!report.TryGetProperty(list, out var listed)) return [];
            return listed.EnumerateArray().SelectMany(e => ExpectedRows(e, perElement, columns[1..])
                .Select(row => (object?[])[e.GetProperty("format").GetString(), .. row])).ToList();
        }
        var node = report;
        foreach (var part in source.Split('.'))
        {
            if (!node.TryGetProperty(part, out node)) return [];
        }
        // An object is one row of its figures, except performance: a table of its distributions keyed by the first column (metric).
        var keyed = node.ValueKind == JsonValueKind.Object && columns[0].Name == "metric";
        var elements = node.ValueKind == JsonValueKind.Array
            ? node.EnumerateArray().Select(e => (Key: (string?)null, Element: e))
            : keyed ? node.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Object).Select(p => (Key: (string?)p.Name, Element: p.Value))
            : [(Key: null, Element: node)];
        var rows = new List<object?[]>();
        foreach (var (key, element) in elements)
        {
            // The element's own properties first; a nested object's fill only the names still free.
            var flat = element.EnumerateObject().Where(p => p.Value.ValueKind != JsonValueKind.Object).ToDictionary(p => p.Name, p => p.Value);
            foreach (var p in element.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Object))
                foreach (var inner in p.Value.EnumerateObject()) flat.TryAdd(inner.Name, inner.Value);
            var row = new object?[columns.Length];
            for (var c = 0; c < columns.Length; c++)
            {
                if (c == 0 && key is not null) row[c] = key;
                else if (flat.TryGetValue(columns[c].Name, out var value)) row[c] = Cell(value, columns[c].Type);
            }
            // slowest_endpoints: the endpoint is the element's own property.
            rows.Add(row);
        }
        return rows;
    }

    private static object? Cell(JsonElement value, string type) => value.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.True or JsonValueKind.False when type == "boolean" => value.GetBoolean(),
        JsonValueKind.Array => string.Join(',', value.EnumerateArray().Select(v => v.GetString())),
        _ => type switch
        {
            "int64" => value.GetInt64(),
            "double" => value.GetDouble(),
            _ => value.GetString(),
        },
    };

    private static List<object?[]> ParquetRows(string path, (string Name, string Type)[] columns)
    {
        var file = ParquetTestReader.Read(path);
        Assert.Equal(columns.Select(c => c.Name), file.Fields.Select(f => f.Name));
        Assert.Equal(columns.Select(c => c.Type switch
        {
            "int64" => typeof(long),
            "double" => typeof(double),
            "boolean" => typeof(bool),
            _ => typeof(ReadOnlyMemory<char>),
        }),
            file.Fields.Select(f => f.ClrType));
        return Enumerable.Range(0, file.Rows).Select(r => columns.Select(c => file.Columns[c.Name][r]).ToArray()).ToList();
    }

    private static readonly Regex s_formula = new(@"^([=+@\t\r]|-(?![0-9.]*$))", RegexOptions.CultureInvariant);

    private static List<object?[]> CsvRows(string path, (string Name, string Type)[] columns)
    {
        var text = Shell.Run($"python3 -c 'import csv,json,sys; print(json.dumps(list(csv.reader(open(sys.argv[1], newline=\"\", encoding=\"utf-8\")))))' {Shell.Quote(path)}");
        var rows = JsonSerializer.Deserialize<string[][]>(text)!;
        Assert.Equal(columns.Select(c => c.Name), rows[0]);
        return rows.Skip(1).Select(r =>
        {
            Assert.Equal(columns.Length, r.Length);
            return columns.Select((c, i) => r[i] switch
            {
                "" when c.Type != "string" => null,
                var s when c.Type == "int64" => (object)long.Parse(s, CultureInfo.InvariantCulture),
                var s when c.Type == "double" => double.Parse(s, CultureInfo.InvariantCulture),
                var s when c.Type == "boolean" => s switch { "true" => true, "false" => false, _ => throw new FormatException($"boolean cell '{s}'") },
                // A formula-like value is written behind a quote mark; the comparison takes it off again.
                var s => s.StartsWith('\'') && s_formula.IsMatch(s[1..]) ? s[1..] : s,
            }).ToArray();
        }).ToList();
    }
}
