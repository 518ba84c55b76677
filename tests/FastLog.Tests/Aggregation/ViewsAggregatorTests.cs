using System.Text;
using FastLog.Aggregation;
using FastLog.Aggregation.Sketches;
using FastLog.Aggregation.Tables;
using FastLog.Aggregation.Views;
using FastLog.Columns;
using FastLog.Formats;
using static FastLog.Tests.Aggregation.ViewsFixture;

namespace FastLog.Tests.Aggregation;

/// <summary>
/// Each view's counts from hand-built batches. The expected values are computed here from the
/// fixture records with LINQ (the oracle), never copied from the aggregator's output.
/// </summary>
public class ViewsAggregatorTests
{
    private const long T0 = ViewsFixture.T0;

    // The failure events of docs/detections.md rules L2–L4, written out here rather than taken from AuthEventNames.
    private static readonly AuthEvent[] s_failures =
        [AuthEvent.FailedPassword, AuthEvent.FailedPublickey, AuthEvent.FailedNone, AuthEvent.FailedOther, AuthEvent.InvalidUser, AuthEvent.PamAuthFailure,
            AuthEvent.PamUserUnknown, AuthEvent.PamMoreFailures, AuthEvent.PasswordCheckFailed];

    private static Dictionary<string, long> Counts(SymbolTable table)
        => Enumerable.Range(0, table.Count).ToDictionary(id => Encoding.UTF8.GetString(table.KeyOf(id)), id => table.Counts[id]);

    private static Dictionary<(string, string), long> PairCounts(SymbolTable table)
        => Enumerable.Range(0, table.Count).ToDictionary(id =>
        {
            PairKey.Split(table.KeyOf(id), out var first, out var second);
            return (Encoding.UTF8.GetString(first), Encoding.UTF8.GetString(second));
        }, id => table.Counts[id]);

    private static Dictionary<string, long> Expected<T>(IEnumerable<T> records, Func<T, string?> key, Func<T, long> weight)
        => records.Where(r => key(r) is not null).GroupBy(r => key(r)!).ToDictionary(g => g.Key, g => g.Sum(weight));

    private static void AssertTable<T>(SymbolTable table, IEnumerable<T> records, Func<T, string?> key, Func<T, long> weight)
    {
        Assert.Equal(Expected(records, key, weight).OrderBy(kv => kv.Key, StringComparer.Ordinal), Counts(table).OrderBy(kv => kv.Key, StringComparer.Ordinal));
        Assert.Equal(records.Where(r => key(r) is null).Sum(weight), table.NullCount);
        Assert.False(table.IsApproximate);
    }

    [Fact]
    public void AuthViewCountsEventsLoginsUsersAndCommandsWithRepeatWeights()
    {
        var records = AuthRecords(600);
        var view = new AuthView(TableBudget.Default);
        Feed(view, AuthBatches(records));

        Assert.Equal(records.Sum(r => r.Repeat), view.Records);
        for (var e = 0; e < AuthEventNames.Names.Count; e++)
            Assert.Equal(records.Where(r => (int)r.Event == e).Sum(r => r.Repeat), view.Events[e]);
        var failed = records.Where(r => s_failures.Contains(r.Event)).ToList();
        var accepted = records.Where(r => r.Event == AuthEvent.Accepted).ToList();
        Assert.Equal(failed.Sum(r => r.Repeat), view.FailedLogins);
        Assert.Equal(accepted.Sum(r => r.Repeat), view.AcceptedLogins);
        AssertTable(view.FailedIps, failed, r => r.Ip, r => r.Repeat);
        AssertTable(view.FailedUsers, failed, r => r.User, r => r.Repeat);
        AssertTable(view.AcceptedIps, accepted, r => r.Ip, r => r.Repeat);
        AssertTable(view.AcceptedUsers, accepted, r => r.User, r => r.Repeat);
        AssertTable(view.InvalidUsers, records.Where(r => r.Invalid), r => r.User, r => r.Repeat);
        AssertTable(view.Programs, records, r => r.App, r => r.Repeat);
        AssertTable(view.Hosts, records, r => r.Host, r => r.Repeat);

        var expectedMethods = accepted.Where(r => r.User is not null).GroupBy(r => (r.User!, r.Method ?? "")).ToDictionary(g => g.Key, g => g.Sum(r => r.Repeat));
        Assert.Equal(expectedMethods.OrderBy(kv => kv.Key), PairCounts(view.AcceptedUserMethods).OrderBy(kv => kv.Key));
        var sudo = records.Where(r => r.Event == AuthEvent.SudoCommand && r.User is not null);
        var expectedSudo = sudo.GroupBy(r => (r.User!, r.Command ?? "")).ToDictionary(g => g.Key, g => g.Sum(r => r.Repeat));
        Assert.Equal(expectedSudo.OrderBy(kv => kv.Key), PairCounts(view.SudoCommands).OrderBy(kv => kv.Key));
        Assert.Contains(expectedSudo.Keys, k => k.Item1 == "bad\0user"); // the NUL-bearing user stays whole (R5)
    }

