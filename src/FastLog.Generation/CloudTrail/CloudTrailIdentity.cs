using System.Text;

namespace FastLog.Generation.CloudTrail;

/// <summary>
/// A <c>userIdentity</c> object pre-rendered as JSON: <see cref="Head"/>, then (for assumed roles)
/// the session's creation time and <see cref="Tail"/>. Names are plain ASCII: nothing to escape.
/// </summary>
internal sealed class CloudTrailIdentity
{
    public required byte[] Head { get; init; }
    public byte[]? Tail { get; init; }
    /// <summary>The ARN (empty for services and hidden users).</summary>
    public required byte[] Arn { get; init; }
    /// <summary>The user or role session name.</summary>
    public required byte[] Name { get; init; }

    public static CloudTrailIdentity IamUser(string account, string name, string principal, string key) => new()
    {
        Head = Encoding.ASCII.GetBytes($"{{\"type\":\"IAMUser\",\"principalId\":\"AIDA{principal}\",\"arn\":\"arn:aws:iam::{account}:user/{name}\",\"accountId\":\"{account}\",\"accessKeyId\":\"AKIA{key}\",\"userName\":\"{name}\"}}"),
        Arn = Encoding.ASCII.GetBytes($"arn:aws:iam::{account}:user/{name}"),
        Name = Encoding.ASCII.GetBytes(name),
    };

    public static CloudTrailIdentity Hidden(string account) => new()
    {
        Head = Encoding.ASCII.GetBytes($"{{\"type\":\"IAMUser\",\"principalId\":\"\",\"accountId\":\"{account}\",\"accessKeyId\":\"\",\"userName\":\"{CloudTrailScenarioPlanner.Hidden}\"}}"),
        Arn = [],
        Name = Encoding.ASCII.GetBytes(CloudTrailScenarioPlanner.Hidden),
    };

    public static CloudTrailIdentity Role(string account, string role, string session, string principal, string key) => new()
    {
        Head = Encoding.ASCII.GetBytes($"{{\"type\":\"AssumedRole\",\"principalId\":\"AROA{principal}:{session}\",\"arn\":\"arn:aws:sts::{account}:assumed-role/{role}/{session}\",\"accountId\":\"{account}\",\"accessKeyId\":\"ASIA{key}\",\"sessionContext\":{{\"sessionIssuer\":{{\"type\":\"Role\",\"principalId\":\"AROA{principal}\",\"arn\":\"arn:aws:iam::{account}:role/{role}\",\"accountId\":\"{account}\",\"userName\":\"{role}\"}},\"webIdFederationData\":{{}},\"attributes\":{{\"creationDate\":\""),
        Tail = "\",\"mfaAuthenticated\":\"false\"}}}"u8.ToArray(),
        Arn = Encoding.ASCII.GetBytes($"arn:aws:sts::{account}:assumed-role/{role}/{session}"),
        Name = Encoding.ASCII.GetBytes(session),
    };

    public static CloudTrailIdentity Service(string service) => new()
    {
        Head = Encoding.ASCII.GetBytes($"{{\"type\":\"AWSService\",\"invokedBy\":\"{service}\"}}"),
        Arn = [],
        Name = Encoding.ASCII.GetBytes(service),
    };

    public static CloudTrailIdentity Root(string account, string key) => new()
    {
        Head = Encoding.ASCII.GetBytes($"{{\"type\":\"Root\",\"principalId\":\"{account}\",\"arn\":\"arn:aws:iam::{account}:root\",\"accountId\":\"{account}\",\"accessKeyId\":\"ASIA{key}\"}}"),
        Arn = Encoding.ASCII.GetBytes($"arn:aws:iam::{account}:root"),
        Name = "root"u8.ToArray(),
    };
}
