using FastLog.Columns;
using FastLog.Formats.Json;

namespace FastLog.Tests.Formats;

/// <summary>
/// Issue 13.6: the user of CloudTrail records whose identity has no <c>userName</c> (role
/// sessions above all) comes from <c>sessionIssuer.userName</c>, else from the ARN; the session
/// name has its own field.
/// </summary>
public class CloudTrailIdentityTests
{
    private static string Event(string identity) =>
        $$"""{"eventVersion":"1.08","userIdentity":{{identity}},"eventTime":"2024-03-01T10:00:00Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"us-east-1","sourceIPAddress":"192.0.2.1"}""";

    public static TheoryData<string, string, string?, string?> Identities() => new()
    {
        {
            "assumed role with session issuer",
            """{"type":"AssumedRole","principalId":"AROAEXAMPLE:ci-deploy","arn":"arn:aws:sts::123456789012:assumed-role/DeployRole/ci-deploy","accountId":"123456789012","sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROAEXAMPLE","arn":"arn:aws:iam::123456789012:role/DeployRole","accountId":"123456789012","userName":"DeployRole"},"attributes":{"creationDate":"2024-03-01T09:00:00Z","mfaAuthenticated":"false"}}}""",
            "DeployRole", "ci-deploy"
        },
        {
            "assumed role without session issuer (role from the ARN)",
            """{"type":"AssumedRole","arn":"arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Admin_0123/alice@example.com"}""",
            "AWSReservedSSO_Admin_0123", "alice@example.com"
        },
        {
            "IAM user keeps its userName, no session",
            """{"type":"IAMUser","arn":"arn:aws:iam::123456789012:user/ops/bob","userName":"bob","sessionContext":{"attributes":{"mfaAuthenticated":"true"}}}""",
            "bob", null
        },
        {
            "IAM user without userName: last ARN segment",
            """{"type":"IAMUser","arn":"arn:aws:iam::123456789012:user/ops/carol"}""",
            "carol", null
        },
        {
            "root",
            """{"type":"Root","principalId":"123456789012","arn":"arn:aws:iam::123456789012:root","accountId":"123456789012"}""",
            "root", null
        },
        {
            "federated user",
            """{"type":"FederatedUser","arn":"arn:aws-cn:sts::123456789012:federated-user/dave"}""",
            "dave", null
        },
        {
            "AWS service: no ARN, no user",
            """{"type":"AWSService","invokedBy":"ec2.amazonaws.com"}""",
            null, null
        },
        {
            "not an ARN",
            """{"type":"Unknown","arn":"not-an-arn"}""",
            null, null
        },
        {
            "escaped ARN",
            """{"type":"AssumedRole","arn":"arn:aws:sts::123456789012:assumed-role\/Role\u0041\/s"}""",
            "RoleA", "s"
        },
    };

    [Theory, MemberData(nameof(Identities))]
    public void User_AndSessionName_ComeFromTheIdentity(string what, string identity, string? user, string? session)
    {
        var (collector, counters) = JsonFieldCollector.Parse(new CloudTrailFormat(), Event(identity));
        Assert.True(counters.Parsed == 1, what);
        var record = collector.Records[0];
        Assert.True(user == record[LogField.User], $"{what}: user {record[LogField.User]}");
        Assert.True(session == record[LogField.SessionName], $"{what}: session_name {record[LogField.SessionName]}");
    }

    [Fact]
    public void SessionName_IsResetBetweenRecords()
    {
        var text = Event("""{"type":"AssumedRole","arn":"arn:aws:sts::1:assumed-role/R/s1"}""") + "\n"
            + Event("""{"type":"IAMUser","arn":"arn:aws:iam::1:user/u","userName":"u"}""") + "\n";
        var (collector, _) = JsonFieldCollector.Parse(new CloudTrailFormat(), text);
        Assert.Equal("s1", collector.Records[0][LogField.SessionName]);
        Assert.Null(collector.Records[1][LogField.SessionName]);
    }
}
