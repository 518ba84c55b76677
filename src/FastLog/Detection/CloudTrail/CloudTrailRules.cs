namespace FastLog.Detection.CloudTrail;

/// <summary>
/// The AWS CloudTrail rules C1–C13 of README's `detect` section (SigmaHQ
/// <c>rules/cloud/aws/cloudtrail/…</c>, Splunk), their ids and severities. Field values compare
/// ignoring ASCII case, as Sigma string matches do; the C12 regular expression is case-sensitive.
/// </summary>
public static class CloudTrailRules
{
    private const string Authentication = "authentication";
    private const string Iam = "iam";
    private const string Configuration = "configuration";

    /// <summary>C1 failed console login.</summary>
    public static readonly DetectionRule ConsoleLoginFailed = new("C1", "AWS console login failed", Severity.Medium,
        "eventName = ConsoleLogin and errorMessage = Failed authentication", "SigmaHQ aws_cloudtrail_console_login_failed_authentication.yml") { Category = Authentication };
    /// <summary>C1b many failed console logins from one address.</summary>
    public static readonly DetectionRule ConsoleLoginFailures = new("C1b", "Many failed AWS console logins from one address", Severity.High,
        "> 20 failed console logins (errorMessage Failed authentication or ConsoleLogin Failure) from one sourceIPAddress in a 10-minute bucket",
        "Splunk aws_high_number_of_failed_authentications_from_ip.yml") { Category = Authentication };
    /// <summary>C2 console login without MFA.</summary>
    public static readonly DetectionRule ConsoleLoginWithoutMfa = new("C2", "AWS console login without MFA", Severity.Medium,
        "eventName = ConsoleLogin, MFAUsed = No and ConsoleLogin = Success", "SigmaHQ aws_cloudtrail_console_login_success_without_mfa.yml") { Category = Authentication };
    /// <summary>C3 root credentials used.</summary>
    public static readonly DetectionRule RootUsage = new("C3", "AWS root credentials used", Severity.Medium,
        "userIdentity.type = Root and eventType is not AwsServiceEvent", "SigmaHQ aws_root_account_usage.yml") { Category = Iam };
    /// <summary>C4 CloudTrail logging changed.</summary>
    public static readonly DetectionRule TrailChanged = new("C4", "AWS CloudTrail important change", Severity.Medium,
        "eventSource = cloudtrail.amazonaws.com and eventName is StopLogging, UpdateTrail or DeleteTrail", "SigmaHQ aws_cloudtrail_disable_logging.yml") { Category = Configuration };
    /// <summary>C5 GuardDuty detector deleted or disabled.</summary>
    public static readonly DetectionRule GuardDutyDisabled = new("C5", "AWS GuardDuty detector deleted or disabled", Severity.High,
        "eventSource = guardduty.amazonaws.com, DeleteDetector or UpdateDetector with enable = false, errorCode absent or Success",
        "SigmaHQ aws_cloudtrail_guardduty_detector_deleted_or_updated.yml") { Category = Configuration };
    /// <summary>C6 AWS Config disabled.</summary>
    public static readonly DetectionRule ConfigDisabled = new("C6", "AWS Config channel or recorder disabled", Severity.High,
        "eventSource = config.amazonaws.com and eventName is DeleteDeliveryChannel or StopConfigurationRecorder", "SigmaHQ aws_config_disable_recording.yml") { Category = Configuration };
    /// <summary>C7 access key created for another user.</summary>
    public static readonly DetectionRule BackdoorAccessKey = new("C7", "AWS IAM access key created for another user", Severity.Medium,
        "iam CreateAccessKey whose userIdentity.arn does not contain responseElements.accessKey.userName", "SigmaHQ aws_iam_backdoor_users_keys.yml") { Category = Iam };
    /// <summary>C8 login profile changed for another user.</summary>
    public static readonly DetectionRule LoginProfileChanged = new("C8", "AWS user login profile modified by another user", Severity.High,
        "iam UpdateLoginProfile whose userIdentity.arn does not contain requestParameters.userName", "SigmaHQ aws_update_login_profile.yml") { Category = Iam };
    /// <summary>C9 security group ingress/egress change.</summary>
    public static readonly DetectionRule SecurityGroupChanged = new("C9", "AWS security group ingress or egress changed", Severity.Medium,
        "ec2 Authorize/RevokeSecurityGroupIngress/Egress", "SigmaHQ aws_cloudtrail_security_group_change_ingress_egress.yml") { Category = Configuration };
    /// <summary>C10 bucket enumeration.</summary>
    public static readonly DetectionRule BucketEnumeration = new("C10", "Potential S3 bucket enumeration", Severity.Low,
        "s3 ListBuckets by an identity that is not an AssumedRole", "SigmaHQ aws_enum_buckets.yml") { Category = "file" };
    /// <summary>C11 TruffleHog.</summary>
    public static readonly DetectionRule TruffleHog = new("C11", "AWS STS GetCallerIdentity by TruffleHog", Severity.Medium,
        "sts GetCallerIdentity with a user agent containing TruffleHog", "SigmaHQ aws_sts_getcalleridentity_trufflehog.yml") { Category = Iam };
    /// <summary>C12 IMDS credentials used outside AWS.</summary>
    public static readonly DetectionRule ImdsCredentials = new("C12", "IMDS credentials used outside AWS", Severity.High,
        "userIdentity.arn matches .+:assumed-role/aws:.+ and not ssm RegisterManagedInstance from AWS Internal", "SigmaHQ aws_cloudtrail_imds_malicious_usage.yml") { Category = Iam };
    /// <summary>C13 bucket deleted.</summary>
    public static readonly DetectionRule BucketDeleted = new("C13", "AWS S3 bucket deleted", Severity.Medium,
        "eventName = DeleteBucket and errorCode absent or Success", "SigmaHQ aws_cloudtrail_bucket_deleted.yml") { Category = "file" };

    /// <summary>Every CloudTrail rule, in id order; a per-event hit stores its rule's index here.</summary>
    public static IReadOnlyList<DetectionRule> All { get; } =
    [
        ConsoleLoginFailed, ConsoleLoginFailures, ConsoleLoginWithoutMfa, RootUsage, TrailChanged, GuardDutyDisabled, ConfigDisabled,
        BackdoorAccessKey, LoginProfileChanged, SecurityGroupChanged, BucketEnumeration, TruffleHog, ImdsCredentials, BucketDeleted,
    ];
}
