using FastLog.Generation.Attacks;
using FastLog.Generation.Lines;
using FastLog.Generation.Sampling;

namespace FastLog.Generation.Github;

/// <summary>
/// GH Archive events as NDJSON: the type mix of real hourly archives (about half PushEvent),
/// Zipf-distributed actors and repositories (<see cref="GithubVocabulary"/>), increasing ids and
/// <c>created_at</c>, type-specific payloads. No attacks.
/// </summary>
internal sealed class GithubSegmentGenerator : LineSegmentGenerator<GithubSegmentGenerator.Context>
{
    /// <summary>Average line length (measured), turning <c>--size</c> into lines.</summary>
    public const int AverageLineBytes = 1_000;
    private const int MaxLineBytes = 6_144;
    private const long FirstEventId = 35_000_000_000;

    /// <summary>Per-segment timestamps.</summary>
    internal sealed class Context
    {
        public readonly TimestampTexts Time = new();
    }

    private static readonly string[] Types =
    [
        "PushEvent", "CreateEvent", "PullRequestEvent", "IssueCommentEvent", "WatchEvent", "IssuesEvent", "DeleteEvent", "ForkEvent",
        "PullRequestReviewEvent", "PullRequestReviewCommentEvent", "ReleaseEvent", "PublicEvent", "GollumEvent", "MemberEvent", "CommitCommentEvent",
    ];
    // Per-1000 cumulative cut points, in Types order: Push 52 %, Create 11 %, PullRequest 9 %, IssueComment 7 %, Watch 6 %, …
    private static readonly int[] TypeCut = [520, 630, 720, 790, 850, 890, 924, 954, 979, 989, 993, 996, 998, 999, 1000];

    private readonly GithubVocabulary _v;
    private readonly FrozenUtf8Strings _types = Freeze(Types);
    private readonly FrozenUtf8Strings _messages = Freeze(GithubVocabulary.CommitMessages);
    private readonly FrozenUtf8Strings _titles = Freeze(GithubVocabulary.Titles);
    private readonly FrozenUtf8Strings _bodies = Freeze(GithubVocabulary.Bodies);
    private readonly FrozenUtf8Strings _branches = Freeze(GithubVocabulary.Branches);
    private readonly FrozenUtf8Strings _paths = Freeze(GithubVocabulary.Paths);

    /// <summary>Builds the actors and repositories for <paramref name="options"/>.</summary>
    public GithubSegmentGenerator(GenerationOptions options)
        : base(options, AverageLineBytes, MaxLineBytes, planner: null)
        => _v = new GithubVocabulary(options.Seed);

    /// <inheritdoc/>
    protected override Context CreateContext() => new();

    /// <inheritdoc/>
    protected override void WriteEvent(ref ByteCursor c, ref Xoshiro256PlusPlus rng, AttackScenario scenario, int number, long time, Context context)
        => throw new InvalidOperationException("GitHub logs have no attack scenarios");

    /// <inheritdoc/>
    protected override LineKind WriteBackground(ref ByteCursor c, ref Xoshiro256PlusPlus rng, long line, long time, Context x)
    {
        var r = (int)rng.NextBelow(1000);
        var type = 0;
        while (r >= TypeCut[type]) type++;
        var actor = _v.ActorTable.Sample(ref rng);
        var repo = _v.RepoTable.Sample(ref rng);
        c.Write("{\"id\":\""u8);
        // Ids grow with the line: three per line, so they stay unique and increasing.
        c.WriteDecimal((ulong)(FirstEventId + line * 3 + rng.NextBelow(3)));
        c.Write("\",\"type\":\""u8);
        c.Write(_types[type]);
        c.Write("\",\"actor\":"u8);
        c.Write(_v.Actors[actor]);
        c.Write(",\"repo\":"u8);
        c.Write(_v.Repos[repo]);
        c.Write(",\"payload\":"u8);
        Payload(ref c, ref rng, type, actor, repo, time, x);
        c.Write(",\"public\":true,\"created_at\":\""u8);
        x.Time.WriteIso(ref c, time);
        c.Write("Z\""u8);
        c.Write(_v.Orgs[repo]);
        c.Write("}\n"u8);
        return LineKind.Record;
    }

