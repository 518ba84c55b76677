using FastLog.Generation.Attacks;
using FastLog.Generation.Lines;
using FastLog.Generation.Sampling;

namespace FastLog.Generation.CloudTrail;

/// <summary>
/// The CloudTrail scenarios, one per rule C1–C13 of docs/detections.md (one more set per doubling
/// past a million lines), each from its own attacker address. C1's failures lie inside one
/// aligned 10-minute bucket, more than 20 of them.
/// </summary>
internal static class CloudTrailScenarioPlanner
{
    /// <summary>The compromised IAM user most scenarios act as.</summary>
    public const string Intruder = "ci-legacy";
    /// <summary>Failed console logins for unknown users show this user name.</summary>
    public const string Hidden = "HIDDEN_DUE_TO_SECURITY_REASONS";

    /// <summary>The scenarios for a log of <paramref name="expectedLines"/> lines over <c>[startUnix, startUnix + spanSeconds)</c>.</summary>
    public static List<AttackScenario> Plan(long expectedLines, long startUnix, long spanSeconds, ulong seed)
    {
        var rng = new Xoshiro256PlusPlus(SplitMix64.Derive(seed, GenerationStreams.AttackPlan, 0));
        var instances = 1 + (int)Math.Floor(Math.Log2(Math.Max(1.0, expectedLines / 1e6)));
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var list = new List<AttackScenario>();
        for (var i = 0; i < instances; i++)
        {
            Add(list, ref rng, taken, AttackKind.ConsoleLoginBruteForce, "C1", i, rng.NextInclusive(22, 30), 500, 600, [Hidden, "alice", "carol"], startUnix, spanSeconds);
            Add(list, ref rng, taken, AttackKind.ConsoleLoginWithoutMfa, "C2", i, 1, 1, 0, ["dave.contractor"], startUnix, spanSeconds);
            Add(list, ref rng, taken, AttackKind.RootUsage, "C3", i, 3, 600, 0, ["root"], startUnix, spanSeconds);
            Add(list, ref rng, taken, AttackKind.TrailDisabled, "C4", i, 2, 120, 0, [Intruder], startUnix, spanSeconds);
            Add(list, ref rng, taken, AttackKind.GuardDutyDeleted, "C5", i, 1, 1, 0, [Intruder], startUnix, spanSeconds);
            Add(list, ref rng, taken, AttackKind.ConfigDisabled, "C6", i, 2, 120, 0, [Intruder], startUnix, spanSeconds);
            Add(list, ref rng, taken, AttackKind.BackdoorAccessKey, "C7", i, 1, 1, 0, [Intruder, "alice"], startUnix, spanSeconds);
            Add(list, ref rng, taken, AttackKind.LoginProfileChanged, "C8", i, 1, 1, 0, [Intruder, "carol"], startUnix, spanSeconds);
            Add(list, ref rng, taken, AttackKind.SecurityGroupOpened, "C9", i, 1, 1, 0, [Intruder], startUnix, spanSeconds);
            Add(list, ref rng, taken, AttackKind.BucketEnumeration, "C10", i, rng.NextInclusive(1, 3), 300, 0, [Intruder], startUnix, spanSeconds);
            Add(list, ref rng, taken, AttackKind.TruffleHog, "C11", i, 1, 1, 0, ["deploy-bot"], startUnix, spanSeconds);
            Add(list, ref rng, taken, AttackKind.ImdsCredentialsOutside, "C12", i, 3, 300, 0, ["i-0" + Hex(ref rng, 16)], startUnix, spanSeconds);
            Add(list, ref rng, taken, AttackKind.BucketDeleted, "C13", i, 1, 1, 0, [Intruder], startUnix, spanSeconds);
        }
        return list;
    }

    private static string Hex(ref Xoshiro256PlusPlus rng, int digits) => rng.NextUInt64().ToString("x16", System.Globalization.CultureInfo.InvariantCulture)[..digits];

    private static void Add(List<AttackScenario> list, ref Xoshiro256PlusPlus rng, HashSet<string> taken, AttackKind kind, string rule, int variant,
        int events, long window, long bucket, string[] users, long startUnix, long span)
    {
        list.Add(new AttackScenario
        {
            Index = list.Count,
            Kind = kind,
            Variant = variant,
            RuleId = rule,
            SourceIp = AddressBook.Attacker(ref rng, taken),
            User = users[0],
            Users = users,
            WindowStart = WindowPlacer.Start(ref rng, startUnix, span, window, bucket),
            WindowSeconds = window,
            Events = events,
        });
    }
}
