using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using FastLog.Generation.Traffic;
using FastLog.Generation.Truth;
using FastLog.Tests.TestSupport;
using Xunit.Abstractions;

namespace FastLog.Tests.Detection;

/// <summary>One ECS finding of <c>fastlog detect --output jsonl</c>, the fields scoring needs.</summary>
public sealed record TruthFinding(string Rule, string? Ip, string? User, string? Host, long Count, DateTimeOffset Start, DateTimeOffset End, string Severity)
{
    /// <summary>Reads one JSONL line.</summary>
    public static TruthFinding Parse(string line)
    {
        var f = JsonDocument.Parse(line).RootElement;
        var e = f.GetProperty("event");
        return new TruthFinding(
            f.GetProperty("rule").GetProperty("id").GetString()!,
            Optional(f, "source", "ip"),
            Optional(f, "user", "name"),
            Optional(f, "host", "name"),
            e.GetProperty("count").GetInt64(),
            DateTimeOffset.Parse(e.GetProperty("start").GetString()!, CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(e.GetProperty("end").GetString()!, CultureInfo.InvariantCulture),
            f.GetProperty("fastlog").GetProperty("severity").GetString()!);
    }

    private static string? Optional(JsonElement f, string obj, string field)
        => f.TryGetProperty(obj, out var o) && o.ValueKind == JsonValueKind.Object && o.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString() : null;

    /// <inheritdoc/>
    public override string ToString() => $"{Rule} ip={Ip ?? "-"} user={User ?? "-"} count={Count} {Start:u}..{End:u}";
}

/// <summary>A generated log's manifest and the findings of <c>fastlog detect</c> on it (the log itself is deleted once read).</summary>
public sealed record TruthRun(string Format, string Seed, long Lines, TruthManifest Truth, IReadOnlyList<TruthFinding> Findings);

/// <summary>
/// Generates a log per (format, seed) once, runs <c>fastlog detect --output jsonl</c> on it and
/// keeps the manifest and findings; the 1M-line logs (1.3 GB for CloudTrail) are deleted right
/// after detection, so a fixture keeps at most one on disk at a time.
/// </summary>
public sealed class TruthRuns : IDisposable
{
    /// <summary>Lines per generated log: issue 6 asks for at least a million.</summary>
    public const long Lines = 1_000_000;

    private readonly TempDirectory _temp = new("truth-runs");
    private readonly ConcurrentDictionary<string, Lazy<TruthRun>> _runs = new(StringComparer.Ordinal);

    /// <summary>
    /// The calendar year of the generated logs' first day: auth lines (RFC 3164) carry no year, and
    /// a fresh file's modification time (the parser's default reference) is the day the test runs,
    /// so <c>detect</c> gets <c>--year</c> explicitly and the test never depends on the date.
    /// </summary>
    public static int GeneratedYear => DateTimeOffset.FromUnixTimeSeconds(TrafficClock.DefaultStartLocalDay * 86400).Year;

    /// <summary>The run of <paramref name="format"/> with <paramref name="seed"/> (attacks on unless <paramref name="attacks"/> is false).</summary>
    public TruthRun Get(string format, string seed, bool attacks = true)
        => _runs.GetOrAdd($"{format}-{seed}-{attacks}", key => new Lazy<TruthRun>(() => Make(key, format, seed, attacks))).Value;

    private TruthRun Make(string key, string format, string seed, bool attacks)
    {
        var log = _temp.File(key + ".log");
        var truth = _temp.File(key + ".truth.json");
        FastLogCli.Run("generate", "--format", format, "--lines", Lines.ToString(CultureInfo.InvariantCulture), "--seed", seed,
            "--attacks", attacks ? "default" : "none", "--truth", truth, "-o", log).Ok();
        var output = FastLogCli.Run("detect", log, "--year", GeneratedYear.ToString(CultureInfo.InvariantCulture), "--output", "jsonl").Ok();
        File.Delete(log);
        TruthManifest manifest;
        using (var stream = File.OpenRead(truth))
            manifest = JsonSerializer.Deserialize(stream, TruthJsonContext.Default.TruthManifest)!;
        var findings = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(TruthFinding.Parse).ToList();
        return new TruthRun(format, seed, Lines, manifest, findings);
    }

