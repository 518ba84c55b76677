using FastLog.Columns;

namespace FastLog.Formats.Json;

/// <summary>
/// Names the principal of a CloudTrail record when <c>userIdentity</c> has no <c>userName</c>,
/// from its ARN, and keeps a role session's name in <c>session_name</c>.
/// </summary>
/// <remarks>
/// Most real CloudTrail traffic is <c>AssumedRole</c>, whose identity carries no <c>userName</c>:
/// the parser takes the role from <c>sessionContext.sessionIssuer.userName</c> first; when that
/// is absent too, the ARN decides. <c>arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION</c> gives
/// user ROLE (what <c>sessionIssuer.userName</c> would have said) and session SESSION; any other
/// ARN gives its last segment (<c>user/path/alice</c> → <c>alice</c>, <c>federated-user/bob</c> →
/// <c>bob</c>, <c>…:root</c> → <c>root</c>), so per-user figures never go blank for a principal
/// that has an ARN. A record without an ARN (<c>AWSService</c>) keeps user null.
/// </remarks>
public sealed class CloudTrailIdentity : IJsonRecordCompleter
{
    private const int ArnColons = 5; // arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE

    private readonly ByteRange[] _arn;
    private readonly ByteRange[] _user;
    private readonly ByteRange[] _session;

    /// <summary>Binds to <paramref name="batch"/>, whose ARN and user columns the parser fills.</summary>
    public CloudTrailIdentity(LogBatch batch)
    {
        _arn = batch.EnsureText(LogField.UserArn);
        _user = batch.EnsureText(LogField.User);
        _session = batch.EnsureText(LogField.SessionName);
    }

    /// <inheritdoc/>
    public void Complete(int slot, ReadOnlySpan<byte> buffer)
    {
        _session[slot] = ByteRange.Null;
        var arn = _arn[slot];
        if (arn.IsNull) return;
        var resource = Resource(buffer.Slice(arn.Offset, arn.Length));
        if (resource < 0) return;
        var start = arn.Offset + resource;
        var text = buffer.Slice(start, arn.Length - resource);
        if (text.StartsWith("assumed-role/"u8))
        {
            var role = text["assumed-role/"u8.Length..];
            var slash = role.IndexOf((byte)'/');
            if (slash > 0)
            {
                var roleStart = start + "assumed-role/"u8.Length;
                if (slash + 1 < role.Length) _session[slot] = new ByteRange(roleStart + slash + 1, role.Length - slash - 1);
                if (_user[slot].IsNull) _user[slot] = new ByteRange(roleStart, slash);
                return;
            }
        }
        if (!_user[slot].IsNull) return;
        var last = text.LastIndexOf((byte)'/') + 1;
        if (last < text.Length) _user[slot] = new ByteRange(start + last, text.Length - last);
    }

    /// <summary>Offset of the resource part of <paramref name="arn"/> (after its fifth colon), or -1 when it is no ARN.</summary>
    private static int Resource(ReadOnlySpan<byte> arn)
    {
        if (!arn.StartsWith("arn:"u8)) return -1;
        var at = 0;
        // Invariant: arn[0, at) holds the first `colons` colons; at most ArnColons steps.
        for (var colons = 0; colons < ArnColons; colons++)
        {
            var next = arn[at..].IndexOf((byte)':');
            if (next < 0) return -1;
            at += next + 1;
        }
        return at < arn.Length ? at : -1;
    }
}
