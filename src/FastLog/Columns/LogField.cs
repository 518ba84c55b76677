namespace FastLog.Columns;

/// <summary>The fields of the access-log schema.</summary>
public enum LogField
{
    /// <summary>Client address or host name, as written in the log.</summary>
    Ip,
    /// <summary>The identd field (almost always absent).</summary>
    Ident,
    /// <summary>Authenticated user.</summary>
    User,
    /// <summary>Timestamp as a UTC instant.</summary>
    Ts,
    /// <summary>Request method.</summary>
    Method,
    /// <summary>Request target without the query.</summary>
    Path,
    /// <summary>Query string without the <c>?</c>.</summary>
    Query,
    /// <summary>Request protocol, e.g. <c>HTTP/1.1</c>.</summary>
    Protocol,
    /// <summary>Final status code.</summary>
    Status,
    /// <summary>Response body bytes.</summary>
    Bytes,
    /// <summary>Referer header.</summary>
    Referer,
    /// <summary>User-Agent header.</summary>
    Agent,
    /// <summary>Request time (nginx <c>$request_time</c>), in microseconds.</summary>
    RequestTime,
    /// <summary>UTC hour bucket of <see cref="Ts"/>, printed as <c>YYYY-MM-DDTHH</c>.</summary>
    Hour,
    /// <summary>Virtual host or domain the request named (nginx vhost, ALB domain_name, W3C cs-host).</summary>
    Vhost,
    /// <summary>Syslog HOSTNAME.</summary>
    Host,
    /// <summary>Syslog APP-NAME / TAG (<c>sshd</c>, <c>CRON</c>).</summary>
    App,
    /// <summary>Syslog PROCID / the PID in <c>TAG[PID]</c>.</summary>
    Pid,
    /// <summary>Syslog severity 0–7 (PRI mod 8).</summary>
    Severity,
    /// <summary>Syslog facility 0–23 (PRI / 8).</summary>
    Facility,
    /// <summary>RFC 5424 MSGID.</summary>
    MsgId,
    /// <summary>Free-text message (syslog MSG, application log message).</summary>
    Message,
    /// <summary>Authentication event (<see cref="AuthEvent"/>): failed_password, accepted, invalid_user, …</summary>
    Event,
    /// <summary>Client source port.</summary>
    Port,
    /// <summary>True when sshd named the user invalid (<c>for invalid user X</c>, <c>Invalid user X</c>).</summary>
    InvalidUser,
    /// <summary>Command a <c>sudo</c> line ran (<c>COMMAND=…</c>).</summary>
    Command,
    /// <summary>CloudTrail <c>eventName</c>.</summary>
    EventName,
    /// <summary>CloudTrail <c>eventSource</c>.</summary>
    EventSource,
    /// <summary>CloudTrail <c>eventType</c>.</summary>
    EventType,
    /// <summary>CloudTrail <c>userIdentity.type</c>.</summary>
    UserType,
    /// <summary>CloudTrail <c>userIdentity.arn</c>.</summary>
    UserArn,
    /// <summary>CloudTrail <c>awsRegion</c>.</summary>
    Region,
    /// <summary>CloudTrail <c>errorCode</c>; null means success.</summary>
    ErrorCode,
    /// <summary>CloudTrail <c>errorMessage</c>.</summary>
    ErrorMessage,
    /// <summary>CloudTrail <c>additionalEventData.MFAUsed</c> (<c>Yes</c>/<c>No</c>).</summary>
    Mfa,
    /// <summary>CloudTrail <c>responseElements.ConsoleLogin</c> (<c>Success</c>/<c>Failure</c>).</summary>
    ConsoleLogin,
    /// <summary>CloudTrail <c>requestParameters.userName</c> (rule C8).</summary>
    RequestUserName,
    /// <summary>CloudTrail <c>responseElements.accessKey.userName</c> (rule C7).</summary>
    AccessKeyUserName,
    /// <summary>CloudTrail <c>requestParameters.enable</c> as written (rule C5).</summary>
    RequestEnable,
    /// <summary>GitHub event <c>type</c> (<c>PushEvent</c>, …).</summary>
    Type,
    /// <summary>GitHub <c>actor.login</c>.</summary>
    Actor,
    /// <summary>GitHub <c>repo.name</c> (<c>owner/repo</c>).</summary>
    Repo,
    /// <summary>GitHub <c>public</c>.</summary>
    Public,
    /// <summary>Bytes of the GitHub event's <c>payload</c> object as written.</summary>
    PayloadBytes,
    /// <summary>ALB load balancer id (<c>app/name/id</c>).</summary>
    Elb,
    /// <summary>ALB target <c>ip:port</c>.</summary>
    Target,
    /// <summary>ALB target status code; null when the request never reached a target.</summary>
    TargetStatus,
    /// <summary>Request bytes received (ALB received_bytes, W3C cs-bytes).</summary>
    ReceivedBytes,
    /// <summary>ALB request_processing_time, in microseconds.</summary>
    RequestProcessingTime,
    /// <summary>ALB target_processing_time, in microseconds.</summary>
    TargetProcessingTime,
    /// <summary>ALB response_processing_time, in microseconds.</summary>
    ResponseProcessingTime,
    /// <summary>TLS cipher (ALB ssl_cipher).</summary>
    SslCipher,
    /// <summary>TLS protocol (ALB ssl_protocol).</summary>
    SslProtocol,
    /// <summary>Service name of an application log (<c>jsonl</c>).</summary>
    Service,
    /// <summary>Log level of an application log (<c>jsonl</c>).</summary>
    Level,
    /// <summary>Latency of an application log, in microseconds (<c>jsonl</c>).</summary>
    Latency,
    /// <summary>Occurrences a record stands for: N for syslog <c>message repeated N times</c>, else 1.</summary>
    Repeat,
    /// <summary>CloudTrail role session name: the last segment of an <c>assumed-role/ROLE/SESSION</c> ARN.</summary>
    SessionName,
    /// <summary>Failed login attempts an auth record adds to the count (0 when another line of its sshd session already counted them).</summary>
    Failures,
}
