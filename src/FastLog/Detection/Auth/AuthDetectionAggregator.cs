using FastLog.Aggregation;
using FastLog.Aggregation.Tables;
using FastLog.Columns;
using FastLog.Partials;

namespace FastLog.Detection.Auth;

/// <summary>
/// Evaluates the auth rules L1–L6 over auth.log batches (<see cref="LogFormat.Auth"/>), per
/// worker, mergeably.
/// </summary>
/// <remarks>
/// <para>
/// Keyword rules (L1, L5, L6) search the syslog message, never the header, and ignore hits in
/// text a remote client chose (<see cref="TrustedKeywords"/>); L1 also needs an sshd program
/// (Sigma <c>service: sshd</c>) and L6 searches the sudo <c>COMMAND=</c> when the line has one.
/// Hits are kept per (rule, host, source, user) with their count, time span and first lines.
/// </para>
/// <para>
/// Windowed rules key on the source address the parser took from the server's grammar
/// (<see cref="LogBatch.Ip"/>), never on text found in a user name, and count each record with
/// its syslog repeat weight. Buckets are fixed and epoch-aligned. L2/L2b group failures by
/// (host, source): Elastic also groups by user, but an attacker rotating user names would then
/// split the count below the threshold, and L4 does not see fewer than 11 users. L4 groups by
/// source alone (Elastic ES|QL). L3/L3b group by (host, source, user) as both public rules do,
/// with the exact ordered state of <see cref="OrderedLoginTable"/>. Failures are the events of
/// <see cref="AuthEventNames.IsFailure"/>, each weighed by its <see cref="LogField.Failures"/>: the
/// <c>Invalid user</c> line, PAM's lines and the <c>Failed password</c> line of one attempt in one
/// sshd session count once (docs/auth-events.md, "Counting failures").
/// </para>
/// </remarks>
public sealed class AuthDetectionAggregator : IAggregator
{
    private static readonly byte[] s_sshd = "sshd"u8.ToArray();

    private readonly AuthRuleOptions _options;
    private readonly TableBudget _budget;

    /// <summary>Per-event hits of L1, L5, L6, indexed by <see cref="AuthRules.All"/>.</summary>
    internal readonly EventHitTable Events;
    /// <summary>(host, source) subjects of L2/L2b.</summary>
    internal readonly SymbolTable Pairs;
    /// <summary>(host, source, user) subjects of L3/L3b.</summary>
    internal readonly SymbolTable Triples;
    /// <summary>Sources of L4.</summary>
    internal readonly SymbolTable Ips;
    /// <summary>User names of failures (L4 distinct users).</summary>
    internal readonly SymbolTable Users;
    /// <summary>L2: (pair, bucket) failures.</summary>
    internal readonly LongKeyTable BruteForce;
    /// <summary>L2b: (pair, bucket) failures.</summary>
    internal readonly LongKeyTable LegacyBruteForce;
    /// <summary>L4: (source, bucket) failures.</summary>
    internal readonly LongKeyTable Spray;
    /// <summary>L4: (spray bucket id, user id) pairs, i.e. the distinct users per bucket.</summary>
    internal readonly LongHashSet SprayUsers;
    /// <summary>L3 state per (triple, bucket).</summary>
    internal readonly OrderedLoginTable Successful;
    /// <summary>L3b state per (triple, bucket).</summary>
    internal readonly OrderedLoginTable SuccessAfter;
    /// <summary>First failure lines per pair (evidence of L2, L2b, L4).</summary>
    internal List<Evidence>?[] PairEvidence = new List<Evidence>?[64];
    /// <summary>First accepted lines per triple (evidence of L3, L3b).</summary>
    internal List<Evidence>?[] TripleEvidence = new List<Evidence>?[64];

    private char[] _message = new char[512];
    private char[] _command = new char[256];
    private byte[] _key = new byte[128];

    /// <summary>Creates an empty state; every table holds at most <paramref name="budget"/>'s keys.</summary>
    public AuthDetectionAggregator(TableBudget budget, AuthRuleOptions? options = null)
    {
        _options = options ?? AuthRuleOptions.Default;
        _budget = budget with { MaxKeys = Math.Min(budget.MaxKeys, BucketKey.MaxIds) };
        Events = new EventHitTable(_budget);
        Pairs = new SymbolTable(_budget, 64);
        Triples = new SymbolTable(_budget, 64);
        Ips = new SymbolTable(_budget, 64);
        Users = new SymbolTable(_budget, 64);
        BruteForce = new LongKeyTable(_budget.MaxKeys);
        LegacyBruteForce = new LongKeyTable(_budget.MaxKeys);
        Spray = new LongKeyTable(_budget.MaxKeys);
        SprayUsers = new LongHashSet(_budget.MaxKeys);
        Successful = new OrderedLoginTable(_options.SuccessfulBruteForceFailures, _budget.MaxKeys);
        SuccessAfter = new OrderedLoginTable(_options.SuccessAfterFailuresCount, _budget.MaxKeys);
    }

