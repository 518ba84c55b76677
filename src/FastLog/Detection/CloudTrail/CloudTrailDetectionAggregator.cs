using System.Text;
using FastLog.Aggregation;
using FastLog.Aggregation.Tables;
using FastLog.Columns;
using FastLog.Partials;

namespace FastLog.Detection.CloudTrail;

/// <summary>
/// Evaluates the CloudTrail rules C1–C13 over CloudTrail batches (<see cref="LogFormat.CloudTrail"/>),
/// per worker, mergeably.
/// </summary>
/// <remarks>
/// Each record is tested against every per-event condition on its parsed fields (never on the
/// raw JSON text, where a request parameter could hold any string); hits are kept per (rule,
/// sourceIPAddress, user) with the user being <c>userIdentity.userName</c>, else
/// <c>userIdentity.arn</c>. C1b counts failed console logins per (sourceIPAddress, fixed
/// 10-minute bucket), exactly. C7 and C8 compare two fields as Sigma's rules do
/// (<c>userIdentity.arn</c> contains the other user name, ignoring case); a record without the
/// other name (a failed call, or a user changing its own profile) is not a hit.
/// </remarks>
public sealed class CloudTrailDetectionAggregator : IAggregator
{
    private readonly CloudTrailRuleOptions _options;

    /// <summary>Per-event hits, indexed by <see cref="CloudTrailRules.All"/>.</summary>
    internal readonly EventHitTable Events;
    /// <summary>Sources of failed console logins.</summary>
    internal readonly SymbolTable Ips;
    /// <summary>C1b: (source, bucket) failed console logins.</summary>
    internal readonly LongKeyTable FailedLogins;
    /// <summary>First failed console login lines per source (evidence of C1b).</summary>
    internal List<Evidence>?[] IpEvidence = new List<Evidence>?[64];

    private char[] _left = new char[256];
    private char[] _right = new char[64];

    /// <summary>Creates an empty state; every table holds at most <paramref name="budget"/>'s keys.</summary>
    public CloudTrailDetectionAggregator(TableBudget budget, CloudTrailRuleOptions? options = null)
    {
        _options = options ?? CloudTrailRuleOptions.Default;
        var capped = budget with { MaxKeys = Math.Min(budget.MaxKeys, BucketKey.MaxIds) };
        Events = new EventHitTable(capped);
        Ips = new SymbolTable(capped, 64);
        FailedLogins = new LongKeyTable(capped.MaxKeys);
    }

    /// <summary>The threshold this state counts for.</summary>
    public CloudTrailRuleOptions Options => _options;

