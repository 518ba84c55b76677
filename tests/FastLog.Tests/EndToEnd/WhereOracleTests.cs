using System.Globalization;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.EndToEnd;

/// <summary>
/// Issue 5, "What it must show" item 1: for many expressions (numbers, strings, CIDR, regex,
/// time ranges, nulls, nesting), <c>count --where</c> and the number of lines
/// <c>filter --where</c> prints equal an independent oracle: awk (or Python's ipaddress) over
/// the fields that tests/oracles/clf_fields.py extracts from the lines the strict grammar
/// accepts. On the corpus the filtered lines are also compared byte for byte.
/// </summary>
/// <remarks>
/// Oracle columns (clf_fields.py): 1 ip, 2 user, 3 ts (Unix seconds), 4 method, 5 path,
/// 6 query, 7 protocol, 8 status, 9 bytes, 10 referer, 11 ua, 12 request_time, 13 the line;
/// <c>-</c> is an absent value. Each oracle reads those rows on stdin.
/// </remarks>
[Collection(WhereLogCollection.Name)]
public class WhereOracleTests(WhereLogFixture logs)
{
    private const string Awk = "LC_ALL=C awk -F'\\t' ";
    private const string IpIn = "python3 tests/oracles/ip_in.py ";
    private const string Elastic = "apache-combined-elastic/apache_logs";

    /// <summary>Prints column 13 (the line) of each row, exactly: drops the first 12 tab-separated columns.</summary>
    private const string Lines = "LC_ALL=C awk '{ l = $0; for (i = 1; i <= 12; i++) l = substr(l, index(l, \"\\t\") + 1); print l }'";

    // Unix seconds of a UTC time, computed by date(1) in the oracle command.
    private static string Epoch(string utc) => $"\"$(date -u -d '{utc}' +%s)\"";

    public static TheoryData<string, string> GeneratedCases() => new()
    {
        // numbers
        { "status == 404", Awk + "'$8 == 404'" },
        { "status >= 500", Awk + "'$8 >= 500'" },
        { "status == 4xx", Awk + "'$8 >= 400 && $8 < 500'" },
        { "status in [301, 302, 304]", Awk + "'$8 == 301 || $8 == 302 || $8 == 304'" },
        { "status != 200 and status != 304", Awk + "'$8 != 200 && $8 != 304'" },
        { "bytes > 10000", Awk + "'$9 != \"-\" && $9 > 10000'" },
        { "request_time > 0.5", Awk + "'$12 != \"-\" && $12 > 0.5'" },
        { "request_time <= 10ms", Awk + "'$12 != \"-\" && $12 <= 0.010'" },
        // strings
        { "method == POST", Awk + "'$4 == \"POST\"'" },
        { "method in [PUT, DELETE, PATCH]", Awk + "'$4 == \"PUT\" || $4 == \"DELETE\" || $4 == \"PATCH\"'" },
        { "path startswith '/api/'", Awk + "'index($5, \"/api/\") == 1'" },
        { "path endswith \".css\"", Awk + "'length($5) >= 4 && substr($5, length($5) - 3) == \".css\"'" },
        { "query contains 'page='", Awk + "'index($6, \"page=\") > 0'" },
        { "ua icontains 'BOT'", Awk + "'index(tolower($11), \"bot\") > 0'" },
        { "protocol == 'HTTP/1.0' and user != null", Awk + "'$7 == \"HTTP/1.0\" && $2 != \"-\"'" },
        // regular expressions
        { "ua ~ 'Googlebot|bingbot|^curl/'", Awk + "'$11 ~ /Googlebot|bingbot|^curl\\//'" },
        { "path ~ '^/api/v[0-9]+/[a-z]+/[0-9]+$'", Awk + "'$5 ~ /^\\/api\\/v[0-9]+\\/[a-z]+\\/[0-9]+$/'" },
        { "ua !~ 'Mozilla'", Awk + "'$11 !~ /Mozilla/'" },
        // nulls
        { "bytes == null", Awk + "'$9 == \"-\"'" },
        { "not bytes >= 1000", Awk + "'!($9 != \"-\" && $9 >= 1000)'" },
        { "referer == null", Awk + "'$10 == \"-\"'" },
        { "ua == null or query != null", Awk + "'$11 == \"-\" || $6 != \"-\"'" },
        // addresses
        { "ip in [142.0.0.0/8, 2a01::/16]", IpIn + "142.0.0.0/8 2a01::/16" },
        { "ip not in 2a01::/16 and status == 404", IpIn + "--invert 2a01::/16 | " + Awk + "'$8 == 404'" },
        { "ip in 197.164.111.38", IpIn + "197.164.111.38/32" },
        // time ranges
        { "ts >= 2024-03-05T12:00:00Z and ts < 2024-03-06", Awk + $"-v a={Epoch("2024-03-05 12:00:00")} -v b={Epoch("2024-03-06")} '$3 >= a && $3 < b'" },
        { "ts == 2024-03-05", Awk + $"-v a={Epoch("2024-03-05")} '$3 >= a && $3 < a + 86400'" },
        { "ts <= 2024-03-04T23", Awk + $"-v a={Epoch("2024-03-05")} '$3 < a'" },
        { "ts > '2024-03-05 09:30:00+02:00'", Awk + $"-v a={Epoch("2024-03-05 07:30:00")} '$3 > a'" },
        // nesting
        { "(status >= 400 and method != GET) or (bytes > 50000 and not path startswith '/static/')",
            Awk + "'($8 >= 400 && $4 != \"GET\") || ($9 != \"-\" && $9 > 50000 && index($5, \"/static/\") != 1)'" },
        { "not (ua contains 'Mozilla' or ua == null) and (status < 300 or status >= 500)",
            Awk + "'!(index($11, \"Mozilla\") > 0 || $11 == \"-\") && ($8 < 300 || $8 >= 500)'" },
        { "ip in 2a01::/16 and (path == '/' or (status == 304 and not (method == GET)))",
            IpIn + "2a01::/16 | " + Awk + "'$5 == \"/\" || ($8 == 304 && !($4 == \"GET\"))'" },
    };

