using System.Text;
using FastLog.Generation.Attacks;
using FastLog.Generation.Lines;
using FastLog.Generation.Sampling;

namespace FastLog.Generation.CloudTrail;

/// <summary>
/// CloudTrail records as NDJSON (one record a line, as CloudWatch Logs and Lake exports deliver
/// them): application roles reading EC2, S3, SSM, KMS and Logs, AWS services assuming roles, a CI
/// user deploying stacks, people signing in to the console with MFA. The C1–C13 scenarios of
/// <see cref="CloudTrailScenarioPlanner"/> are written among them.
/// </summary>
/// <remarks>
/// The background trips no rule: no failed console login, every console login uses MFA, no root
/// identity, ListBuckets only by assumed roles, no role named <c>aws:…</c>, access keys created only
/// for the caller itself, no trail/GuardDuty/Config/security-group/bucket-deletion call, no
/// TruffleHog agent.
/// </remarks>
internal sealed partial class CloudTrailSegmentGenerator : LineSegmentGenerator<CloudTrailSegmentGenerator.Context>
{
    /// <summary>Average line length (measured), turning <c>--size</c> into lines.</summary>
    public const int AverageLineBytes = 1_290;
    private const int MaxLineBytes = 4_096;

    /// <summary>Per-segment timestamps.</summary>
    internal sealed class Context
    {
        public readonly TimestampTexts Time = new();
    }

    private static readonly string[] Regions = ["us-east-1", "us-east-1", "us-east-1", "us-east-1", "eu-west-1", "us-west-2"];
    private static readonly string[] Humans = ["alice", "bob", "carol"];
    private static ReadOnlySpan<byte> ConsoleAgent => "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36"u8;
    private static ReadOnlySpan<byte> CliAgent => "aws-cli/2.15.30 Python/3.11.8 Linux/6.5.0-1014-aws exe/x86_64.ubuntu.22 prompt/off"u8;
    private static ReadOnlySpan<byte> BotoAgent => "Boto3/1.34.69 md/Botocore#1.34.69 ua/2.0 os/linux#6.1.79-99.164.amzn2023.x86_64 md/arch#x86_64 lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.69"u8;
    private static ReadOnlySpan<byte> TerraformAgent => "APN/1.0 HashiCorp/1.0 Terraform/1.7.4 (+https://www.terraform.io) terraform-provider-aws/5.40.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go/1.50.30 (go1.21.8; linux; amd64)"u8;
    private static ReadOnlySpan<byte> TruffleHogAgent => "TruffleHog aws-sdk-go/1.44.314 (go1.20.6; linux; amd64)"u8;
    private static ReadOnlySpan<byte> Hex => "0123456789abcdef"u8;
    private static ReadOnlySpan<byte> Upper => "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"u8;

    private readonly byte[] _account;
    private readonly byte[][] _regions;
    private readonly CloudTrailIdentity[] _humans;
    private readonly byte[][] _humanIps;
    private readonly CloudTrailIdentity _bot;
    private readonly byte[] _botIp;
    private readonly CloudTrailIdentity _appRole, _lambdaRole, _ssoRole;
    private readonly CloudTrailIdentity[] _services;
    private readonly CloudTrailIdentity _hidden, _root, _intruder;
    private readonly Dictionary<string, CloudTrailIdentity> _byName = new(StringComparer.Ordinal);
    private readonly CloudTrailIdentity[] _imds;
    private readonly byte[][] _addresses;

