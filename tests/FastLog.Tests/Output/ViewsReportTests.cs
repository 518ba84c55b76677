using System.Globalization;
using System.Text;
using System.Text.Json;
using FastLog.Aggregation.Tables;
using FastLog.Columns;
using FastLog.Diagnostics;
using FastLog.Engine;
using FastLog.Output;
using FastLog.Output.Json;
using FastLog.Output.Model;
using FastLog.Output.Table;
using FastLog.Runs;
using FastLog.Tests.Aggregation;
using FastLog.Tests.TestSupport;
using static FastLog.Tests.Aggregation.ViewsFixture;

namespace FastLog.Tests.Output;

/// <summary>
/// The view sections of the report, built from hand-built batches: figures against LINQ over
/// the fixture records, merge invariance, budget degradation, labels on mixed inputs and
/// escaping of hostile values at both sinks.
/// </summary>
public class ViewsReportTests
{
    private static Report Build(AnalysisAggregator aggregate, int top = 10)
    {
        var result = new RunSummary
        {
            Aggregate = aggregate,
            Counters = new ParseCounters(),
            Samples = [],
            Inputs = [],
            Elapsed = TimeSpan.Zero,
            ChunkFirstLines = [],
        };
        return new ReportBuilder(result, top, run: null, "test").Build();
    }

    private static string Json(Report report) => JsonSerializer.Serialize(report, ReportJsonContext.Default.Report);

    private static string Table(Report report)
    {
        var writer = new StringWriter { NewLine = "\n" };
        TableReportWriter.Write(report, writer);
        return writer.ToString();
    }

    private static readonly (List<AuthRecord> Auth, List<SyslogRecord> Syslog, List<CloudTrailRecord> CloudTrail, List<GithubRecord> Github, List<JsonlRecord> Jsonl) s_all =
        (AuthRecords(500), SyslogRecords(300), CloudTrailRecords(400), GithubRecords(300), JsonlRecords(350));

    private static ViewsBatchBuilder[] AllBuilders() =>
    [
        AuthBatches(s_all.Auth), SyslogBatches(s_all.Syslog), CloudTrailBatches(s_all.CloudTrail), GithubBatches(s_all.Github), JsonlBatches(s_all.Jsonl),
    ];

    [Fact]
    public void SplitAndMergeOrderDoNotChangeTheReport()
    {
        var builders = AllBuilders();
        var whole = new AnalysisAggregator(TableBudget.Default, detect: false);
        foreach (var b in builders) Feed(whole, b, batchSize: 100);
        var expected = Json(Build(whole, top: 50));

        // Three workers, each taking a different slice of every format (uneven on purpose).
        int[][] orders = [[0, 1, 2], [2, 0, 1], [1, 2, 0], [2, 1, 0]];
        foreach (var order in orders)
        {
            var parts = Enumerable.Range(0, 3).Select(_ => new AnalysisAggregator(TableBudget.Default, detect: false)).ToArray();
            foreach (var b in builders)
            {
                var cut1 = b.Count / 5;
                var cut2 = b.Count * 3 / 5;
                Feed(parts[0], b, batchSize: 17, start: 0, count: cut1);
                Feed(parts[1], b, batchSize: 41, start: cut1, count: cut2 - cut1);
                Feed(parts[2], b, batchSize: 9, start: cut2);
            }
            var merged = new AnalysisAggregator(TableBudget.Default, detect: false);
            foreach (var i in order) merged.Merge(parts[i]);
            Assert.Equal(expected, Json(Build(merged, top: 50)));
        }
    }

    private static JsonElement Report(out AnalysisAggregator aggregate, int top = 10)
    {
        aggregate = new AnalysisAggregator(TableBudget.Default, detect: false);
        foreach (var b in AllBuilders()) Feed(aggregate, b);
        return JsonDocument.Parse(Json(Build(aggregate, top))).RootElement;
    }

    /// <summary>The top rows of a table in report order (count descending, then key bytewise: ordinal for these ASCII keys).</summary>
    private static List<(string Value, long Count)> TopRows<T>(IEnumerable<T> records, Func<T, string?> key, Func<T, long> weight, int top = 10)
        => records.Where(r => key(r) is not null).GroupBy(r => key(r)!).Select(g => (Value: g.Key, Count: g.Sum(weight)))
            .OrderByDescending(x => x.Count).ThenBy(x => x.Value, StringComparer.Ordinal).Take(top).ToList();

    private static List<(string Value, long Count)> Rows(JsonElement table)
        => table.GetProperty("rows").EnumerateArray().Select(r => (r.GetProperty("value").GetString()!, r.GetProperty("count").GetInt64())).ToList();

