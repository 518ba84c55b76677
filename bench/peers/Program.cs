using System.Diagnostics;
using DuckDB.NET.Data;

namespace FastLog.Peers;

/// <summary>
/// DuckDB answering the questions fastlog answers, for the side-by-side benchmark
/// (bench/scripts/compare.sh). Usage: <c>peers FILE [status|ip] [--threads N]</c>.
/// Prints the answer rows (<c>key,count</c>) on stdout and the query time on stderr.
/// </summary>
/// <remarks>
/// DuckDB has no access-log reader, so the log is read as space-separated CSV; the options below
/// are the ones that make its parallel reader accept a real combined log:
/// <list type="bullet">
/// <item><c>delim=' ', quote='"', escape='\'</c>: request, referer and agent are quoted, with <c>\"</c> inside.</item>
/// <item><c>header=false, auto_detect=false</c> and 10 named VARCHAR columns: the timestamp
/// <c>[10/Oct/2000:13:55:36 -0700]</c> has a space, so it splits into two columns (ts, tz)
/// and the status is the 7th column. Nothing is typed, so a garbage status is not an error.</item>
/// <item><c>ignore_errors=true, strict_mode=false</c>: malformed lines (about 0.1 % of the
/// generated log) are skipped instead of failing the query. With <c>strict_mode=true</c> the
/// parallel reader silently returned 40 K of 445 K rows; <c>null_padding=true</c> is refused
/// once a malformed line has an unbalanced quote.</item>
/// </list>
/// The answer differs from fastlog's by a few records per 100 K (skipped and shifted lines);
/// compare.sh prints both.
/// </remarks>
public static class Program
{
    private const string Columns =
        "{'ip': 'VARCHAR', 'ident': 'VARCHAR', 'user': 'VARCHAR', 'ts': 'VARCHAR', 'tz': 'VARCHAR', " +
        "'request': 'VARCHAR', 'status': 'VARCHAR', 'bytes': 'VARCHAR', 'referer': 'VARCHAR', 'ua': 'VARCHAR'}";

    public static int Main(string[] args)
    {
        if (args.Length >= 3 && args[0] == "json") return Json(args[1], args[2]);
        string? file = null;
        var question = "status";
        int? threads = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--threads" when i + 1 < args.Length:
                    threads = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "status" or "ip" when file is not null:
                    question = args[i];
                    break;
                default:
                    if (file is not null || args[i].StartsWith('-'))
                        return Usage();
                    file = args[i];
                    break;
            }
        }
        if (file is null || !File.Exists(file)) return Usage();

        var source = $"read_csv('{file.Replace("'", "''")}', delim=' ', quote='\"', escape='\\', header=false, " +
                     $"auto_detect=false, columns={Columns}, ignore_errors=true, strict_mode=false)";
        var sql = question == "ip"
            ? $"SELECT ip, count(*) AS n FROM {source} GROUP BY ip ORDER BY n DESC, ip LIMIT 10"
            : $"SELECT status, count(*) AS n FROM {source} GROUP BY status ORDER BY status";

        return Query(sql, question, threads);
    }

    /// <summary>Runs <paramref name="sql"/> (rows of key, count), prints the rows on stdout and the time on stderr.</summary>
    private static int Query(string sql, string label, int? threads)
    {
        var stopwatch = Stopwatch.StartNew();
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        if (threads is { } t)
        {
            using var set = connection.CreateCommand();
            set.CommandText = $"SET threads = {t}";
            set.ExecuteNonQuery();
        }
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var output = new System.Text.StringBuilder();
        while (reader.Read())
            output.Append(reader.IsDBNull(0) ? "" : reader.GetString(0)).Append(',').Append(reader.GetInt64(1)).Append('\n');
        Console.Out.Write(output.ToString());
        Console.Error.WriteLine($"peers: duckdb {label} in {stopwatch.Elapsed.TotalSeconds:F3} s");
        return 0;
    }

    /// <summary>
    /// <c>peers json FILE EXPR</c>: the top 10 values of the SQL expression EXPR (e.g.
    /// <c>eventName</c>, <c>actor.login</c>) over an NDJSON file read by DuckDB's
    /// <c>read_json</c> (schema sampled from the file, bad records ignored): the side-by-side
    /// peer of <c>fastlog top</c> on the JSON formats.
    /// </summary>
    private static int Json(string file, string expression)
    {
        if (!File.Exists(file)) return Usage();
        var source = $"read_json('{file.Replace("'", "''")}', format='newline_delimited', ignore_errors=true, maximum_object_size=16777216)";
        var sql = $"SELECT CAST({expression} AS VARCHAR) AS k, count(*) AS n FROM {source} GROUP BY k ORDER BY n DESC, k LIMIT 10";
        return Query(sql, $"json {expression}", null);
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: peers FILE [status|ip] [--threads N] | peers json FILE SQL-EXPRESSION");
        return 2;
    }
}
