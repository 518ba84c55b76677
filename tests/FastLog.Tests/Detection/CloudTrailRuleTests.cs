using System.Text;
using FastLog.Aggregation.Tables;
using FastLog.Detection;
using FastLog.Detection.CloudTrail;
using static FastLog.Tests.Detection.AuthTestsBatchBuilder;

namespace FastLog.Tests.Detection;

/// <summary>
/// The CloudTrail rules C1–C13 on hand-built CloudTrail batches: each fires on its condition and
/// not on the nearest miss, C7/C8 compare two fields, C1b's threshold is exact per source and
/// bucket, and split-and-merge gives the findings of one pass.
/// </summary>
public class CloudTrailRuleTests
{
    private const string Arn = "arn:aws:iam::123456789012:user/alice";

    private static List<Finding> Detect(CloudTrailTestsBatchBuilder log)
    {
        var state = new CloudTrailDetectionAggregator(TableBudget.Default);
        log.FeedTo(state);
        return CloudTrailFindings.Extract(state);
    }

    /// <summary>Rule, a record that fires it, and the nearest record that must not (fields as name=value, ';'-separated).</summary>
    public static TheoryData<string, string, string> Cases => new()
    {
        { "C1", "eventName=ConsoleLogin;errorMessage=Failed authentication;consoleLogin=Failure", "eventName=ConsoleLogin;errorMessage=No username found in supplied account" },
        { "C2", "eventName=ConsoleLogin;mfa=No;consoleLogin=Success", "eventName=ConsoleLogin;mfa=Yes;consoleLogin=Success" },
        { "C3", "eventName=ListUsers;userType=Root;eventType=AwsApiCall", "eventName=ListUsers;userType=Root;eventType=AwsServiceEvent" },
        { "C4", "eventSource=cloudtrail.amazonaws.com;eventName=StopLogging", "eventSource=cloudtrail.amazonaws.com;eventName=StartLogging" },
        { "C5", "eventSource=guardduty.amazonaws.com;eventName=UpdateDetector;enable=false", "eventSource=guardduty.amazonaws.com;eventName=DeleteDetector;errorCode=AccessDenied" },
        { "C6", "eventSource=config.amazonaws.com;eventName=StopConfigurationRecorder", "eventSource=config.amazonaws.com;eventName=StartConfigurationRecorder" },
        { "C7", $"eventSource=iam.amazonaws.com;eventName=CreateAccessKey;arn={Arn};accessKeyUserName=bob", $"eventSource=iam.amazonaws.com;eventName=CreateAccessKey;arn={Arn};accessKeyUserName=Alice" },
        { "C8", $"eventSource=iam.amazonaws.com;eventName=UpdateLoginProfile;arn={Arn};requestUserName=bob", $"eventSource=iam.amazonaws.com;eventName=UpdateLoginProfile;arn={Arn}" },
        { "C9", "eventSource=ec2.amazonaws.com;eventName=AuthorizeSecurityGroupIngress", "eventSource=ec2.amazonaws.com;eventName=DescribeSecurityGroups" },
        { "C10", "eventSource=s3.amazonaws.com;eventName=ListBuckets;userType=IAMUser", "eventSource=s3.amazonaws.com;eventName=ListBuckets;userType=AssumedRole" },
        { "C11", "eventSource=sts.amazonaws.com;eventName=GetCallerIdentity;ua=TruffleHog/3.63", "eventSource=sts.amazonaws.com;eventName=GetCallerIdentity;ua=aws-cli/2.15" },
        { "C12", "eventName=DescribeInstances;arn=arn:aws:sts::123456789012:assumed-role/aws:ec2-instance/i-0abc",
            "eventSource=ssm.amazonaws.com;eventName=RegisterManagedInstance;ip=AWS Internal;arn=arn:aws:sts::123456789012:assumed-role/aws:ec2-instance/i-0abc" },
        { "C13", "eventSource=s3.amazonaws.com;eventName=DeleteBucket", "eventSource=s3.amazonaws.com;eventName=DeleteBucket;errorCode=BucketNotEmpty" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void EachRuleFiresOnItsConditionAndNotOnTheNearestMiss(string rule, string fires, string misses)
    {
        static string[] Fields(string spec) => spec.Split(';').Any(f => f.StartsWith("ip=", StringComparison.Ordinal))
            ? spec.Split(';') : [.. spec.Split(';'), "ip=198.51.100.20"];
        var hit = Detect(new CloudTrailTestsBatchBuilder().Add(T0, Fields(fires)));
        var finding = Assert.Single(hit, f => f.Rule.Id == rule);
        Assert.Equal(1, finding.EventCount);
        Assert.Equal("198.51.100.20", Encoding.UTF8.GetString(finding.SourceIp));
        Assert.DoesNotContain(Detect(new CloudTrailTestsBatchBuilder().Add(T0, Fields(misses))), f => f.Rule.Id == rule);
    }

    [Fact]
    public void TheUserIsTheUserNameElseTheArn()
    {
        var findings = Detect(new CloudTrailTestsBatchBuilder()
            .Add(T0, "eventName=DeleteBucket", "user=alice", $"arn={Arn}", "ip=198.51.100.20")
            .Add(T0, "eventName=DeleteBucket", "arn=arn:aws:sts::123456789012:assumed-role/Admin/session", "ip=198.51.100.20"));
        Assert.Equal(["alice", "arn:aws:sts::123456789012:assumed-role/Admin/session"],
            findings.Select(f => Encoding.UTF8.GetString(f.User!)).Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void ManyFailedConsoleLoginsIsMoreThanTwentyPerSourceInTenMinutes()
    {
        var log = new CloudTrailTestsBatchBuilder();
        static string[] Failed(string ip) => ["eventName=ConsoleLogin", "errorMessage=Failed authentication", "consoleLogin=Failure", $"ip={ip}", "user=HIDDEN_DUE_TO_SECURITY_REASONS"];
        for (var i = 0; i < 21; i++) log.Add(T0 + i * 28, Failed("203.0.113.9"));        // 21 within [T0, T0+600)
        for (var i = 0; i < 20; i++) log.Add(T0 + i * 29, Failed("198.51.100.4"));       // 20: not more than 20
        for (var i = 0; i < 22; i++) log.Add(T0 + 589 + i, Failed("198.51.100.5"));      // 11 + 11 across a bucket edge
        var findings = Detect(log);
        var c1b = Assert.Single(findings, f => f.Rule.Id == "C1b");
        Assert.Equal(("203.0.113.9", 21L, 1L, T0, T0 + 600), (Encoding.UTF8.GetString(c1b.SourceIp), c1b.EventCount, c1b.Windows, c1b.FirstUnixSeconds, c1b.LastUnixSeconds));
        Assert.Equal(3, c1b.Evidence.Count);
        Assert.Equal(21 + 20 + 22, findings.Where(f => f.Rule.Id == "C1").Sum(f => f.EventCount));
    }

    [Fact]
    public void SplitAndMergeGivesTheFindingsOfOnePassInEitherOrder()
    {
        var log = new CloudTrailTestsBatchBuilder();
        var t = T0;
        foreach (var (_, fires, _) in Cases.Select(c => ((string)c[0], (string)c[1], (string)c[2])))
            log.Add(t += 7, [.. fires.Split(';'), "ip=198.51.100.20"]);
        for (var i = 0; i < 25; i++) log.Add(T0 + 3 * i, "eventName=ConsoleLogin", "consoleLogin=Failure", "ip=203.0.113.9");
        var expected = Detect(log).Select(Describe).ToList();
        Assert.Equal(14, expected.Select(e => e.Split(' ')[0]).Distinct().Count());
        for (var k = 0; k <= log.Count; k += 5)
        {
            foreach (var leftFirst in new[] { true, false })
            {
                var left = new CloudTrailDetectionAggregator(TableBudget.Default);
                var right = new CloudTrailDetectionAggregator(TableBudget.Default);
                log.FeedTo(left, 0, k, batchSize: 4);
                log.FeedTo(right, k, log.Count, batchSize: 6);
                var (into, from) = leftFirst ? (left, right) : (right, left);
                into.Merge(from);
                Assert.Equal(expected, CloudTrailFindings.Extract(into).Select(Describe).ToList());
            }
        }
    }
}