    [Fact]
    public void AuthSectionListsTheFixtureFiguresInReportOrder()
    {
        var auth = Report(out _).GetProperty("auth");
        var records = s_all.Auth;
        AuthEvent[] failures = [AuthEvent.FailedPassword, AuthEvent.FailedPublickey, AuthEvent.FailedNone, AuthEvent.FailedOther, AuthEvent.InvalidUser, AuthEvent.PamAuthFailure,
            AuthEvent.PamUserUnknown, AuthEvent.PamMoreFailures, AuthEvent.PasswordCheckFailed];
        var failed = records.Where(r => failures.Contains(r.Event)).ToList();
        Assert.Equal("auth", auth.GetProperty("format").GetString());
        Assert.Equal(records.Sum(r => r.Repeat), auth.GetProperty("records").GetInt64());
        Assert.Equal(failed.Sum(r => r.Repeat), auth.GetProperty("failed_logins").GetInt64());
        Assert.Equal(TopRows(failed, r => r.Ip, r => r.Repeat), Rows(auth.GetProperty("failed_by_ip")));
        Assert.Equal(TopRows(failed, r => r.User, r => r.Repeat), Rows(auth.GetProperty("failed_by_user")));
        Assert.Equal(failed.Where(r => r.User is null).Sum(r => r.Repeat), auth.GetProperty("failed_by_user").GetProperty("null").GetInt64());
        Assert.Equal(TopRows(records.Where(r => r.Invalid), r => r.User, r => r.Repeat), Rows(auth.GetProperty("invalid_users")));

        var events = records.GroupBy(r => AuthEventNames.Names[(int)r.Event]).Select(g => (g.Key, g.Sum(r => r.Repeat)))
            .OrderByDescending(x => x.Item2).ThenBy(x => x.Key, StringComparer.Ordinal).ToList();
        Assert.Equal(events, auth.GetProperty("events").EnumerateArray().Select(e => (e.GetProperty("name").GetString()!, e.GetProperty("count").GetInt64())).ToList());

        var accepted = records.Where(r => r.Event == AuthEvent.Accepted && r.User is not null);
        var methods = accepted.GroupBy(r => (r.User!, r.Method ?? "")).Select(g => (g.Key.Item1, g.Key.Item2, g.Sum(r => r.Repeat))).OrderBy(x => x).ToList();
        var rows = auth.GetProperty("accepted_by_user_method").GetProperty("rows").EnumerateArray()
            .Select(r => (r.GetProperty("user").GetString()!, r.GetProperty("value").GetString()!, r.GetProperty("count").GetInt64())).OrderBy(x => x).ToList();
        Assert.Equal(methods, rows);
    }