    private void Payload(ref ByteCursor c, ref Xoshiro256PlusPlus rng, int type, int actor, int repo, long time, Context x)
    {
        var number = 1 + (int)rng.NextBelow(2_000);
        switch (type)
        {
            case 0: // PushEvent
            {
                var size = 1 + (int)rng.NextBelow(rng.NextBelow(5) == 0 ? 8u : 2u);
                c.Write("{\"repository_id\":"u8);
                c.WriteDecimal(rng.NextBelow(700_000_000));
                c.Write(",\"push_id\":"u8);
                c.WriteDecimal(17_000_000_000UL + rng.NextBelow(1_000_000_000));
                c.Write(",\"size\":"u8);
                c.WriteDecimal((ulong)size);
                c.Write(",\"distinct_size\":"u8);
                c.WriteDecimal((ulong)size);
                c.Write(",\"ref\":\"refs/heads/"u8);
                c.Write(Pick(_branches, ref rng));
                c.Write("\",\"head\":\""u8);
                Sha(ref c, ref rng);
                c.Write("\",\"before\":\""u8);
                Sha(ref c, ref rng);
                c.Write("\",\"commits\":["u8);
                for (var i = 0; i < size; i++)
                {
                    if (i > 0) c.Write((byte)',');
                    c.Write("{\"sha\":\""u8);
                    Sha(ref c, ref rng);
                    c.Write("\",\"author\":{\"email\":\""u8);
                    c.Write(_v.Logins[actor]);
                    c.Write("@users.noreply.github.com\",\"name\":\""u8);
                    c.Write(_v.Logins[actor]);
                    c.Write("\"},\"message\":\""u8);
                    c.Write(Pick(_messages, ref rng));
                    c.Write("\",\"distinct\":true,\"url\":\"https://api.github.com/repos/"u8);
                    c.Write(_v.RepoNames[repo]);
                    c.Write("/commits/"u8);
                    Sha(ref c, ref rng);
                    c.Write("\"}"u8);
                }
                c.Write("]}"u8);
                break;
            }
            case 1: // CreateEvent
                var kind = rng.NextBelow(10);
                if (kind < 3) c.Write("{\"ref\":null,\"ref_type\":\"repository\""u8);
                else
                {
                    c.Write("{\"ref\":\""u8);
                    if (kind < 9) c.Write(Pick(_branches, ref rng));
                    else
                    {
                        c.Write("v"u8);
                        c.WriteDecimal(rng.NextBelow(4));
                        c.Write((byte)'.');
                        c.WriteDecimal(rng.NextBelow(20));
                    }
                    c.Write(kind < 9 ? "\",\"ref_type\":\"branch\""u8 : "\",\"ref_type\":\"tag\""u8);
                }
                c.Write(",\"master_branch\":\"main\",\"description\":\""u8);
                c.Write(Pick(_titles, ref rng));
                c.Write("\",\"pusher_type\":\"user\"}"u8);
                break;
            case 2: // PullRequestEvent
                c.Write(rng.NextBelow(2) == 0 ? "{\"action\":\"opened\",\"number\":"u8 : "{\"action\":\"closed\",\"number\":"u8);
                c.WriteDecimal((ulong)number);
                c.Write(",\"pull_request\":{\"url\":\"https://api.github.com/repos/"u8);
                c.Write(_v.RepoNames[repo]);
                c.Write("/pulls/"u8);
                c.WriteDecimal((ulong)number);
                c.Write("\",\"id\":"u8);
                c.WriteDecimal(1_500_000_000UL + rng.NextBelow(300_000_000));
                c.Write(",\"html_url\":\"https://github.com/"u8);
                c.Write(_v.RepoNames[repo]);
                c.Write("/pull/"u8);
                c.WriteDecimal((ulong)number);
                c.Write("\",\"number\":"u8);
                c.WriteDecimal((ulong)number);
                c.Write(",\"state\":\"open\",\"locked\":false,\"title\":\""u8);
                c.Write(Pick(_titles, ref rng));
                c.Write("\",\"user\":"u8);
                c.Write(_v.Users[actor]);
                c.Write(",\"body\":\""u8);
                c.Write(Pick(_bodies, ref rng));
                c.Write("\",\"created_at\":\""u8);
                x.Time.WriteIso(ref c, time - rng.NextBelow(86_400));
                c.Write("Z\",\"updated_at\":\""u8);
                x.Time.WriteIso(ref c, time);
                c.Write("Z\",\"head\":{\"ref\":\""u8);
                c.Write(Pick(_branches, ref rng));
                c.Write("\",\"sha\":\""u8);
                Sha(ref c, ref rng);
                c.Write("\"},\"base\":{\"ref\":\"main\",\"sha\":\""u8);
                Sha(ref c, ref rng);
                c.Write("\"},\"merged\":false,\"comments\":"u8);
                c.WriteDecimal(rng.NextBelow(12));
                c.Write(",\"commits\":"u8);
                c.WriteDecimal(1 + rng.NextBelow(9));
                c.Write(",\"additions\":"u8);
                c.WriteDecimal(rng.NextBelow(900));
                c.Write(",\"deletions\":"u8);
                c.WriteDecimal(rng.NextBelow(400));
                c.Write(",\"changed_files\":"u8);
                c.WriteDecimal(1 + rng.NextBelow(30));
                c.Write("}}"u8);
                break;
            case 3: // IssueCommentEvent
                c.Write("{\"action\":\"created\",\"issue\":"u8);
                Issue(ref c, ref rng, number, repo, actor);
                c.Write(",\"comment\":{\"id\":"u8);
                c.WriteDecimal(750_000_000UL + rng.NextBelow(200_000_000));
                c.Write(",\"user\":"u8);
                c.Write(_v.Users[actor]);
                c.Write(",\"created_at\":\""u8);
                x.Time.WriteIso(ref c, time);
                c.Write("Z\",\"body\":\""u8);
                c.Write(Pick(_bodies, ref rng));
                c.Write("\"}}"u8);
                break;
            case 4: // WatchEvent
                c.Write("{\"action\":\"started\"}"u8);
                break;
            case 5: // IssuesEvent
                c.Write(rng.NextBelow(3) == 0 ? "{\"action\":\"closed\",\"issue\":"u8 : "{\"action\":\"opened\",\"issue\":"u8);
                Issue(ref c, ref rng, number, repo, actor);
                c.Write((byte)'}');
                break;
            case 6: // DeleteEvent
                c.Write("{\"ref\":\""u8);
                c.Write(Pick(_branches, ref rng));
                c.Write("\",\"ref_type\":\"branch\",\"pusher_type\":\"user\"}"u8);
                break;
            case 7: // ForkEvent
                c.Write("{\"forkee\":{\"id\":"u8);
                c.WriteDecimal(700_000_000UL + rng.NextBelow(100_000_000));
                c.Write(",\"full_name\":\""u8);
                c.Write(_v.Logins[actor]);
                c.Write("/fork-"u8);
                c.WriteDecimal((ulong)repo);
                c.Write("\",\"owner\":"u8);
                c.Write(_v.Users[actor]);
                c.Write(",\"private\":false,\"fork\":true}}"u8);
                break;
            case 8: // PullRequestReviewEvent
                c.Write("{\"action\":\"created\",\"review\":{\"id\":"u8);
                c.WriteDecimal(1_800_000_000UL + rng.NextBelow(100_000_000));
                c.Write(",\"user\":"u8);
                c.Write(_v.Users[actor]);
                c.Write(rng.NextBelow(2) == 0 ? ",\"body\":null,\"state\":\"approved\",\"submitted_at\":\""u8 : ",\"body\":null,\"state\":\"commented\",\"submitted_at\":\""u8);
                x.Time.WriteIso(ref c, time);
                c.Write("Z\"},\"pull_request\":{\"number\":"u8);
                c.WriteDecimal((ulong)number);
                c.Write(",\"title\":\""u8);
                c.Write(Pick(_titles, ref rng));
                c.Write("\"}}"u8);
                break;
            case 9: // PullRequestReviewCommentEvent
                c.Write("{\"action\":\"created\",\"comment\":{\"id\":"u8);
                c.WriteDecimal(1_300_000_000UL + rng.NextBelow(100_000_000));
                c.Write(",\"path\":\""u8);
                c.Write(Pick(_paths, ref rng));
                c.Write("\",\"body\":\""u8);
                c.Write(Pick(_bodies, ref rng));
                c.Write("\",\"user\":"u8);
                c.Write(_v.Users[actor]);
                c.Write("},\"pull_request\":{\"number\":"u8);
                c.WriteDecimal((ulong)number);
                c.Write("}}"u8);
                break;
            case 10: // ReleaseEvent
                c.Write("{\"action\":\"published\",\"release\":{\"id\":"u8);
                c.WriteDecimal(140_000_000UL + rng.NextBelow(10_000_000));
                c.Write(",\"tag_name\":\"v1."u8);
                c.WriteDecimal(rng.NextBelow(30));
                c.Write("\",\"draft\":false,\"prerelease\":false,\"body\":\""u8);
                c.Write(Pick(_bodies, ref rng));
                c.Write("\"}}"u8);
                break;
            case 11: // PublicEvent
                c.Write("{}"u8);
                break;
            case 12: // GollumEvent
                c.Write("{\"pages\":[{\"page_name\":\"Home\",\"title\":\"Home\",\"action\":\"edited\",\"sha\":\""u8);
                Sha(ref c, ref rng);
                c.Write("\",\"html_url\":\"https://github.com/"u8);
                c.Write(_v.RepoNames[repo]);
                c.Write("/wiki/Home\"}]}"u8);
                break;
            case 13: // MemberEvent
                c.Write("{\"member\":"u8);
                c.Write(_v.Users[_v.ActorTable.Sample(ref rng)]);
                c.Write(",\"action\":\"added\"}"u8);
                break;
            default: // CommitCommentEvent
                c.Write("{\"comment\":{\"id\":"u8);
                c.WriteDecimal(60_000_000UL + rng.NextBelow(10_000_000));
                c.Write(",\"commit_id\":\""u8);
                Sha(ref c, ref rng);
                c.Write("\",\"body\":\""u8);
                c.Write(Pick(_bodies, ref rng));
                c.Write("\",\"user\":"u8);
                c.Write(_v.Users[actor]);
                c.Write("}}"u8);
                break;
        }
    }