    /// <summary>Builds the identities and plans the scenarios for <paramref name="options"/>.</summary>
    public CloudTrailSegmentGenerator(GenerationOptions options)
        : base(options, AverageLineBytes, MaxLineBytes, CloudTrailScenarioPlanner.Plan)
    {
        var rng = new Xoshiro256PlusPlus(SplitMix64.Derive(options.Seed, GenerationStreams.Vocabulary, 0));
        var account = (100_000_000_000UL + rng.NextUInt64() % 899_999_999_999UL).ToString(System.Globalization.CultureInfo.InvariantCulture);
        _account = Encoding.ASCII.GetBytes(account);
        _regions = [.. Regions.Select(Encoding.ASCII.GetBytes)];
        string Id(ref Xoshiro256PlusPlus r, int n)
        {
            var b = new byte[n];
            var c = new ByteCursor(b, 0);
            c.WriteRandom(Upper, n, ref r);
            return Encoding.ASCII.GetString(b);
        }
        _humans = new CloudTrailIdentity[Humans.Length];
        _humanIps = new byte[Humans.Length][];
        for (var i = 0; i < Humans.Length; i++)
        {
            _humans[i] = CloudTrailIdentity.IamUser(account, Humans[i], Id(ref rng, 17), Id(ref rng, 16));
            _humanIps[i] = Encoding.ASCII.GetBytes(AddressBook.User(ref rng));
            _byName[Humans[i]] = _humans[i];
        }
        _bot = CloudTrailIdentity.IamUser(account, "deploy-bot", Id(ref rng, 17), Id(ref rng, 16));
        _byName["deploy-bot"] = _bot;
        _botIp = Encoding.ASCII.GetBytes(AddressBook.User(ref rng));
        _appRole = CloudTrailIdentity.Role(account, "AppServerRole", "i-0" + Id(ref rng, 16).ToLowerInvariant(), Id(ref rng, 17), Id(ref rng, 16));
        _lambdaRole = CloudTrailIdentity.Role(account, "order-processor-role", "order-processor", Id(ref rng, 17), Id(ref rng, 16));
        _ssoRole = CloudTrailIdentity.Role(account, "AWSReservedSSO_ReadOnlyAccess_5f1c2b7a9e", "carol@example.com", Id(ref rng, 17), Id(ref rng, 16));
        _services = [CloudTrailIdentity.Service("lambda.amazonaws.com"), CloudTrailIdentity.Service("ec2.amazonaws.com"), CloudTrailIdentity.Service("ecs-tasks.amazonaws.com")];
        _hidden = CloudTrailIdentity.Hidden(account);
        _root = CloudTrailIdentity.Root(account, Id(ref rng, 16));
        _intruder = CloudTrailIdentity.IamUser(account, CloudTrailScenarioPlanner.Intruder, Id(ref rng, 17), Id(ref rng, 16));
        _byName[CloudTrailScenarioPlanner.Intruder] = _intruder;
        _byName["dave.contractor"] = CloudTrailIdentity.IamUser(account, "dave.contractor", Id(ref rng, 17), Id(ref rng, 16));
        _imds = [.. Plan.Scenarios.Select(s => s.Kind == AttackKind.ImdsCredentialsOutside
            ? CloudTrailIdentity.Role(account, "aws:ec2-instance", s.Users![0], Id(ref rng, 17), Id(ref rng, 16)) : _hidden)];
        _addresses = [.. Plan.Scenarios.Select(s => Encoding.ASCII.GetBytes(s.SourceIp))];
    }

    /// <inheritdoc/>
    protected override Context CreateContext() => new();