    [Fact]
    public void ActivityGivesEveryFormatItsHoursDaysAndHoursOfDay()
    {
        var report = Report(out _);
        var byFormat = report.GetProperty("activity").EnumerateArray().ToDictionary(a => a.GetProperty("format").GetString()!);
        Assert.Equal(["auth", "cloudtrail", "github", "jsonl", "syslog"], byFormat.Keys.Order(StringComparer.Ordinal));
        var auth = byFormat["auth"];
        static DateTimeOffset Utc(long ts) => DateTimeOffset.FromUnixTimeSeconds(ts);
        var records = s_all.Auth;
        var hourly = records.GroupBy(r => Utc(r.Ts).ToString("yyyy-MM-dd'T'HH", CultureInfo.InvariantCulture)).Select(g => (g.Key, g.Sum(r => r.Repeat))).OrderBy(x => x.Key, StringComparer.Ordinal).ToList();
        Assert.Equal(hourly, auth.GetProperty("hourly").EnumerateArray().Select(h => (h.GetProperty("hour").GetString()!, h.GetProperty("records").GetInt64())).ToList());
        var daily = records.GroupBy(r => Utc(r.Ts).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Select(g => (g.Key, g.Sum(r => r.Repeat))).OrderBy(x => x.Key, StringComparer.Ordinal).ToList();
        Assert.Equal(daily, auth.GetProperty("daily").EnumerateArray().Select(h => (h.GetProperty("day").GetString()!, h.GetProperty("records").GetInt64())).ToList());
        var hourOfDay = Enumerable.Range(0, 24).Select(h => records.Where(r => Utc(r.Ts).Hour == h).Sum(r => r.Repeat)).ToList();
        Assert.Equal(hourOfDay, auth.GetProperty("hour_of_day").EnumerateArray().Select(h => h.GetProperty("records").GetInt64()).ToList());
        Assert.Equal("1969-12-31T23:59:59Z", auth.GetProperty("first_timestamp").GetString());
        Assert.Equal("1969-12-31T23:59:59Z", report.GetProperty("overview").GetProperty("first_timestamp").GetString());

        var perFormat = report.GetProperty("overview").GetProperty("records_by_format").EnumerateArray()
            .ToDictionary(f => f.GetProperty("format").GetString()!, f => (f.GetProperty("records").GetInt64(), f.GetProperty("occurrences").GetInt64()));
        Assert.Equal((records.Count, records.Sum(r => r.Repeat)), perFormat["auth"]);
        Assert.Equal((s_all.Github.Count, s_all.Github.Count), perFormat["github"]);
    }

    [Fact]
    public void CloudTrailGithubSyslogAndServiceHealthSectionsMatchTheFixture()
    {
        var report = Report(out _);
        var ct = report.GetProperty("cloudtrail");
        var trail = s_all.CloudTrail;
        var errors = trail.Count(r => r.Error is not null);
        Assert.Equal(errors, ct.GetProperty("errors").GetInt64());
        Assert.Equal(Math.Round((double)errors / trail.Count, 6), ct.GetProperty("error_rate").GetDouble());
        Assert.Equal(TopRows(trail, r => r.Name, _ => 1), Rows(ct.GetProperty("events_by_name")));
        Assert.Equal(TopRows(trail, r => r.Region, _ => 1), Rows(ct.GetProperty("events_by_region")));
        Assert.Equal(TopRows(trail, r => r.Error, _ => 1), Rows(ct.GetProperty("errors_by_code")));
        var logins = ct.GetProperty("console_logins");
        var console = trail.Where(r => r.ConsoleLogin is not null).ToList();
        Assert.Equal(console.Count, logins.GetProperty("total").GetInt64());
        Assert.Equal(console.Count(r => r.ConsoleLogin == "Failure"), logins.GetProperty("failures").GetInt64());
        Assert.Equal(console.Count(r => r.ConsoleLogin == "Success" && r.Mfa == "No"), logins.GetProperty("without_mfa").GetInt64());
        var users = console.Where(r => r.User is not null).GroupBy(r => r.User!)
            .Select(g => (g.Key, (long)g.Count(), (long)g.Count(r => r.ConsoleLogin == "Failure"), (long)g.Count(r => r.ConsoleLogin == "Success" && r.Mfa == "No")))
            .OrderByDescending(x => x.Item2).ThenBy(x => x.Key, StringComparer.Ordinal).ToList();
        Assert.Equal(users, logins.GetProperty("users").EnumerateArray().Select(u => (u.GetProperty("user").GetString()!, u.GetProperty("logins").GetInt64(),
            u.GetProperty("failures").GetInt64(), u.GetProperty("without_mfa").GetInt64())).ToList());

        var gh = report.GetProperty("github");
        Assert.Equal(s_all.Github.Count(r => r.Public == 1), gh.GetProperty("public").GetInt64());
        Assert.Equal(s_all.Github.Count(r => r.Public == 0), gh.GetProperty("private").GetInt64());
        Assert.Equal(TopRows(s_all.Github, r => r.Actor, _ => 1), Rows(gh.GetProperty("actors")));
        Assert.Equal(TopRows(s_all.Github, r => r.Type, _ => 1), Rows(gh.GetProperty("events_by_type")));

        var syslog = report.GetProperty("syslog");
        Assert.Equal(TopRows(s_all.Syslog, r => r.App, r => r.Repeat), Rows(syslog.GetProperty("programs")));
        string[] names = ["emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"];
        var severities = s_all.Syslog.GroupBy(r => r.Severity).OrderBy(g => g.Key ?? 99).Select(g => (g.Key is { } s ? names[s] : "none", g.Sum(r => r.Repeat))).ToList();
        Assert.Equal(severities, syslog.GetProperty("severities").EnumerateArray().Select(s => (s.GetProperty("name").GetString()!, s.GetProperty("count").GetInt64())).ToList());

        var health = report.GetProperty("service_health");
        string[] errorLevels = ["error", "err", "fatal", "critical", "crit", "panic", "alert", "emerg", "emergency"];
        bool IsError(JsonlRecord r) => r.Level is not null && errorLevels.Contains(r.Level.ToLowerInvariant());
        var overall = health.GetProperty("overall");
        Assert.Equal(s_all.Jsonl.Count, overall.GetProperty("records").GetInt64());
        Assert.Equal(s_all.Jsonl.Count(IsError), overall.GetProperty("errors").GetInt64());
        Assert.Equal(Math.Round(1 - (double)s_all.Jsonl.Count(IsError) / s_all.Jsonl.Count, 6), overall.GetProperty("availability").GetDouble());
        var services = s_all.Jsonl.Where(r => r.Service is not null).GroupBy(r => r.Service!)
            .Select(g => (g.Key, (long)g.Count(), (long)g.Count(IsError))).OrderByDescending(x => x.Item2).ThenBy(x => x.Key, StringComparer.Ordinal).ToList();
        Assert.Equal(services, health.GetProperty("services").EnumerateArray()
            .Select(s => (s.GetProperty("service").GetString()!, s.GetProperty("records").GetInt64(), s.GetProperty("errors").GetInt64())).ToList());
        Assert.Equal(s_all.Jsonl.Count(r => r.Service is null), health.GetProperty("null").GetInt64());
        Assert.True(overall.GetProperty("latency_us").GetProperty("p99").GetInt64() > 0);
    }

    [Fact]
    public void SectionsAppearOnlyForFormatsWithRecords()
    {
        var aggregate = new AnalysisAggregator(TableBudget.Default, detect: false);
        Feed(aggregate, GithubBatches(GithubRecords(20)));
        var report = JsonDocument.Parse(Json(Build(aggregate))).RootElement;
        Assert.True(report.TryGetProperty("github", out _));
        Assert.True(report.TryGetProperty("activity", out _));
        foreach (var absent in new[] { "auth", "syslog", "cloudtrail", "service_health", "traffic", "performance", "errors", "anomalies", "security" })
            Assert.False(report.TryGetProperty(absent, out _), absent);
        var table = Table(Build(aggregate));
        Assert.Contains("\n== GitHub ==\n", table);
        Assert.DoesNotContain("== Auth", table);
        Assert.DoesNotContain("records (github)", table); // one format: no per-format lines
    }

    [Fact]
    public void MixedInputsLabelEverySectionWithItsFormat()
    {
        var aggregate = new AnalysisAggregator(TableBudget.Default, detect: false);
        Feed(aggregate, AuthBatches(s_all.Auth));
        Feed(aggregate, SyslogBatches(s_all.Syslog));
        var table = Table(Build(aggregate));
        Assert.Contains("\n== Auth (auth) ==\n", table);
        Assert.Contains("\n== Auth (auth): failed logins by IP ==\n", table);
        Assert.Contains("\n== Syslog (syslog): programs ==\n", table);
        Assert.Contains("\n== Activity (auth): records per UTC hour ==\n", table);
        Assert.Matches($@"\nrecords \(auth\) +{s_all.Auth.Count.ToString("N0", CultureInfo.InvariantCulture)} \({s_all.Auth.Sum(r => r.Repeat).ToString("N0", CultureInfo.InvariantCulture)} occurrences\)\n", table);
        Assert.Contains("records (syslog)", table);

        var single = new AnalysisAggregator(TableBudget.Default, detect: false);
        Feed(single, AuthBatches(s_all.Auth));
        var alone = Table(Build(single));
        Assert.Contains("\n== Auth: failed logins by IP ==\n", alone);
        Assert.DoesNotContain("Auth (auth)", alone);
    }

    [Fact]
    public void PastTheBudgetTheSectionsSayApproximate()
    {
        var aggregate = new AnalysisAggregator(new TableBudget(2, 1 << 20), detect: false);
        Feed(aggregate, AuthBatches(s_all.Auth));
        Feed(aggregate, JsonlBatches(s_all.Jsonl));
        var report = Build(aggregate);
        var json = JsonDocument.Parse(Json(report)).RootElement;
        var failedByIp = json.GetProperty("auth").GetProperty("failed_by_ip");
        Assert.True(failedByIp.GetProperty("approximate").GetBoolean());
        Assert.True(failedByIp.GetProperty("other").GetInt64() > 0);
        Assert.True(json.GetProperty("auth").GetProperty("accepted_by_user_method").GetProperty("approximate").GetBoolean());
        Assert.True(json.GetProperty("service_health").GetProperty("approximate").GetBoolean());
        // Two hour keys per worker: three days of auth records do not fit.
        Assert.True(json.GetProperty("activity")[0].GetProperty("approximate").GetBoolean());
        var table = Table(report);
        Assert.Contains("failed logins by IP (approximate: over memory budget)", table);
    }

    [Fact]
    public void HostileValuesAreEscapedInTheTableAndExactInJson()
    {
        const string user = "\u001b[31mroot\0x";
        const string ip = "6.6.6.6\u202e";
        var host = new byte[] { (byte)'h', 0xFF, (byte)'s' };
        var records = new List<AuthRecord>
        {
            new(T0, AuthEvent.FailedPassword, user, ip, null, true, "ss\u0007hd", "web1", null, 1),
            new(T0 + 1, AuthEvent.SudoCommand, user, null, null, false, "sudo", "web1", "/bin/echo \u001b]0;pwned\u0007", 1),
        };
        var builder = AuthBatches(records);
        // A host that is not UTF-8: reported as U+FFFD and counted as lossy.
        builder.Add(T0 + 2, (LogField.Event, (long)AuthEvent.Other), (LogField.Host, host), (LogField.InvalidUser, 0L), (LogField.Repeat, 1L));
        var aggregate = new AnalysisAggregator(TableBudget.Default, detect: false);
        Feed(aggregate, builder);

        var report = Build(aggregate);
        var table = Table(report);
        Assert.DoesNotContain(table, c => c < 0x20 && c != '\n');
        Assert.DoesNotContain('\u202e', table);
        Assert.Contains(@"\x1b[31mroot\x00x", table);
        Assert.Contains(@"6.6.6.6\u{202E}", table);
        Assert.Contains(@"/bin/echo \x1b]0;pwned\x07", table);

        var text = Json(report);
        Assert.DoesNotContain(text, c => c < 0x20 && c is not '\n' and not '\r' and not ' ');
        Assert.DoesNotContain('\u202e', text);
        var json = JsonDocument.Parse(text).RootElement;
        var auth = json.GetProperty("auth");
        Assert.Equal(user, auth.GetProperty("failed_by_user").GetProperty("rows")[0].GetProperty("value").GetString());
        Assert.Equal(ip, auth.GetProperty("failed_by_ip").GetProperty("rows")[0].GetProperty("value").GetString());
        Assert.Equal("/bin/echo \u001b]0;pwned\u0007", auth.GetProperty("sudo_commands").GetProperty("rows")[0].GetProperty("value").GetString());
        Assert.Contains(auth.GetProperty("hosts").GetProperty("rows").EnumerateArray(), r => r.GetProperty("value").GetString() == "h\uFFFDs");
        Assert.Equal(1, json.GetProperty("overview").GetProperty("lossy_values").GetInt64());
    }

    [Fact]
    public void AnalyzeReportsActivityAndRecordsPerFormatForAccessLogsWithoutDetect()
    {
        var sb = new StringBuilder();
        var t0 = new DateTimeOffset(2024, 3, 1, 22, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 400; i++)
            sb.Append($"198.51.100.{i % 7} - - [{t0.AddSeconds(i * 97):dd/MMM/yyyy:HH:mm:ss} +0000] \"GET /p/{i % 13} HTTP/1.1\" {(i % 9 == 0 ? 404 : 200)} {i} \"-\" \"ua\"\n");
        using var dir = new TempDirectory("views");
        var path = dir.File("access.log");
        File.WriteAllText(path, sb.ToString());
        var report = JsonDocument.Parse(FastLogCli.Run("analyze", path, "--output", "json", "--stable").Ok()).RootElement;

        // Oracle: awk cuts the hour out of [dd/Mon/yyyy:HH and uniq counts it.
        var oracle = Shell.Run($"awk '{{print substr($4, 2, 14)}}' {path} | uniq -c")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim().Split(' '))
            .Select(p => (DateTime.ParseExact(p[1], "dd/MMM/yyyy:HH", CultureInfo.InvariantCulture).ToString("yyyy-MM-dd'T'HH", CultureInfo.InvariantCulture), long.Parse(p[0], CultureInfo.InvariantCulture)))
            .ToList();
        var activity = Assert.Single(report.GetProperty("activity").EnumerateArray());
        Assert.Equal("combined", activity.GetProperty("format").GetString());
        Assert.Equal(oracle, activity.GetProperty("hourly").EnumerateArray().Select(h => (h.GetProperty("hour").GetString()!, h.GetProperty("records").GetInt64())).ToList());
        var perFormat = Assert.Single(report.GetProperty("overview").GetProperty("records_by_format").EnumerateArray());
        Assert.Equal(oracle.Sum(o => o.Item2), perFormat.GetProperty("records").GetInt64());
        Assert.True(report.TryGetProperty("traffic", out _));
        Assert.False(report.TryGetProperty("security", out _)); // the web rules run only with --detect
        var detected = JsonDocument.Parse(FastLogCli.Run("analyze", path, "--output", "json", "--stable", "--detect").Ok()).RootElement;
        Assert.True(detected.TryGetProperty("security", out _));
    }
}