    /// <inheritdoc/>
    public void Dispose() => _temp.Dispose();
}

/// <summary>
/// Scores findings against a truth manifest: which finding a scenario justifies, recall per
/// scenario, precision per rule.
/// </summary>
/// <remarks>
/// <para>
/// A scenario trips its own rule (<c>rule_id</c>) and exactly these companions, variants of the
/// same correlation with other public thresholds (AuthRules / CloudTrailRules, docs/detections.md):
/// L2 → L2b (Elastic's 60 in 30 s is also Sigma legacy's &gt; 30 in 600 s), L3 → L3b (25 failures
/// then a success in 15 s is also ≥ 10 in 10 min), L4 → L2b (a spray is &gt; 30 failures from one
/// source: L2b groups by host and source, not by user), C1 → C1b (Sigma's per-event rule and
/// Splunk's &gt; 20 per source in 10 min).
/// </para>
/// <para>
/// A finding is justified by a scenario when its rule is the scenario's or a companion, its
/// source is the scenario's (no source for host-local scenarios), and its user, when it has one,
/// is one of the scenario's users (CloudTrail names assumed roles and root by ARN, which ends in
/// <c>/NAME</c> or <c>:root</c>).
/// </para>
/// </remarks>
public static class TruthScoring
{
    /// <summary>The companion rules a scenario of each rule also trips.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Companions = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["L2"] = ["L2b"],
        ["L3"] = ["L3b"],
        ["L4"] = ["L2b"],
        ["C1"] = ["C1b"],
    };

    /// <summary>Thresholded rules: their finding spans the fixed buckets that crossed the threshold.</summary>
    public static readonly IReadOnlySet<string> Windowed = new HashSet<string>(StringComparer.Ordinal) { "L2", "L2b", "L3", "L3b", "L4", "C1b" };

    /// <summary>Rules keyed by source alone: their findings name no user.</summary>
    public static readonly IReadOnlySet<string> Userless = new HashSet<string>(StringComparer.Ordinal) { "L2", "L2b", "L4", "C1b" };

    /// <summary>The scenario's own rule and its companions.</summary>
    public static IEnumerable<string> RulesOf(TruthScenario s) => [s.RuleId!, .. Companions.GetValueOrDefault(s.RuleId!) ?? []];

    /// <summary>The findings a scenario expects for <paramref name="rule"/> to count: its failures for L3/L3b (all but the final success), else all its events.</summary>
    public static long ExpectedCount(TruthScenario s, string rule) => rule is "L3" or "L3b" ? s.Events - 1 : s.Events;

    /// <summary>True when <paramref name="finding"/> names <paramref name="s"/>'s source and (if any) one of its users.</summary>
    public static bool NamesScenario(TruthFinding finding, TruthScenario s)
    {
        var sourceMatches = s.SourceIp.Length == 0 ? finding.Ip is null : finding.Ip == s.SourceIp;
        return sourceMatches && (finding.User is null || NamesUser(finding.User, s.Users ?? []));
    }

    /// <summary>True when <paramref name="finding"/> is explained by <paramref name="s"/> (rule, source, user).</summary>
    public static bool Justifies(TruthScenario s, TruthFinding finding) => RulesOf(s).Contains(finding.Rule) && NamesScenario(finding, s);

    /// <summary>A user name of the scenario, or an ARN ending in one.</summary>
    public static bool NamesUser(string user, IEnumerable<string> users)
        => users.Any(u => user == u || user.EndsWith("/" + u, StringComparison.Ordinal) || user.EndsWith(":" + u, StringComparison.Ordinal));