    [Theory, MemberData(nameof(GeneratedCases))]
    public void OnMillionLines_CountAndFilter_EqualOracle(string expression, string oracle)
    {
        var expected = OracleCount($"({oracle}) < {logs.Fields}");
        AssertCountAndFilter(logs.Log, ["--where", expression], expected, oracle);
    }

    // The value file holds the 20 busiest clients, two networks and a host name; the oracle reads
    // the same file with Python's ipaddress.
    [Fact]
    public void OnMillionLines_IpInFile_EqualsOracle()
    {
        var expected = OracleCount($"{IpIn}--file {logs.Blocklist} < {logs.Fields}");
        Assert.True(expected > 10_000, $"the busiest 20 clients should make many records, got {expected}");
        AssertCountAndFilter(logs.Log, ["--where", $"ip in @{logs.Blocklist}"], expected, "ip_in.py --file");
        var notIn = OracleCount($"{IpIn}--invert --file {logs.Blocklist} < {logs.Fields} | {Awk}'$8 >= 400'");
        AssertCountAndFilter(logs.Log, ["--where", $"not ip in @{logs.Blocklist} and status >= 400"], notIn, "ip_in.py --invert --file | awk");
    }

    // --since/--until are ts >= X and ts < Y, ANDed with --where.
    [Fact]
    public void OnMillionLines_SinceUntil_EqualOracle()
    {
        var oracle = Awk + $"-v a={Epoch("2024-03-05 06:00:00")} -v b={Epoch("2024-03-06")} '$3 >= a && $3 < b && $8 == 200'";
        var expected = OracleCount($"({oracle}) < {logs.Fields}");
        AssertCountAndFilter(logs.Log, ["--since", "2024-03-05T06:00:00Z", "--until", "2024-03-06", "--where", "status == 200"], expected, oracle);
        // Relative times count back from now: every record of 2024 is older than a day ago.
        AssertCountAndFilter(logs.Log, ["--since", "-1d"], 0, "nothing in the last day");
        AssertCountAndFilter(logs.Log, ["--until", "-1d"], OracleCount($"cat {logs.Fields}"), "everything before a day ago");
    }