    /// <inheritdoc/>
    protected override LineKind WriteBackground(ref ByteCursor c, ref Xoshiro256PlusPlus rng, long line, long time, Context x)
    {
        var r = rng.NextBelow(1000);
        var region = _regions[rng.NextBelow((uint)_regions.Length)];
        var human = (int)rng.NextBelow((uint)_humans.Length);
        var denied = rng.NextBelow(50) == 0;
        if (r < 150)
        {
            var byPerson = r < 30;
            Begin(ref c, byPerson ? _humans[human] : _appRole, time, x, "ec2"u8, "DescribeInstances"u8, region,
                byPerson ? _humanIps[human] : "10.0.12.37"u8, byPerson ? CliAgent : BotoAgent);
            if (denied) Error(ref c, "Client.UnauthorizedOperation"u8, "You are not authorized to perform this operation."u8);
            c.Write(",\"requestParameters\":{\"instancesSet\":{},\"filterSet\":{\"items\":[{\"name\":\"instance-state-name\",\"valueSet\":{\"items\":[{\"value\":\"running\"}]}}]}},\"responseElements\":null"u8);
            End(ref c, ref rng, true, null, true);
        }
        else if (r < 210)
        {
            Begin(ref c, _ssoRole, time, x, "s3"u8, "ListBuckets"u8, "us-east-1"u8, _humanIps[2], ConsoleAgent);
            c.Write(",\"requestParameters\":{\"Host\":\"s3.amazonaws.com\"},\"responseElements\":null,\"additionalEventData\":{\"SignatureVersion\":\"SigV4\",\"CipherSuite\":\"ECDHE-RSA-AES128-GCM-SHA256\",\"bytesTransferredIn\":0,\"AuthenticationMethod\":\"AuthHeader\",\"x-amz-id-2\":\""u8);
            c.WriteRandom("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"u8, 76, ref rng);
            c.Write("=\",\"bytesTransferredOut\":"u8);
            c.WriteDecimal(600 + rng.NextBelow(4000));
            c.Write((byte)'}');
            End(ref c, ref rng, true, null, true);
        }
        else if (r < 330)
        {
            var service = _services[rng.NextBelow((uint)_services.Length)];
            var role = service == _services[0] ? "order-processor-role"u8 : "AppServerRole"u8;
            Begin(ref c, service, time, x, "sts"u8, "AssumeRole"u8, region, service.Name, service.Name);
            c.Write(",\"requestParameters\":{\"roleArn\":\"arn:aws:iam::"u8);
            c.Write(_account);
            c.Write(":role/"u8);
            c.Write(role);
            c.Write("\",\"roleSessionName\":\""u8);
            c.WriteHexFixed(rng.NextUInt64(), 16);
            c.Write("\",\"durationSeconds\":3600},\"responseElements\":{\"credentials\":{\"accessKeyId\":\"ASIA"u8);
            c.WriteRandom(Upper, 16, ref rng);
            c.Write("\",\"sessionToken\":\"IQoJb3JpZ2luX2VjE"u8);
            c.WriteRandom("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"u8, 120, ref rng);
            c.Write("\",\"expiration\":\""u8);
            x.Time.WriteIso(ref c, time + 3600);
            c.Write("Z\"},\"assumedRoleUser\":{\"assumedRoleId\":\"AROA"u8);
            c.WriteRandom(Upper, 17, ref rng);
            c.Write("\",\"arn\":\"arn:aws:sts::"u8);
            c.Write(_account);
            c.Write(":assumed-role/"u8);
            c.Write(role);
            c.Write("/session\"}}"u8);
            End(ref c, ref rng, true, "AwsApiCall"u8, false, resources: "AWS::IAM::Role"u8);
        }
        else if (r < 450)
        {
            Begin(ref c, _lambdaRole, time, x, "kms"u8, "Decrypt"u8, region, "AWS Internal"u8, "AWS Internal"u8);
            c.Write(",\"requestParameters\":{\"encryptionAlgorithm\":\"SYMMETRIC_DEFAULT\",\"encryptionContext\":{\"aws:lambda:FunctionArn\":\"arn:aws:lambda:"u8);
            c.Write(region);
            c.Write((byte)':');
            c.Write(_account);
            c.Write(":function:order-processor\"}},\"responseElements\":null"u8);
            End(ref c, ref rng, true, "AwsApiCall"u8, false, resources: "AWS::KMS::Key"u8);
        }
        else if (r < 530)
        {
            Begin(ref c, _appRole, time, x, "ssm"u8, "GetParameter"u8, region, "10.0.12.37"u8, BotoAgent);
            if (denied) Error(ref c, "AccessDenied"u8, "Access Denied"u8);
            c.Write(",\"requestParameters\":{\"name\":\"/app/prod/"u8);
            c.Write(rng.NextBelow(2) == 0 ? "db-url"u8 : "api-key"u8);
            c.Write("\",\"withDecryption\":true},\"responseElements\":null"u8);
            End(ref c, ref rng, true, null, true);
        }
        else if (r < 610)
        {
            Begin(ref c, _lambdaRole, time, x, "logs"u8, "CreateLogStream"u8, region, "AWS Internal"u8, "AWS Internal"u8);
            c.Write(",\"requestParameters\":{\"logGroupName\":\"/aws/lambda/order-processor\",\"logStreamName\":\""u8);
            x.Time.WriteIso(ref c, time);
            c.Write("/[$LATEST]"u8);
            c.WriteHexFixed(rng.NextUInt64(), 16);
            c.WriteHexFixed(rng.NextUInt64(), 16);
            c.Write("\"},\"responseElements\":null"u8);
            End(ref c, ref rng, false, null, false);
        }
        else if (r < 660)
        {
            var byPerson = r < 640;
            Begin(ref c, byPerson ? _humans[human] : _bot, time, x, "sts"u8, "GetCallerIdentity"u8, region, byPerson ? _humanIps[human] : _botIp, byPerson ? CliAgent : TerraformAgent);
            c.Write(",\"requestParameters\":null,\"responseElements\":null"u8);
            End(ref c, ref rng, true, null, true);
        }
        else if (r < 710)
        {
            Begin(ref c, _bot, time, x, "cloudformation"u8, "DescribeStacks"u8, region, _botIp, TerraformAgent);
            if (denied) Error(ref c, "AccessDenied"u8, "Access Denied"u8);
            c.Write(",\"requestParameters\":{\"stackName\":\"app-prod\"},\"responseElements\":null"u8);
            End(ref c, ref rng, true, null, true);
        }
        else if (r < 740)
        {
            ConsoleLogin(ref c, ref rng, _humans[human], time, x, _humanIps[human], success: true, mfa: true, eventType: "AwsConsoleSignIn"u8);
        }
        else if (r < 780)
        {
            Begin(ref c, _humans[human], time, x, "iam"u8, r < 760 ? "ListUsers"u8 : "GetUser"u8, "us-east-1"u8, _humanIps[human], ConsoleAgent);
            c.Write(r < 760 ? ",\"requestParameters\":{\"maxItems\":1000},\"responseElements\":null"u8 : ",\"requestParameters\":{\"userName\":\"deploy-bot\"},\"responseElements\":null"u8);
            End(ref c, ref rng, true, null, true);
        }
        else if (r < 810)
        {
            Begin(ref c, _bot, time, x, "ec2"u8, "DescribeSecurityGroups"u8, region, _botIp, TerraformAgent);
            c.Write(",\"requestParameters\":{\"securityGroupSet\":{},\"securityGroupIdSet\":{\"items\":[{\"groupId\":\"sg-"u8);
            c.WriteHexFixed(rng.NextUInt64(), 17);
            c.Write("\"}]},\"filterSet\":{}},\"responseElements\":null"u8);
            End(ref c, ref rng, true, null, true);
        }
        else if (r < 820)
        {
            Begin(ref c, _bot, time, x, "ec2"u8, "RunInstances"u8, region, _botIp, TerraformAgent);
            c.Write(",\"requestParameters\":{\"instancesSet\":{\"items\":[{\"imageId\":\"ami-"u8);
            c.WriteHexFixed(rng.NextUInt64(), 17);
            c.Write("\",\"minCount\":1,\"maxCount\":1}]},\"instanceType\":\"t3.medium\",\"blockDeviceMapping\":{},\"monitoring\":{\"enabled\":false},\"disableApiTermination\":false,\"disableApiStop\":false,\"clientToken\":\"terraform-"u8);
            c.WriteHexFixed(rng.NextUInt64(), 16);
            c.Write("\"},\"responseElements\":{\"requestId\":\""u8);
            Uuid(ref c, ref rng);
            c.Write("\",\"reservationId\":\"r-"u8);
            c.WriteHexFixed(rng.NextUInt64(), 17);
            c.Write("\",\"ownerId\":\""u8);
            c.Write(_account);
            c.Write("\",\"groupSet\":{},\"instancesSet\":{\"items\":[{\"instanceId\":\"i-"u8);
            c.WriteHexFixed(rng.NextUInt64(), 17);
            c.Write("\",\"instanceState\":{\"code\":0,\"name\":\"pending\"},\"instanceType\":\"t3.medium\",\"privateIpAddress\":\"10.0.12."u8);
            c.WriteDecimal(10 + rng.NextBelow(240));
            c.Write("\"}]}}"u8);
            End(ref c, ref rng, false, null, true);
        }
        else if (r < 822)
        {
            // The CI user rotating its own key: C7 does not apply (the caller's ARN names the key's user).
            CreateAccessKey(ref c, ref rng, _bot, "deploy-bot"u8, time, x, _botIp, TerraformAgent);
        }
        else
        {
            Begin(ref c, _appRole, time, x, "s3"u8, "GetBucketLocation"u8, region, "10.0.12.37"u8, BotoAgent);
            if (denied) Error(ref c, "AccessDenied"u8, "Access Denied"u8);
            c.Write(",\"requestParameters\":{\"bucketName\":\"app-prod-assets-"u8);
            c.Write(_account);
            c.Write("\",\"Host\":\"app-prod-assets.s3.amazonaws.com\",\"location\":\"\"},\"responseElements\":null"u8);
            End(ref c, ref rng, true, null, true, resources: "AWS::S3::Bucket"u8);
        }
        return LineKind.Record;
    }