    /// <summary>The thresholds this state counts for.</summary>
    public AuthRuleOptions Options => _options;

    /// <inheritdoc/>
    public void Consume(LogBatch batch, ReadOnlySpan<byte> block)
    {
        if (batch.Format != LogFormat.Auth) return;
        var events = batch.NumberColumn(LogField.Event)!;
        var hosts = batch.TextColumn(LogField.Host)!;
        var apps = batch.TextColumn(LogField.App)!;
        var messages = batch.TextColumn(LogField.Message)!;
        var commands = batch.TextColumn(LogField.Command)!;
        var repeats = batch.Repeats;
        var failures = batch.NumberColumn(LogField.Failures);
        // Invariant: r < batch.Count; every range of the batch lies within block.
        for (var r = 0; r < batch.Count; r++)
        {
            // A repeat line stands for N occurrences; an absent or nonsensical weight counts once.
            var weight = repeats is null || repeats[r] < 1 ? 1 : repeats[r];
            if (!messages[r].IsNull) MatchKeywords(batch, r, block, hosts[r], apps[r], messages[r], commands[r], weight);

            var ip = batch.Ip[r];
            if (ip.IsNull) continue; // no source address: nothing to attribute a login to
            var code = events[r];
            var ev = code >= 0 && code < AuthEventNames.Names.Count ? (AuthEvent)code : AuthEvent.Other;
            var failure = AuthEventNames.IsFailure(ev);
            if (!failure && ev != AuthEvent.Accepted) continue;
            // The parser weighs each failure line by the attempts no other line of its session counted (repeats included).
            if (failure && failures is not null && failures[r] != LogBatch.NullNumber) weight = failures[r];
            CountLogin(batch, r, block, hosts[r], ip, batch.User[r], failure, weight);
        }
    }

    private void MatchKeywords(LogBatch batch, int r, ReadOnlySpan<byte> block, ByteRange host, ByteRange app, ByteRange messageRange, ByteRange commandRange, long weight)
    {
        var messageBytes = messageRange.Slice(block);
        if (!AuthRules.AnyKeyword.MayContainAny(messageBytes)) return; // nearly every line
        var message = Latin1Text.Widen(messageBytes, ref _message);
        var user = batch.User[r];
        var userStart = UserStart(messageRange, user, block);
        var userLength = user.IsNull ? 0 : user.Length;

        if (!app.IsNull && app.Slice(block).StartsWith(s_sshd)
            && TrustedKeywords.Contains(message, AuthRules.SshdErrors, AuthRules.SshdErrorTokens, userStart, userLength))
            Events.Add(RuleIndex(AuthRules.SuspiciousSshdError), batch, r, block, host, batch.Ip[r], user, weight);

        if (TrustedKeywords.Contains(message, AuthRules.NewUser, AuthRules.NewUserTokens, userStart, userLength)
            && TrustedKeywords.Contains(message, AuthRules.PrivilegedIds, AuthRules.PrivilegedIdTokens, userStart, userLength))
            Events.Add(RuleIndex(AuthRules.PrivilegedUserCreated), batch, r, block, host, batch.Ip[r], user, weight);

        // L6: the sudo COMMAND= is the command the user ran; it is the signal, so no user text is masked there.
        var scope = commandRange.IsNull ? message : Latin1Text.Widen(commandRange.Slice(block), ref _command);
        var scopeUserStart = commandRange.IsNull ? userStart : -1;
        if (TrustedKeywords.Contains(scope, AuthRules.ClearSyslogCommands, AuthRules.ClearSyslogTokens, scopeUserStart, userLength)
            && scope.IndexOf(AuthRules.RotatedSyslog, StringComparison.OrdinalIgnoreCase) < 0)
            Events.Add(RuleIndex(AuthRules.ClearSyslog), batch, r, block, host, batch.Ip[r], user, weight);
    }

    /// <summary>
    /// Where the user name sits in the message: from the parser's ranges when the user lies inside
    /// the message (the syslog parser's case), else its first occurrence; -1 when there is none.
    /// </summary>
    private static int UserStart(ByteRange message, ByteRange user, ReadOnlySpan<byte> block)
    {
        if (user.IsNull || user.Length == 0) return -1;
        if (user.Offset >= message.Offset && user.Offset + user.Length <= message.Offset + message.Length) return user.Offset - message.Offset;
        return message.Slice(block).IndexOf(user.Slice(block));
    }