    [Fact]
    public void SyslogViewCountsProgramsHostsAndSeverities()
    {
        var records = SyslogRecords(500);
        var view = new SyslogView(TableBudget.Default);
        Feed(view, SyslogBatches(records), batchSize: 64);
        Assert.Equal(records.Sum(r => r.Repeat), view.Records);
        AssertTable(view.Programs, records, r => r.App, r => r.Repeat);
        AssertTable(view.Hosts, records, r => r.Host, r => r.Repeat);
        for (var s = 0; s < 8; s++) Assert.Equal(records.Where(r => r.Severity == s).Sum(r => r.Repeat), view.Severities[s]);
        Assert.Equal(records.Where(r => r.Severity is null).Sum(r => r.Repeat), view.SeverityNull);
    }

    [Fact]
    public void CloudTrailViewCountsEventsErrorsAndConsoleLogins()
    {
        var records = CloudTrailRecords(700);
        var view = new CloudTrailView(TableBudget.Default);
        Feed(view, CloudTrailBatches(records));
        Assert.Equal(records.Count, view.Records);
        AssertTable(view.EventNames, records, r => r.Name, _ => 1);
        AssertTable(view.EventSources, records, r => r.Source, _ => 1);
        AssertTable(view.Regions, records, r => r.Region, _ => 1);
        AssertTable(view.ErrorCodes, records, r => r.Error, _ => 1);
        AssertTable(view.SourceIps, records, r => r.Ip, _ => 1);
        AssertTable(view.UserTypes, records, r => r.UserType, _ => 1);
        Assert.Equal(records.Count(r => r.Error is not null), view.Errors);

        var logins = records.Where(r => r.ConsoleLogin is not null).ToList();
        Assert.Equal(logins.Count(r => r.ConsoleLogin == "Success"), view.ConsoleSuccesses);
        Assert.Equal(logins.Count(r => r.ConsoleLogin != "Success"), view.ConsoleFailures);
        Assert.Equal(logins.Count(r => r.ConsoleLogin == "Success" && r.Mfa == "No"), view.ConsoleNoMfa);
        AssertTable(view.ConsoleUsers, logins, r => r.User, _ => 1);
        for (var id = 0; id < view.ConsoleUsers.Count; id++)
        {
            var user = Encoding.UTF8.GetString(view.ConsoleUsers.KeyOf(id));
            Assert.Equal(logins.Count(r => r.User == user && r.ConsoleLogin != "Success"), view.ConsoleUserFailures[id]);
            Assert.Equal(logins.Count(r => r.User == user && r.ConsoleLogin == "Success" && r.Mfa == "No"), view.ConsoleUserNoMfa[id]);
        }
    }

    [Fact]
    public void GithubViewCountsTypesActorsReposAndVisibility()
    {
        var records = GithubRecords(400);
        var view = new GithubView(TableBudget.Default);
        Feed(view, GithubBatches(records));
        Assert.Equal(records.Count, view.Records);
        AssertTable(view.Types, records, r => r.Type, _ => 1);
        AssertTable(view.Actors, records, r => r.Actor, _ => 1);
        AssertTable(view.Repos, records, r => r.Repo, _ => 1);
        Assert.Equal(records.Count(r => r.Public == 1), view.Public);
        Assert.Equal(records.Count(r => r.Public == 0), view.Private);
        Assert.Equal(records.Count(r => r.Public is null), view.VisibilityUnknown);
    }