    /// <inheritdoc/>
    protected override void WriteEvent(ref ByteCursor c, ref Xoshiro256PlusPlus rng, AttackScenario s, int number, long time, Context x)
    {
        var ip = _addresses[s.Index];
        switch (s.Kind)
        {
            case AttackKind.ConsoleLoginBruteForce:
                var user = s.Users![number % s.Users.Count];
                ConsoleLogin(ref c, ref rng, user == CloudTrailScenarioPlanner.Hidden ? _hidden : _byName[user], time, x, ip, success: false, mfa: false, eventType: "AwsConsoleSignIn"u8);
                break;
            case AttackKind.ConsoleLoginWithoutMfa:
                ConsoleLogin(ref c, ref rng, _byName[s.Users![0]], time, x, ip, success: true, mfa: false, eventType: "AwsConsoleSignIn"u8);
                break;
            case AttackKind.RootUsage:
                if (number == 0)
                {
                    ConsoleLogin(ref c, ref rng, _root, time, x, ip, success: true, mfa: true, eventType: "AwsConsoleSignIn"u8);
                    break;
                }
                Begin(ref c, _root, time, x, "iam"u8, number == 1 ? "GetAccountSummary"u8 : "ListAccessKeys"u8, "us-east-1"u8, ip, ConsoleAgent);
                c.Write(",\"requestParameters\":null,\"responseElements\":null"u8);
                End(ref c, ref rng, true, null, true);
                break;
            case AttackKind.TrailDisabled:
                Begin(ref c, _intruder, time, x, "cloudtrail"u8, number == 0 ? "StopLogging"u8 : "DeleteTrail"u8, "us-east-1"u8, ip, CliAgent);
                c.Write(",\"requestParameters\":{\"name\":\"arn:aws:cloudtrail:us-east-1:"u8);
                c.Write(_account);
                c.Write(":trail/management-events\"},\"responseElements\":null"u8);
                End(ref c, ref rng, false, null, true);
                break;
            case AttackKind.GuardDutyDeleted:
                Begin(ref c, _intruder, time, x, "guardduty"u8, "DeleteDetector"u8, "us-east-1"u8, ip, CliAgent);
                c.Write(",\"requestParameters\":{\"detectorId\":\""u8);
                c.WriteHexFixed(rng.NextUInt64(), 16);
                c.WriteHexFixed(rng.NextUInt64(), 16);
                c.Write("\"},\"responseElements\":null"u8);
                End(ref c, ref rng, false, null, true);
                break;
            case AttackKind.ConfigDisabled:
                Begin(ref c, _intruder, time, x, "config"u8, number == 0 ? "StopConfigurationRecorder"u8 : "DeleteDeliveryChannel"u8, "us-east-1"u8, ip, CliAgent);
                c.Write(number == 0 ? ",\"requestParameters\":{\"configurationRecorderName\":\"default\"},\"responseElements\":null"u8
                    : ",\"requestParameters\":{\"deliveryChannelName\":\"default\"},\"responseElements\":null"u8);
                End(ref c, ref rng, false, null, true);
                break;
            case AttackKind.BackdoorAccessKey:
                CreateAccessKey(ref c, ref rng, _intruder, Encoding.ASCII.GetBytes(s.Users![1]), time, x, ip, CliAgent);
                break;
            case AttackKind.LoginProfileChanged:
                Begin(ref c, _intruder, time, x, "iam"u8, "UpdateLoginProfile"u8, "us-east-1"u8, ip, CliAgent);
                c.Write(",\"requestParameters\":{\"userName\":\""u8);
                c.Write(Encoding.ASCII.GetBytes(s.Users![1]));
                c.Write("\",\"passwordResetRequired\":false},\"responseElements\":null"u8);
                End(ref c, ref rng, false, null, true);
                break;
            case AttackKind.SecurityGroupOpened:
                Begin(ref c, _intruder, time, x, "ec2"u8, "AuthorizeSecurityGroupIngress"u8, "us-east-1"u8, ip, CliAgent);
                c.Write(",\"requestParameters\":{\"groupId\":\"sg-"u8);
                c.WriteHexFixed(rng.NextUInt64(), 17);
                c.Write("\",\"ipPermissions\":{\"items\":[{\"ipProtocol\":\"tcp\",\"fromPort\":22,\"toPort\":22,\"groups\":{},\"ipRanges\":{\"items\":[{\"cidrIp\":\"0.0.0.0/0\"}]},\"ipv6Ranges\":{},\"prefixListIds\":{}}]}},\"responseElements\":{\"requestId\":\""u8);
                Uuid(ref c, ref rng);
                c.Write("\",\"_return\":true}"u8);
                End(ref c, ref rng, false, null, true);
                break;
            case AttackKind.BucketEnumeration:
                Begin(ref c, _intruder, time, x, "s3"u8, "ListBuckets"u8, "us-east-1"u8, ip, CliAgent);
                c.Write(",\"requestParameters\":{\"Host\":\"s3.amazonaws.com\"},\"responseElements\":null"u8);
                End(ref c, ref rng, true, null, true);
                break;
            case AttackKind.TruffleHog:
                Begin(ref c, _bot, time, x, "sts"u8, "GetCallerIdentity"u8, "us-east-1"u8, ip, TruffleHogAgent);
                c.Write(",\"requestParameters\":null,\"responseElements\":null"u8);
                End(ref c, ref rng, true, null, true);
                break;
            case AttackKind.ImdsCredentialsOutside:
                var role = _imds[s.Index];
                Begin(ref c, role, time, x, number == 1 ? "s3"u8 : number == 0 ? "sts"u8 : "ec2"u8,
                    number == 1 ? "ListBuckets"u8 : number == 0 ? "GetCallerIdentity"u8 : "DescribeInstances"u8, "us-east-1"u8, ip, CliAgent);
                c.Write(",\"requestParameters\":null,\"responseElements\":null"u8);
                End(ref c, ref rng, true, null, true);
                break;
            default: // BucketDeleted
                Begin(ref c, _intruder, time, x, "s3"u8, "DeleteBucket"u8, "us-east-1"u8, ip, CliAgent);
                c.Write(",\"requestParameters\":{\"bucketName\":\"app-prod-backups-"u8);
                c.Write(_account);
                c.Write("\",\"Host\":\"app-prod-backups.s3.amazonaws.com\"},\"responseElements\":null"u8);
                End(ref c, ref rng, false, null, true, resources: "AWS::S3::Bucket"u8);
                break;
        }
    }
}