    private void CountLogin(LogBatch batch, int r, ReadOnlySpan<byte> block, ByteRange host, ByteRange ip, ByteRange user, bool failure, long weight)
    {
        var seconds = batch.UnixSeconds[r];
        if (failure && weight == 0)
        {
            // A failure line whose attempts its session already counted still names a user for L4.
            CountSprayUser(ip, user, block, seconds, 0);
            return;
        }
        var position = new LogPosition(seconds, batch.Origin.InputIndex, batch.FileOffset[r]);
        var length = 0;
        SubjectKey.Append(ref _key, ref length, host, block);
        SubjectKey.Append(ref _key, ref length, ip, block);
        var pairLength = length;
        SubjectKey.Append(ref _key, ref length, user, block);
        var triple = Triples.GetOrAdd(_key.AsSpan(0, length));
        if (triple < 0) Triples.OtherCount++;
        var successfulKey = BucketKey.Of(triple, AccessAggregator.FloorDiv(seconds, _options.SuccessfulBruteForceWindowSeconds));
        var successAfterKey = BucketKey.Of(triple, AccessAggregator.FloorDiv(seconds, _options.SuccessAfterFailuresWindowSeconds));
        if (!failure)
        {
            if (triple < 0) return; // over budget: the tables say approximate
            Successful.AddSuccess(successfulKey, position);
            SuccessAfter.AddSuccess(successAfterKey, position);
            TableMerge.EnsureLength(ref TripleEvidence, Triples.IdCapacity);
            EvidenceList.Keep(ref TripleEvidence[triple], batch, r, block);
            return;
        }
        if (triple >= 0)
        {
            Successful.AddFailure(successfulKey, position, weight);
            SuccessAfter.AddFailure(successAfterKey, position, weight);
        }
        var pair = Pairs.GetOrAdd(_key.AsSpan(0, pairLength));
        if (pair < 0) Pairs.OtherCount++;
        if (pair >= 0)
        {
            BruteForce.Add(BucketKey.Of(pair, AccessAggregator.FloorDiv(seconds, _options.BruteForceWindowSeconds)), weight);
            LegacyBruteForce.Add(BucketKey.Of(pair, AccessAggregator.FloorDiv(seconds, _options.LegacyBruteForceWindowSeconds)), weight);
            TableMerge.EnsureLength(ref PairEvidence, Pairs.IdCapacity);
            EvidenceList.Keep(ref PairEvidence[pair], batch, r, block);
        }
        CountSprayUser(ip, user, block, seconds, weight);
    }

    /// <summary>L4: <paramref name="weight"/> failures from <paramref name="ip"/> in its bucket, and <paramref name="user"/> among its distinct users.</summary>
    private void CountSprayUser(ByteRange ip, ByteRange user, ReadOnlySpan<byte> block, long seconds, long weight)
    {
        var source = Ips.GetOrAdd(ip.Slice(block));
        if (source < 0)
        {
            Ips.OtherCount++;
            return;
        }
        var spray = Spray.Add(BucketKey.Of(source, AccessAggregator.FloorDiv(seconds, _options.SprayWindowSeconds)), weight);
        if (spray < 0 || user.IsNull) return;
        var userId = Users.GetOrAdd(user.Slice(block));
        if (userId >= 0) SprayUsers.Add(((long)spray << 32) | (uint)userId);
        else Users.OtherCount++;
    }

    private static int RuleIndex(DetectionRule rule) => DetectionRule.IndexIn(AuthRules.All, rule);

    /// <inheritdoc/>
    public void Merge(IAggregator other)
    {
        var o = (AuthDetectionAggregator)other;
        Events.Merge(o.Events);
        var pairMap = TableMerge.Into(Pairs, o.Pairs);
        var tripleMap = TableMerge.Into(Triples, o.Triples);
        var ipMap = TableMerge.Into(Ips, o.Ips);
        var userMap = TableMerge.Into(Users, o.Users);
        BucketKey.MergeMapped(BruteForce, o.BruteForce, pairMap);
        BucketKey.MergeMapped(LegacyBruteForce, o.LegacyBruteForce, pairMap);
        var sprayMap = BucketKey.MergeMapped(Spray, o.Spray, ipMap);
        foreach (var key in o.SprayUsers.Keys)
        {
            var spray = sprayMap[(int)(key >> 32)];
            var user = userMap[(int)(uint)key];
            if (spray >= 0 && user >= 0) SprayUsers.Add(((long)spray << 32) | (uint)user);
        }
        SprayUsers.OtherCount += o.SprayUsers.OtherCount;
        Successful.Merge(o.Successful, tripleMap);
        SuccessAfter.Merge(o.SuccessAfter, tripleMap);
        EvidenceList.MergeMapped(ref PairEvidence, Pairs.IdCapacity, o.PairEvidence, o.Pairs.Count, pairMap);
        EvidenceList.MergeMapped(ref TripleEvidence, Triples.IdCapacity, o.TripleEvidence, o.Triples.Count, tripleMap);
    }