    public static TheoryData<string, string> CorpusCases() => new()
    {
        { "status == 404", Awk + "'$8 == 404'" },
        { "bytes == null or bytes < 100", Awk + "'$9 == \"-\" || $9 < 100'" },
        { "ua ~ '(?i)bot|spider|crawl'", Awk + "'tolower($11) ~ /bot|spider|crawl/'" },
        { "ip in 66.249.0.0/16", IpIn + "66.249.0.0/16" },
        { "ts >= 2015-05-18 and ts < 2015-05-19", Awk + $"-v a={Epoch("2015-05-18")} '$3 >= a && $3 < a + 86400'" },
        { "path endswith '.rss' or query contains 'feed'", Awk + "'(length($5) >= 4 && substr($5, length($5) - 3) == \".rss\") || index($6, \"feed\") > 0'" },
        { "referer == null and method == GET", Awk + "'$10 == \"-\" && $4 == \"GET\"'" },
        { "path startswith '/presentations/' and not ua icontains 'mozilla'", Awk + "'index($5, \"/presentations/\") == 1 && index(tolower($11), \"mozilla\") == 0'" },
        { "request_time == null and user == null", Awk + "'$12 == \"-\" && $2 == \"-\"'" },
        { "status < 300 and ip in [46.105.14.53, 130.237.218.86] and not ua contains 'Python'",
            IpIn + "46.105.14.53 130.237.218.86 | " + Awk + "'$8 < 300 && index($11, \"Python\") == 0'" },
    };

    // The corpus is small: besides the counts, the filtered lines are compared byte for byte.
    [CorpusFact(Elastic)]
    public void OnCorpus_CountAndFilter_EqualOracle()
    {
        var file = RepoPaths.CorpusFile(Elastic);
        var fields = logs.TempFile("elastic.tsv");
        Shell.Run($"python3 tests/oracles/clf_fields.py --format combined {Shell.Quote(file)} > {fields}");
        foreach (var (expression, oracle) in CorpusCases().Select(row => ((string)row[0], (string)row[1])))
        {
            var expected = Shell.RunBytes($"({oracle}) < {fields} | {Lines}");
            var filtered = FastLogCli.Run("filter", file, "--where", expression);
            Assert.True(filtered.ExitCode == 0, $"{filtered.CommandLine}: {filtered.Stderr}");
            OutputAssert.Equal(System.Text.Encoding.UTF8.GetString(expected), filtered.StdoutText, $"filter --where \"{expression}\" on {Elastic} vs {oracle}");
            var count = expected.Count(b => b == (byte)'\n');
            Assert.True(count > 0, $"'{expression}' should select something in the corpus");
            Assert.Equal($"count\n{count}\n", FastLogCli.Run("count", file, "--where", expression, "--output", "csv").Ok());
        }
    }

    private static long OracleCount(string command)
        => long.Parse(Shell.Run($"({command}) | wc -l").Trim(), CultureInfo.InvariantCulture);

    /// <summary>count (thread default) and filter --threads 3 -o FILE | wc -l both give <paramref name="expected"/>.</summary>
    private void AssertCountAndFilter(string log, string[] selection, long expected, string oracle)
    {
        var what = $"{string.Join(' ', selection.Select(Shell.Quote))} vs {oracle}";
        var count = FastLogCli.Run(["count", log, .. selection, "--output", "csv"]).Ok();
        Assert.True($"count\n{expected}\n" == count, $"count {what}: expected {expected}, got {count}");
        var output = logs.TempFile("filter");
        FastLogCli.Run(["filter", log, .. selection, "--threads", "3", "-o", output]).Ok();
        var lines = long.Parse(Shell.Run($"wc -l < {output}").Trim(), CultureInfo.InvariantCulture);
        File.Delete(output);
        Assert.True(expected == lines, $"filter {what} | wc -l: expected {expected}, got {lines}");
    }
}