    /// <summary>
    /// Recall failures of <paramref name="s"/>: for its rule and each companion, the findings that
    /// name it must exist, name a user of it unless the rule is keyed by source alone (or the
    /// scenario has no user), count its events, and cover its time span (exactly, for per-event
    /// rules). Empty when the scenario is fully found.
    /// </summary>
    public static List<string> Misses(TruthScenario s, IReadOnlyList<TruthFinding> findings)
    {
        var misses = new List<string>();
        foreach (var rule in RulesOf(s))
        {
            var hits = findings.Where(f => f.Rule == rule && NamesScenario(f, s)).ToList();
            var label = $"{s.Kind} ({rule}, {(s.SourceIp.Length == 0 ? string.Join("/", s.Users ?? []) : s.SourceIp)})";
            if (hits.Count == 0)
            {
                misses.Add($"{label}: no finding");
                continue;
            }
            if (!Userless.Contains(rule) && s.Users is { Count: > 0 } && hits.Any(f => f.User is null))
                misses.Add($"{label}: finding without a user: {string.Join("; ", hits)}");
            var count = hits.Sum(f => f.Count);
            if (count != ExpectedCount(s, rule)) misses.Add($"{label}: counts {count}, expected {ExpectedCount(s, rule)}");
            var start = DateTimeOffset.Parse(s.Start, CultureInfo.InvariantCulture);
            var end = DateTimeOffset.Parse(s.End, CultureInfo.InvariantCulture);
            var first = hits.Min(f => f.Start);
            var last = hits.Max(f => f.End);
            var timeOk = Windowed.Contains(rule) ? first <= start && end < last : first == start && last == end;
            if (!timeOk) misses.Add($"{label}: spans {first:u}..{last:u}, scenario {start:u}..{end:u}");
        }
        return misses;
    }

    /// <summary>Per rule: (justified findings, findings), in rule order.</summary>
    public static SortedDictionary<string, (int Justified, int Total)> PrecisionByRule(IReadOnlyList<TruthScenario> scenarios, IReadOnlyList<TruthFinding> findings)
    {
        var byRule = new SortedDictionary<string, (int, int)>(StringComparer.Ordinal);
        foreach (var f in findings)
        {
            var (justified, total) = byRule.GetValueOrDefault(f.Rule);
            byRule[f.Rule] = (justified + (scenarios.Any(s => Justifies(s, f)) ? 1 : 0), total + 1);
        }
        return byRule;
    }

    /// <summary>
    /// Scores <paramref name="run"/>: fails on any recall miss or unjustified finding, and writes
    /// scenarios, found, findings and precision per rule to <paramref name="output"/>.
    /// </summary>
    public static void AssertRecallAndPrecision(TruthRun run, ITestOutputHelper output)
    {
        var scenarios = run.Truth.Scenarios;
        var missed = scenarios.Select(s => (s, Misses(s, run.Findings))).Where(m => m.Item2.Count > 0).ToList();
        var precision = PrecisionByRule(scenarios, run.Findings);
        var report = new StringBuilder();
        report.Append(CultureInfo.InvariantCulture,
            $"{run.Format} seed {run.Seed}, {run.Lines:N0} lines: {scenarios.Count} scenarios, {scenarios.Count - missed.Count} found, {run.Findings.Count} findings");
        report.Append(CultureInfo.InvariantCulture, $"; precision {precision.Values.Sum(p => p.Justified)}/{run.Findings.Count}; per rule:");
        foreach (var (rule, (justified, total)) in precision)
            report.Append(CultureInfo.InvariantCulture, $" {rule} {justified}/{total} ({(double)justified / total:0.###})");
        output.WriteLine(report.ToString());

        Assert.True(missed.Count == 0, "recall < 1:\n" + string.Join("\n", missed.SelectMany(m => m.Item2)));
        var unjustified = run.Findings.Where(f => !scenarios.Any(s => Justifies(s, f))).ToList();
        Assert.True(unjustified.Count == 0, "precision < 1, findings no scenario explains:\n" + string.Join("\n", unjustified));
    }
}