    /// <summary>
    /// Writes every table: subjects in bytewise order, bucket tables with subjects as positions
    /// in that order (<see cref="StateCodec.WriteBuckets"/>), per-subject evidence in table order.
    /// </summary>
    internal void WriteState(PartialWriter writer)
    {
        Events.WriteState(writer);
        var pairs = StateCodec.Positions(Pairs.WriteState(writer), Pairs.Count);
        var triples = StateCodec.Positions(Triples.WriteState(writer), Triples.Count);
        var ips = StateCodec.Positions(Ips.WriteState(writer), Ips.Count);
        var users = StateCodec.Positions(Users.WriteState(writer), Users.Count);
        StateCodec.WriteBuckets(writer, BruteForce, pairs);
        StateCodec.WriteBuckets(writer, LegacyBruteForce, pairs);
        var spray = StateCodec.Positions(StateCodec.WriteBuckets(writer, Spray, ips), Spray.Count);
        var sprayUsers = new List<long>(SprayUsers.Count);
        foreach (var key in SprayUsers.Keys) sprayUsers.Add(((long)spray[(int)(key >> 32)] << 32) | (uint)users[(int)(uint)key]);
        sprayUsers.Sort();
        writer.WriteUInt((ulong)sprayUsers.Count);
        foreach (var key in sprayUsers) writer.WriteInt(key);
        writer.WriteInt(SprayUsers.OtherCount);
        Successful.WriteState(writer, triples);
        SuccessAfter.WriteState(writer, triples);
        WriteEvidence(writer, PairEvidence, Pairs, pairs);
        WriteEvidence(writer, TripleEvidence, Triples, triples);
    }

    /// <summary>Reads what <see cref="WriteState"/> wrote into this empty state.</summary>
    internal void ReadState(PartialReader reader)
    {
        Events.ReadState(reader);
        Pairs.ReadState(reader);
        Triples.ReadState(reader);
        Ips.ReadState(reader);
        Users.ReadState(reader);
        StateCodec.ReadBuckets(reader, BruteForce, Pairs.Count);
        StateCodec.ReadBuckets(reader, LegacyBruteForce, Pairs.Count);
        StateCodec.ReadBuckets(reader, Spray, Ips.Count);
        var sprayUsers = reader.ReadCount(reader.Remaining);
        for (var i = 0; i < sprayUsers; i++)
        {
            var key = reader.ReadInt();
            if ((ulong)(key >> 32) >= (ulong)Spray.Count || (uint)key >= (uint)Users.Count) throw new InvalidDataException("corrupt partial: an L4 user of a bucket the state does not hold");
            SprayUsers.Add(key);
        }
        SprayUsers.OtherCount = reader.ReadInt();
        Successful.ReadState(reader, Triples.Count);
        SuccessAfter.ReadState(reader, Triples.Count);
        PairEvidence = ReadEvidence(reader, Pairs);
        TripleEvidence = ReadEvidence(reader, Triples);
    }

    /// <summary>The evidence of each subject, in the order its table was written.</summary>
    private static void WriteEvidence(PartialWriter writer, List<Evidence>?[] evidence, SymbolTable subjects, int[] positions)
    {
        var byPosition = new List<Evidence>?[subjects.Count];
        for (var id = 0; id < subjects.Count; id++) byPosition[positions[id]] = id < evidence.Length ? evidence[id] : null;
        foreach (var list in byPosition) StateCodec.WriteEvidence(writer, list);
    }

    private static List<Evidence>?[] ReadEvidence(PartialReader reader, SymbolTable subjects)
    {
        var evidence = new List<Evidence>?[Math.Max(subjects.IdCapacity, 64)];
        for (var id = 0; id < subjects.Count; id++) evidence[id] = StateCodec.ReadEvidence(reader);
        return evidence;
    }

    /// <summary>True when any table went past its budget (findings may then be incomplete).</summary>
    public bool IsApproximate => Events.IsApproximate || Pairs.IsApproximate || Triples.IsApproximate || Ips.IsApproximate
        || Users.IsApproximate || BruteForce.IsApproximate || LegacyBruteForce.IsApproximate || Spray.IsApproximate
        || SprayUsers.IsApproximate || Successful.Buckets.IsApproximate || SuccessAfter.Buckets.IsApproximate;
}
