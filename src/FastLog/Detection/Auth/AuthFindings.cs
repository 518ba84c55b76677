using FastLog.Aggregation.Tables;

namespace FastLog.Detection.Auth;

/// <summary>Turns a merged <see cref="AuthDetectionAggregator"/> into findings, in report order.</summary>
public static class AuthFindings
{
    /// <summary>
    /// The findings: per-event hits per (rule, host, source, user); windowed rules one finding per
    /// subject over the buckets that crossed the threshold (events = the failures in those
    /// buckets, first/last = their bounds). Depends only on the merged state.
    /// </summary>
    public static List<Finding> Extract(AuthDetectionAggregator state)
    {
        var options = state.Options;
        var findings = state.Events.Findings(AuthRules.All);

        // L2 / L2b per (host, source): L2 only from sources outside the private networks (Elastic's external variant).
        var bruteForce = new Windows();
        for (var b = 0; b < state.BruteForce.Count; b++)
        {
            if (state.BruteForce.Counts[b] < options.BruteForceFailures) continue;
            var pair = BucketKey.Subject(state.BruteForce.KeyOf(b));
            var (_, ip, _) = Decode(state.Pairs, pair);
            if (options.Addresses.Classify(ip ?? []) == AddressClass.Internal) continue;
            bruteForce.Add(pair, state.BruteForce, b, options.BruteForceWindowSeconds);
        }
        var legacy = new Windows();
        for (var b = 0; b < state.LegacyBruteForce.Count; b++)
            if (state.LegacyBruteForce.Counts[b] > options.LegacyBruteForceFailures)
                legacy.Add(BucketKey.Subject(state.LegacyBruteForce.KeyOf(b)), state.LegacyBruteForce, b, options.LegacyBruteForceWindowSeconds);
        foreach (var (rule, windows) in new[] { (AuthRules.BruteForce, bruteForce), (AuthRules.LegacyBruteForce, legacy) })
        {
            foreach (var (pair, w) in windows.BySubject)
            {
                var (host, ip, _) = Decode(state.Pairs, pair);
                findings.Add(w.ToFinding(rule, ip, Evidence(state.PairEvidence, pair)) with { Host = host });
            }
        }

        // L4 per source: distinct users and failures in one bucket.
        var usersPerBucket = new long[state.Spray.Count];
        foreach (var key in state.SprayUsers.Keys) usersPerBucket[(int)(key >> 32)]++;
        var spray = new Windows();
        for (var b = 0; b < state.Spray.Count; b++)
            if (usersPerBucket[b] > options.SprayUsers && state.Spray.Counts[b] >= options.SprayFailures)
                spray.Add(BucketKey.Subject(state.Spray.KeyOf(b)), state.Spray, b, options.SprayWindowSeconds);
        if (spray.BySubject.Count > 0)
        {
            // Evidence of a source: the first failure lines over every host it tried.
            var pairsOfIp = new Dictionary<string, List<List<Evidence>?>>(StringComparer.Ordinal);
            for (var p = 0; p < state.Pairs.Count; p++)
            {
                var key = Convert.ToHexString(Decode(state.Pairs, p).Ip ?? []);
                if (!pairsOfIp.TryGetValue(key, out var lists)) pairsOfIp[key] = lists = [];
                lists.Add(p < state.PairEvidence.Length ? state.PairEvidence[p] : null);
            }
            foreach (var (source, w) in spray.BySubject)
            {
                var ip = state.Ips.KeyOf(source).ToArray();
                findings.Add(w.ToFinding(AuthRules.PasswordSpraying, ip, EvidenceList.FirstOf(pairsOfIp.GetValueOrDefault(Convert.ToHexString(ip)) ?? [])));
            }
        }

        // L3 / L3b per (host, source, user).
        foreach (var (rule, table, seconds) in new[]
        {
            (AuthRules.SuccessfulBruteForce, state.Successful, options.SuccessfulBruteForceWindowSeconds),
            (AuthRules.SuccessAfterFailures, state.SuccessAfter, options.SuccessAfterFailuresWindowSeconds),
        })
        {
            var windows = new Windows();
            for (var b = 0; b < table.Buckets.Count; b++)
                if (table.Holds(b)) windows.Add(BucketKey.Subject(table.Buckets.KeyOf(b)), table.Buckets, b, seconds);
            foreach (var (triple, w) in windows.BySubject)
            {
                var (host, ip, user) = Decode(state.Triples, triple);
                findings.Add(w.ToFinding(rule, ip, Evidence(state.TripleEvidence, triple)) with { Host = host, User = user });
            }
        }

        findings.Sort(FindingOrder.Compare);
        return findings;
    }

    private static IReadOnlyList<Evidence> Evidence(List<Evidence>?[] lists, int id) => id < lists.Length ? lists[id] ?? [] : [];

    /// <summary>The (host, source, user) parts of a subject key; user is null for a (host, source) key.</summary>
    private static (byte[]? Host, byte[]? Ip, byte[]? User) Decode(SymbolTable subjects, int id)
    {
        var key = subjects.KeyOf(id);
        var position = 0;
        var host = SubjectKey.Read(key, ref position);
        var ip = SubjectKey.Read(key, ref position);
        var user = position < key.Length ? SubjectKey.Read(key, ref position) : null;
        return (host, ip, user);
    }

    /// <summary>The buckets over a threshold, summed per subject id.</summary>
    private sealed class Windows
    {
        public readonly SortedDictionary<int, Window> BySubject = [];

        public void Add(int subject, LongKeyTable buckets, int bucketId, long seconds)
        {
            var start = BucketKey.Bucket(buckets.KeyOf(bucketId)) * seconds;
            var w = BySubject.GetValueOrDefault(subject, new Window(0, 0, long.MaxValue, long.MinValue));
            BySubject[subject] = new Window(w.Events + buckets.Counts[bucketId], w.Count + 1, Math.Min(w.First, start), Math.Max(w.Last, start + seconds));
        }
    }

    private readonly record struct Window(long Events, long Count, long First, long Last)
    {
        public Finding ToFinding(DetectionRule rule, byte[]? ip, IReadOnlyList<Evidence> evidence)
            => new(rule, ip ?? [], Events, Count, First, Last, null, null, evidence);
    }
}