    private void Issue(ref ByteCursor c, ref Xoshiro256PlusPlus rng, int number, int repo, int actor)
    {
        c.Write("{\"url\":\"https://api.github.com/repos/"u8);
        c.Write(_v.RepoNames[repo]);
        c.Write("/issues/"u8);
        c.WriteDecimal((ulong)number);
        c.Write("\",\"number\":"u8);
        c.WriteDecimal((ulong)number);
        c.Write(",\"title\":\""u8);
        c.Write(Pick(_titles, ref rng));
        c.Write("\",\"user\":"u8);
        c.Write(_v.Users[actor]);
        c.Write(",\"state\":\"open\",\"comments\":"u8);
        c.WriteDecimal(rng.NextBelow(25));
        c.Write((byte)'}');
    }

    private static void Sha(ref ByteCursor c, ref Xoshiro256PlusPlus rng)
    {
        c.WriteHexFixed(rng.NextUInt64(), 16);
        c.WriteHexFixed(rng.NextUInt64(), 16);
        c.WriteHexFixed(rng.NextUInt64(), 8);
    }

    private static ReadOnlySpan<byte> Pick(FrozenUtf8Strings items, scoped ref Xoshiro256PlusPlus rng) => items[(int)rng.NextBelow((uint)items.Count)];

    private static FrozenUtf8Strings Freeze(string[] items)
    {
        var pool = new Utf8StringPool();
        foreach (var item in items) pool.Add(item);
        return pool.Freeze();
    }
}