    /// <inheritdoc/>
    public void Consume(LogBatch batch, ReadOnlySpan<byte> block)
    {
        if (batch.Format != LogFormat.CloudTrail) return;
        var eventName = batch.TextColumn(LogField.EventName)!;
        var eventSource = batch.TextColumn(LogField.EventSource)!;
        var eventType = batch.TextColumn(LogField.EventType)!;
        var userType = batch.TextColumn(LogField.UserType)!;
        var userArn = batch.TextColumn(LogField.UserArn)!;
        var errorCode = batch.TextColumn(LogField.ErrorCode)!;
        var errorMessage = batch.TextColumn(LogField.ErrorMessage)!;
        var mfa = batch.TextColumn(LogField.Mfa)!;
        var consoleLogin = batch.TextColumn(LogField.ConsoleLogin)!;
        var requestUserName = batch.TextColumn(LogField.RequestUserName)!;
        var accessKeyUserName = batch.TextColumn(LogField.AccessKeyUserName)!;
        var requestEnable = batch.TextColumn(LogField.RequestEnable)!;
        // Invariant: r < batch.Count; every range of the batch lies within block.
        for (var r = 0; r < batch.Count; r++)
        {
            var name = eventName[r];
            var source = eventSource[r];
            var succeeded = errorCode[r].IsNull || Is(errorCode[r], block, "Success"u8);
            var ip = batch.Ip[r];

            if (Is(name, block, "ConsoleLogin"u8))
            {
                var failedAuthentication = Is(errorMessage[r], block, "Failed authentication"u8);
                if (failedAuthentication) Hit(CloudTrailRules.ConsoleLoginFailed, batch, r, block, userArn[r]);
                if ((failedAuthentication || Is(consoleLogin[r], block, "Failure"u8)) && !ip.IsNull) CountFailedLogin(batch, r, block, ip);
                if (Is(mfa[r], block, "No"u8) && Is(consoleLogin[r], block, "Success"u8)) Hit(CloudTrailRules.ConsoleLoginWithoutMfa, batch, r, block, userArn[r]);
            }
            if (Is(userType[r], block, "Root"u8) && !Is(eventType[r], block, "AwsServiceEvent"u8)) Hit(CloudTrailRules.RootUsage, batch, r, block, userArn[r]);
            if (Is(source, block, "cloudtrail.amazonaws.com"u8)
                && (Is(name, block, "StopLogging"u8) || Is(name, block, "UpdateTrail"u8) || Is(name, block, "DeleteTrail"u8)))
                Hit(CloudTrailRules.TrailChanged, batch, r, block, userArn[r]);
            if (Is(source, block, "guardduty.amazonaws.com"u8) && succeeded
                && (Is(name, block, "DeleteDetector"u8) || (Is(name, block, "UpdateDetector"u8) && Is(requestEnable[r], block, "false"u8))))
                Hit(CloudTrailRules.GuardDutyDisabled, batch, r, block, userArn[r]);
            if (Is(source, block, "config.amazonaws.com"u8)
                && (Is(name, block, "DeleteDeliveryChannel"u8) || Is(name, block, "StopConfigurationRecorder"u8)))
                Hit(CloudTrailRules.ConfigDisabled, batch, r, block, userArn[r]);
            if (Is(source, block, "iam.amazonaws.com"u8))
            {
                if (Is(name, block, "CreateAccessKey"u8) && !accessKeyUserName[r].IsNull && !Contains(userArn[r], accessKeyUserName[r], block))
                    Hit(CloudTrailRules.BackdoorAccessKey, batch, r, block, userArn[r]);
                if (Is(name, block, "UpdateLoginProfile"u8) && !requestUserName[r].IsNull && !Contains(userArn[r], requestUserName[r], block))
                    Hit(CloudTrailRules.LoginProfileChanged, batch, r, block, userArn[r]);
            }
            if (Is(source, block, "ec2.amazonaws.com"u8)
                && (Is(name, block, "AuthorizeSecurityGroupIngress"u8) || Is(name, block, "AuthorizeSecurityGroupEgress"u8)
                    || Is(name, block, "RevokeSecurityGroupIngress"u8) || Is(name, block, "RevokeSecurityGroupEgress"u8)))
                Hit(CloudTrailRules.SecurityGroupChanged, batch, r, block, userArn[r]);
            if (Is(source, block, "s3.amazonaws.com"u8) && Is(name, block, "ListBuckets"u8) && !Is(userType[r], block, "AssumedRole"u8))
                Hit(CloudTrailRules.BucketEnumeration, batch, r, block, userArn[r]);
            if (Is(source, block, "sts.amazonaws.com"u8) && Is(name, block, "GetCallerIdentity"u8) && ContainsText(batch.Agent[r], "TruffleHog", block))
                Hit(CloudTrailRules.TruffleHog, batch, r, block, userArn[r]);
            if (IsImdsRoleArn(userArn[r], block)
                && !(Is(source, block, "ssm.amazonaws.com"u8) && Is(name, block, "RegisterManagedInstance"u8) && Is(ip, block, "AWS Internal"u8)))
                Hit(CloudTrailRules.ImdsCredentials, batch, r, block, userArn[r]);
            if (Is(name, block, "DeleteBucket"u8) && succeeded) Hit(CloudTrailRules.BucketDeleted, batch, r, block, userArn[r]);
        }
    }

    /// <summary>The field equals <paramref name="value"/>, ignoring ASCII case (Sigma's default string match).</summary>
    private static bool Is(ByteRange field, ReadOnlySpan<byte> block, ReadOnlySpan<byte> value)
        => !field.IsNull && Ascii.EqualsIgnoreCase(field.Slice(block), value);

