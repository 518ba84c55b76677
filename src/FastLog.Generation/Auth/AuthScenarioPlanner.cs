using FastLog.Generation.Attacks;
using FastLog.Generation.Lines;
using FastLog.Generation.Sampling;

namespace FastLog.Generation.Auth;

/// <summary>
/// The auth.log scenarios (docs/detections.md L1–L6 and the R3 spoofed user name), each sized to
/// reach its rule's threshold inside one fixed bucket of the rule's window, so sliding and
/// bucketed counts both fire. One of each per million expected lines, one more per doubling.
/// </summary>
internal static class AuthScenarioPlanner
{
    /// <summary>The scenarios for a log of <paramref name="expectedLines"/> lines over <c>[startUnix, startUnix + spanSeconds)</c>.</summary>
    public static List<AttackScenario> Plan(long expectedLines, long startUnix, long spanSeconds, ulong seed)
    {
        var rng = new Xoshiro256PlusPlus(SplitMix64.Derive(seed, GenerationStreams.AttackPlan, 0));
        var instances = 1 + (int)Math.Floor(Math.Log2(Math.Max(1.0, expectedLines / 1e6)));
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var scenarios = new List<AttackScenario>();
        for (var i = 0; i < instances; i++)
        {
            // L2: 70–90 failures for root inside one 30-second bucket (also > 30 in 600 s).
            Add(scenarios, ref rng, AttackKind.SshBruteForce, "L2", i, rng.NextInclusive(70, 90), 27, 30, AddressBook.Attacker(ref rng, taken), ["root"], startUnix, spanSeconds);
            // L3: 26–29 failures (under L2's > 30) then Accepted password, all inside one 15-second bucket.
            var weak = AuthVocabulary.WeakAccounts[(int)rng.NextBelow((uint)AuthVocabulary.WeakAccounts.Length)];
            Add(scenarios, ref rng, AttackKind.SshBruteForceSuccess, "L3", i, rng.NextInclusive(26, 29) + 1, 12, 15, AddressBook.Attacker(ref rng, taken), [weak], startUnix, spanSeconds, lastAtEnd: true);
            // L4: 12–16 users, 34–45 failures inside one 5-minute bucket.
            var sprayed = Pick(AuthVocabulary.SprayNames, rng.NextInclusive(12, 16), ref rng);
            Add(scenarios, ref rng, AttackKind.SshPasswordSpraying, "L4", i, rng.NextInclusive(34, 45), 240, 300, AddressBook.Attacker(ref rng, taken), sprayed, startUnix, spanSeconds);
            // L5, L6: host-local events, no source address.
            Add(scenarios, ref rng, AttackKind.PrivilegedUserCreation, "L5", i, 1, 1, 0, "", [AuthVocabulary.BackdoorNames[i % AuthVocabulary.BackdoorNames.Length]], startUnix, spanSeconds);
            Add(scenarios, ref rng, AttackKind.ClearSyslog, "L6", i, 1, 1, 0, "", [AuthVocabulary.CleanerAccounts[i % AuthVocabulary.CleanerAccounts.Length]], startUnix, spanSeconds);
            // L1: a few fatal transport errors from one address.
            Add(scenarios, ref rng, AttackKind.SshdSuspiciousError, "L1", i, rng.NextInclusive(2, 4), 120, 0, AddressBook.Attacker(ref rng, taken), null, startUnix, spanSeconds);
            // R3: an L2-sized brute force whose user names forge " from VICTIM port 22 ssh2".
            var attacker = AddressBook.Attacker(ref rng, taken);
            string[] victims = [AddressBook.Victim(ref rng, taken), AddressBook.Victim(ref rng, taken)];
            Add(scenarios, ref rng, AttackKind.SshUserSpoofing, "L2", i, rng.NextInclusive(65, 80), 27, 30, attacker,
                [.. victims.Select(SpoofedUser)], startUnix, spanSeconds, victims: victims);
        }
        return scenarios;
    }

    /// <summary>The user name that forges <paramref name="victim"/> as the source: <c>admin from VICTIM port 22 ssh2</c>.</summary>
    public static string SpoofedUser(string victim) => $"admin from {victim} port 22 ssh2";

    private static void Add(List<AttackScenario> scenarios, ref Xoshiro256PlusPlus rng, AttackKind kind, string rule, int variant, int events,
        long window, long bucket, string address, string[]? users, long startUnix, long span, bool lastAtEnd = false, string[]? victims = null)
    {
        scenarios.Add(new AttackScenario
        {
            Index = scenarios.Count,
            Kind = kind,
            Variant = variant,
            RuleId = rule,
            SourceIp = address,
            User = users is { Length: 1 } ? users[0] : null,
            Users = users,
            Victims = victims,
            WindowStart = WindowPlacer.Start(ref rng, startUnix, span, window, bucket),
            WindowSeconds = window,
            Events = events,
            LastAtEnd = lastAtEnd,
        });
    }

    /// <summary>A random sample of <paramref name="count"/> of <paramref name="names"/> (partial Fisher–Yates).</summary>
    internal static string[] Pick(string[] names, int count, ref Xoshiro256PlusPlus rng)
    {
        var copy = (string[])names.Clone();
        // Partial Fisher–Yates: copy[..i] is the sample so far.
        for (var i = 0; i < count; i++)
        {
            var j = i + (int)rng.NextBelow((uint)(copy.Length - i));
            (copy[i], copy[j]) = (copy[j], copy[i]);
        }
        return copy[..count];
    }
}