    private static readonly string[] s_errorLevels = ["error", "err", "fatal", "critical", "crit", "panic", "alert", "emerg", "emergency"];

    [Fact]
    public void ServiceHealthViewCountsErrorsAndLatencyPerService()
    {
        var records = JsonlRecords(900);
        var view = new ServiceHealthView(TableBudget.Default);
        Feed(view, JsonlBatches(records));
        bool IsError(JsonlRecord r) => r.Level is not null && s_errorLevels.Contains(r.Level.ToLowerInvariant());

        Assert.True(view.ServiceMapped);
        Assert.Equal(records.Count, view.Records);
        Assert.Equal(records.Count(IsError), view.Errors);
        AssertLatency(records, view.Latency);
        AssertTable(view.Services, records, r => r.Service, _ => 1);
        for (var id = 0; id < view.Services.Count; id++)
        {
            var service = Encoding.UTF8.GetString(view.Services.KeyOf(id));
            var mine = records.Where(r => r.Service == service).ToList();
            Assert.Equal(mine.Count(IsError), view.ServiceErrors[id]);
            AssertLatency(mine, view.ServiceLatency[id]!);
        }
    }

    [Fact]
    public void ServiceHealthWithoutAServiceMappingKeepsOnlyTheOverallFigures()
    {
        var records = JsonlRecords(100);
        var view = new ServiceHealthView(TableBudget.Default);
        Feed(view, JsonlBatches(records, serviceMapped: false));
        Assert.False(view.ServiceMapped);
        Assert.Equal(0, view.Services.Count);
        Assert.Equal(records.Count, view.Records);
    }

    /// <summary>Count, min and max exact; nearest-rank quantiles within the histogram's documented 1 %.</summary>
    private static void AssertLatency(IEnumerable<JsonlRecord> records, LogHistogram histogram)
    {
        var values = records.Where(r => r.LatencyMicros is not null).Select(r => r.LatencyMicros!.Value).Order().ToArray();
        Assert.Equal(values.Length, histogram.Count);
        Assert.Equal(values.Min(), histogram.Min);
        Assert.Equal(values.Max(), histogram.Max);
        foreach (var q in new[] { 0.5, 0.9, 0.99 })
        {
            var exact = values[Math.Max(1, (int)Math.Ceiling(q * values.Length)) - 1];
            Assert.InRange(histogram.Quantile(q), exact * 0.99 - 1, exact * 1.01 + 1);
        }
    }

    [Fact]
    public void ActivityCountsOccurrencesPerFlooredHour()
    {
        var records = AuthRecords(300);
        var views = new ViewsAggregator(TableBudget.Default);
        Feed(views, AuthBatches(records));
        var activity = views.Activity(LogFormat.Auth)!;
        var expected = records.GroupBy(r => (long)Math.Floor(r.Ts / 3600.0)).ToDictionary(g => g.Key, g => g.Sum(r => r.Repeat));
        Assert.Contains(-1L, expected.Keys); // the 1969 record
        var actual = Enumerable.Range(0, activity.Hours.Count).ToDictionary(id => activity.Hours.KeyOf(id), id => activity.Hours.Counts[id]);
        Assert.Equal(expected.OrderBy(kv => kv.Key), actual.OrderBy(kv => kv.Key));
        Assert.Equal(records.Count, activity.Records);
        Assert.Equal(records.Sum(r => r.Repeat), activity.Occurrences);
        Assert.Equal(records.Min(r => r.Ts), activity.MinUnixSeconds);
        Assert.Equal(records.Max(r => r.Ts), activity.MaxUnixSeconds);
        Assert.Null(views.Activity(LogFormat.Syslog));
        Assert.Null(views.Syslog);
    }

    [Fact]
    public void PastTheBudgetTablesCountTheRestAsOtherAndSayApproximate()
    {
        var records = AuthRecords(400);
        var view = new AuthView(new TableBudget(2, 1 << 20));
        Feed(view, AuthBatches(records));
        Assert.True(view.FailedIps.IsApproximate);
        Assert.Equal(2, view.FailedIps.Count);
        // Nothing is lost: kept keys + other + null = every failure occurrence.
        Assert.Equal(view.FailedLogins, view.FailedIps.Counts.Take(2).Sum() + view.FailedIps.OtherCount + view.FailedIps.NullCount);
    }
}