    /// <summary>
    /// C12's <c>.+:assumed-role/aws:.+</c>: the marker with at least one byte before and after it.
    /// The first occurrence from index 1 has the most bytes after it, so it decides.
    /// </summary>
    private static bool IsImdsRoleArn(ByteRange arn, ReadOnlySpan<byte> block)
    {
        if (arn.IsNull || arn.Length < 2) return false;
        var text = arn.Slice(block);
        var marker = ":assumed-role/aws:"u8;
        var at = text[1..].IndexOf(marker);
        return at >= 0 && 1 + at + marker.Length < text.Length;
    }

    private bool Contains(ByteRange haystack, ByteRange needle, ReadOnlySpan<byte> block)
    {
        if (haystack.IsNull) return false;
        var left = Latin1Text.Widen(haystack.Slice(block), ref _left);
        var right = Latin1Text.Widen(needle.Slice(block), ref _right);
        return left.IndexOf(right, StringComparison.OrdinalIgnoreCase) >= 0;
    }

    private bool ContainsText(ByteRange haystack, string needle, ReadOnlySpan<byte> block)
        => !haystack.IsNull && Latin1Text.Widen(haystack.Slice(block), ref _left).IndexOf(needle, StringComparison.OrdinalIgnoreCase) >= 0;

    private void Hit(DetectionRule rule, LogBatch batch, int r, ReadOnlySpan<byte> block, ByteRange arn)
    {
        // A role session's user is its role, shared by every session of it: the session's ARN
        // names the actor a finding is about (one EC2 instance, one SSO login).
        var session = batch.TextColumn(LogField.SessionName)!;
        var user = batch.User[r].IsNull || !session[r].IsNull ? arn : batch.User[r];
        Events.Add(RuleIndex(rule), batch, r, block, ByteRange.Null, batch.Ip[r], user, 1);
    }

    private void CountFailedLogin(LogBatch batch, int r, ReadOnlySpan<byte> block, ByteRange ip)
    {
        var source = Ips.GetOrAdd(ip.Slice(block));
        if (source < 0)
        {
            Ips.OtherCount++;
            return;
        }
        FailedLogins.Add(BucketKey.Of(source, AccessAggregator.FloorDiv(batch.UnixSeconds[r], _options.FailedLoginWindowSeconds)));
        TableMerge.EnsureLength(ref IpEvidence, Ips.IdCapacity);
        EvidenceList.Keep(ref IpEvidence[source], batch, r, block);
    }

    private static int RuleIndex(DetectionRule rule) => DetectionRule.IndexIn(CloudTrailRules.All, rule);

    /// <inheritdoc/>
    public void Merge(IAggregator other)
    {
        var o = (CloudTrailDetectionAggregator)other;
        Events.Merge(o.Events);
        var ipMap = TableMerge.Into(Ips, o.Ips);
        BucketKey.MergeMapped(FailedLogins, o.FailedLogins, ipMap);
        EvidenceList.MergeMapped(ref IpEvidence, Ips.IdCapacity, o.IpEvidence, o.Ips.Count, ipMap);
    }

    /// <summary>Writes the per-event hits, the C1b sources (bytewise), their buckets and their evidence in that order.</summary>
    internal void WriteState(PartialWriter writer)
    {
        Events.WriteState(writer);
        var order = Ips.WriteState(writer);
        StateCodec.WriteBuckets(writer, FailedLogins, StateCodec.Positions(order, Ips.Count));
        foreach (var id in order) StateCodec.WriteEvidence(writer, id < IpEvidence.Length ? IpEvidence[id] : null);
    }

    /// <summary>Reads what <see cref="WriteState"/> wrote into this empty state.</summary>
    internal void ReadState(PartialReader reader)
    {
        Events.ReadState(reader);
        Ips.ReadState(reader);
        StateCodec.ReadBuckets(reader, FailedLogins, Ips.Count);
        TableMerge.EnsureLength(ref IpEvidence, Ips.IdCapacity);
        for (var id = 0; id < Ips.Count; id++) IpEvidence[id] = StateCodec.ReadEvidence(reader);
    }

    /// <summary>True when any table went past its budget (findings may then be incomplete).</summary>
    public bool IsApproximate => Events.IsApproximate || Ips.IsApproximate || FailedLogins.IsApproximate;
}
