using System.Text;
using FastLog.Generation.Sampling;
using FastLog.Generation.Traffic;

namespace FastLog.Generation.Attacks;

/// <summary>
/// Turns one planned request of a scenario into an <see cref="AccessRecord"/>. Each request's
/// choices come from its own random stream (seed, scenario, number), so a request is the same
/// whichever segment or thread writes it.
/// </summary>
internal sealed class AttackRenderer
{
    private static ReadOnlySpan<byte> Get => "GET"u8;
    private static ReadOnlySpan<byte> Post => "POST"u8;
    private static ReadOnlySpan<byte> Http11 => "HTTP/1.1"u8;
    private static ReadOnlySpan<byte> Http10 => "HTTP/1.0"u8;

    private readonly AttackPlan _plan;
    private readonly RequestPool _requests;
    private readonly ulong _seed;
    private readonly byte[][] _addresses;
    private readonly byte[]?[] _users;

    public AttackRenderer(AttackPlan plan, RequestPool requests, ulong seed)
    {
        _plan = plan;
        _requests = requests;
        _seed = seed;
        _addresses = [.. plan.Scenarios.Select(s => Encoding.UTF8.GetBytes(s.SourceIp))];
        _users = [.. plan.Scenarios.Select(s => s.User is null ? null : Encoding.UTF8.GetBytes(s.User))];
    }

    /// <summary>Fills <paramref name="record"/> (except its time) for request <paramref name="e"/>.</summary>
    public void Render(in PlannedEvent e, ref AccessRecord record)
    {
        var scenario = _plan.Scenarios[e.Scenario];
        var v = scenario.Variant;
        var rng = new Xoshiro256PlusPlus(SplitMix64.Derive(_seed, GenerationStreams.AttackEvent, ((ulong)e.Scenario << 32) | (uint)e.Number));
        record.Ip = _addresses[e.Scenario];
        record.User = _users[e.Scenario];
        record.Method = Get;
        record.Protocol = Http11;
        record.Referer = default;
        record.Millis = 2 + rng.NextBelow(40);
        var r = rng.NextBelow(100);
        switch (scenario.Kind)
        {
            case AttackKind.BruteForce when v % 2 == 0:
                record.Method = Post;
                record.Target = AttackCatalog.LoginTargets[v / 2 % AttackCatalog.LoginTargets.Count];
                record.Status = r < 85 ? (short)401 : (short)403;
                record.Agent = AttackCatalog.BruteForceAgents[v / 2 % 3 * 2 % AttackCatalog.BruteForceAgents.Count];
                record.Millis = 150 + rng.NextBelow(200);
                break;
            case AttackKind.BruteForce:
                record.Target = AttackCatalog.BasicAuthTargets[v / 2 % AttackCatalog.BasicAuthTargets.Count];
                record.Status = 401;
                record.Agent = AttackCatalog.BruteForceAgents[(v / 2 % 3 * 2 + 1) % AttackCatalog.BruteForceAgents.Count];
                break;
            case AttackKind.DirectoryScan:
                // Wordlist order, as gobuster and ffuf walk it, from a per-scenario start.
                var words = AttackCatalog.DirectoryWords;
                record.Target = words[(int)((uint)(e.Scenario * 7919 + e.Number) % (uint)words.Count)];
                record.Status = r < 90 ? (short)404 : r < 95 ? (short)403 : r < 98 ? (short)301 : (short)200;
                record.Agent = AttackCatalog.DirectoryAgents[v % AttackCatalog.DirectoryAgents.Count];
                record.Protocol = v % 2 == 0 ? Http11 : Http10;
                break;
            case AttackKind.SqlInjection:
                record.Target = Pick(AttackCatalog.SqlInjectionTargets, ref rng);
                record.Status = r < 60 ? (short)200 : r < 85 ? (short)500 : (short)403;
                record.Agent = AttackCatalog.SqlInjectionAgents[v % AttackCatalog.SqlInjectionAgents.Count];
                record.Millis = r < 70 ? record.Millis : 5_000 + rng.NextBelow(100);
                break;
            case AttackKind.PathTraversal:
                record.Target = Pick(AttackCatalog.TraversalTargets, ref rng);
                record.Status = r < 30 ? (short)400 : r < 60 ? (short)403 : r < 80 ? (short)404 : (short)200;
                record.Agent = AttackCatalog.TraversalAgents[v % AttackCatalog.TraversalAgents.Count];
                break;
            case AttackKind.Xss:
                record.Target = Pick(AttackCatalog.XssTargets, ref rng);
                record.Status = r < 80 ? (short)200 : r < 90 ? (short)400 : (short)403;
                record.Agent = AttackCatalog.XssAgents[v % AttackCatalog.XssAgents.Count];
                record.Referer = "https://www.example.com/search"u8;
                break;
            case AttackKind.Jndi:
                // The payload rides in the target, the user agent or the referer.
                record.Agent = AttackCatalog.JndiPlainAgents[v % AttackCatalog.JndiPlainAgents.Count];
                record.Target = r < 60 ? Pick(AttackCatalog.JndiTargets, ref rng) : "/"u8;
                if (r >= 60 && r < 90) record.Agent = Pick(AttackCatalog.JndiAgents, ref rng);
                else if (r >= 90) record.Referer = Pick(AttackCatalog.JndiReferers, ref rng);
                record.Status = r < 50 ? (short)400 : r < 80 ? (short)200 : (short)404;
                break;
            case AttackKind.ReconTool:
                record.Target = Pick(AttackCatalog.ReconTargets, ref rng);
                record.Status = r < 70 ? (short)404 : r < 85 ? (short)200 : r < 95 ? (short)403 : (short)301;
                record.Agent = AttackCatalog.ReconAgents[v % AttackCatalog.ReconAgents.Count];
                record.Method = r % 9 == 0 ? "HEAD"u8 : Get;
                break;
            case AttackKind.SecretFiles:
                record.Target = AttackCatalog.SecretTargets[(int)((uint)(e.Scenario * 31 + e.Number) % (uint)AttackCatalog.SecretTargets.Count)];
                record.Status = r < 70 ? (short)404 : r < 95 ? (short)403 : (short)200;
                record.Agent = AttackCatalog.SecretAgents[v % AttackCatalog.SecretAgents.Count];
                break;
            default: // RateBot
                var pages = _requests.Pages;
                var page = pages[(int)(rng.NextBelow((uint)Math.Min(pages.Length, 3_000)))];
                record.Target = _requests.Targets[page];
                record.Status = r < 93 ? (short)200 : r < 98 ? (short)429 : (short)404;
                record.Agent = AttackCatalog.RateBotAgents[v % AttackCatalog.RateBotAgents.Count];
                record.Bytes = record.Status == 200 ? _requests.BaseSizes[page] + rng.NextBelow(2_000) : 162;
                record.Millis = 20 + rng.NextBelow(200);
                return;
        }
        record.Bytes = record.Method.SequenceEqual("HEAD"u8) ? -1 : record.Status switch
        {
            200 => 1_500 + rng.NextBelow(30_000),
            301 => 162,
            401 => 172 + rng.NextBelow(8),
            403 => 146,
            404 => 146 + rng.NextBelow(4),
            500 => 170,
            _ => 150,
        };
    }

    private static ReadOnlySpan<byte> Pick(FrozenUtf8Strings items, scoped ref Xoshiro256PlusPlus rng) => items[(int)rng.NextBelow((uint)items.Count)];
}
