using FastLog.Aggregation;
using FastLog.Columns;
using FastLog.Formats;

namespace FastLog.Tests.Aggregation;

/// <summary>
/// Seeded record lists of each view's format and their batches. Tests compute their expected
/// figures from these records (the oracle) and feed the batches to the code under test.
/// </summary>
public static class ViewsFixture
{
    /// <summary>2024-03-01T00:00:00Z.</summary>
    public const long T0 = 1_709_251_200;

    public sealed record AuthRecord(long Ts, AuthEvent Event, string? User, string? Ip, string? Method, bool Invalid, string? App, string? Host, string? Command, long Repeat);

    public sealed record SyslogRecord(long Ts, string? App, string? Host, long? Severity, long Repeat);

    public sealed record CloudTrailRecord(long Ts, string? Name, string? Source, string? Region, string? Error, string? UserType, string? User, string? Ip, string? ConsoleLogin, string? Mfa);

    public sealed record GithubRecord(long Ts, string? Type, string? Actor, string? Repo, long? Public);

    public sealed record JsonlRecord(long Ts, string? Service, string? Level, long? LatencyMicros);

    private static T? Pick<T>(Random random, T?[] values) => values[random.Next(values.Length)];

    public static List<AuthRecord> AuthRecords(int count, int seed = 1)
    {
        var random = new Random(seed);
        string?[] users = ["root", "admin", "oracle", "vagrant", null, "bad\0user"];
        string?[] ips = ["203.0.113.9", "198.51.100.7", "10.0.0.5", "2001:db8::1", null];
        string?[] methods = ["password", "publickey", null];
        string?[] apps = ["sshd", "sudo", "CRON", null];
        string?[] hosts = ["web1", "web2"];
        string?[] commands = ["/bin/ls", "/usr/bin/id -u", null];
        var list = new List<AuthRecord>();
        for (var i = 0; i < count; i++)
        {
            // One record before 1970 checks that hours are floored, not truncated toward zero.
            var ts = i == 5 ? -1 : T0 + random.Next(3 * 86400);
            var e = (AuthEvent)random.Next(AuthEventNames.Names.Count);
            list.Add(new AuthRecord(ts, e, Pick(random, users), Pick(random, ips), e == AuthEvent.Accepted ? Pick(random, methods) : null,
                random.Next(4) == 0, Pick(random, apps), Pick(random, hosts), e == AuthEvent.SudoCommand ? Pick(random, commands) : null,
                random.Next(5) == 0 ? random.Next(2, 6) : 1));
        }
        return list;
    }

    public static ViewsBatchBuilder AuthBatches(IEnumerable<AuthRecord> records)
    {
        var b = new ViewsBatchBuilder(LogFormat.Auth, [LogField.App, LogField.Host, LogField.Command, LogField.Message],
            [LogField.Event, LogField.InvalidUser, LogField.Repeat, LogField.Port]);
        foreach (var r in records)
            b.Add(r.Ts, (LogField.Event, (long)r.Event), (LogField.User, r.User), (LogField.Ip, r.Ip), (LogField.Method, r.Method),
                (LogField.InvalidUser, r.Invalid ? 1L : 0L), (LogField.App, r.App), (LogField.Host, r.Host), (LogField.Command, r.Command),
                (LogField.Repeat, r.Repeat), (LogField.Message, "msg"));
        return b;
    }

    public static List<SyslogRecord> SyslogRecords(int count, int seed = 2)
    {
        var random = new Random(seed);
        string?[] apps = ["kernel", "systemd", "cron", null];
        string?[] hosts = ["db1", "db2", null];
        long?[] severities = [0, 3, 4, 6, 6, 7, null];
        return Enumerable.Range(0, count).Select(_ => new SyslogRecord(T0 + random.Next(86400), Pick(random, apps), Pick(random, hosts),
            Pick(random, severities), random.Next(6) == 0 ? random.Next(2, 9) : 1)).ToList();
    }

    public static ViewsBatchBuilder SyslogBatches(IEnumerable<SyslogRecord> records)
    {
        var b = new ViewsBatchBuilder(LogFormat.Syslog, [LogField.App, LogField.Host, LogField.Message], [LogField.Severity, LogField.Facility, LogField.Repeat]);
        foreach (var r in records)
            b.Add(r.Ts, (LogField.App, r.App), (LogField.Host, r.Host), (LogField.Severity, r.Severity), (LogField.Repeat, r.Repeat), (LogField.Message, "m"));
        return b;
    }

    public static List<CloudTrailRecord> CloudTrailRecords(int count, int seed = 3)
    {
        var random = new Random(seed);
        string?[] names = ["ListBuckets", "GetObject", "AssumeRole", "DescribeInstances"];
        string?[] sources = ["s3.amazonaws.com", "sts.amazonaws.com", "ec2.amazonaws.com"];
        string?[] regions = ["us-east-1", "eu-west-1", null];
        string?[] errors = [null, null, null, "AccessDenied", "ThrottlingException"];
        string?[] types = ["IAMUser", "AssumedRole", "Root", null];
        string?[] users = ["alice", "bob", "HIDDEN_DUE_TO_SECURITY_REASONS", null];
        string?[] ips = ["198.51.100.1", "AWS Internal", "203.0.113.50"];
        var list = new List<CloudTrailRecord>();
        for (var i = 0; i < count; i++)
        {
            var console = random.Next(4) == 0;
            var login = console ? Pick(random, new string?[] { "Success", "Success", "Failure" }) : null;
            list.Add(new CloudTrailRecord(T0 + random.Next(2 * 86400), console ? "ConsoleLogin" : Pick(random, names),
                console ? "signin.amazonaws.com" : Pick(random, sources), Pick(random, regions), login == "Failure" ? null : Pick(random, errors),
                Pick(random, types), Pick(random, users), Pick(random, ips), login, console ? Pick(random, new string?[] { "Yes", "No", null }) : null));
        }
        return list;
    }

    public static ViewsBatchBuilder CloudTrailBatches(IEnumerable<CloudTrailRecord> records)
    {
        var b = new ViewsBatchBuilder(LogFormat.CloudTrail,
            [LogField.EventName, LogField.EventSource, LogField.Region, LogField.ErrorCode, LogField.UserType, LogField.UserArn, LogField.ConsoleLogin, LogField.Mfa], []);
        foreach (var r in records)
            b.Add(r.Ts, (LogField.EventName, r.Name), (LogField.EventSource, r.Source), (LogField.Region, r.Region), (LogField.ErrorCode, r.Error),
                (LogField.UserType, r.UserType), (LogField.User, r.User), (LogField.Ip, r.Ip), (LogField.ConsoleLogin, r.ConsoleLogin), (LogField.Mfa, r.Mfa),
                (LogField.Agent, "aws-cli/2"));
        return b;
    }

    public static List<GithubRecord> GithubRecords(int count, int seed = 4)
    {
        var random = new Random(seed);
        string?[] types = ["PushEvent", "WatchEvent", "IssuesEvent", "CreateEvent"];
        string?[] actors = ["octocat", "dependabot[bot]", "torvalds", "a", "b", "c"];
        string?[] repos = ["octo/hello", "torvalds/linux", "x/y", null];
        long?[] visibility = [1, 1, 1, 0, null];
        return Enumerable.Range(0, count).Select(_ => new GithubRecord(T0 + random.Next(7200), Pick(random, types), Pick(random, actors),
            Pick(random, repos), Pick(random, visibility))).ToList();
    }

    public static ViewsBatchBuilder GithubBatches(IEnumerable<GithubRecord> records)
    {
        var b = new ViewsBatchBuilder(LogFormat.Github, [LogField.Type, LogField.Actor, LogField.Repo], [LogField.Public, LogField.PayloadBytes]);
        foreach (var r in records)
            b.Add(r.Ts, (LogField.Type, r.Type), (LogField.Actor, r.Actor), (LogField.Repo, r.Repo), (LogField.Public, r.Public), (LogField.PayloadBytes, 100L));
        return b;
    }

    public static List<JsonlRecord> JsonlRecords(int count, int seed = 5)
    {
        var random = new Random(seed);
        string?[] services = ["api", "worker", "auth", null];
        string?[] levels = ["info", "INFO", "warn", "error", "ERROR", "fatal", "debug", null];
        return Enumerable.Range(0, count).Select(_ => new JsonlRecord(T0 + random.Next(86400), Pick(random, services), Pick(random, levels),
            random.Next(8) == 0 ? null : random.Next(50) == 0 ? random.Next(1_000_000, 5_000_000) : random.Next(0, 20_000))).ToList();
    }

    public static ViewsBatchBuilder JsonlBatches(IEnumerable<JsonlRecord> records, bool serviceMapped = true)
    {
        var b = new ViewsBatchBuilder(LogFormat.Jsonl, serviceMapped ? [LogField.Service, LogField.Level, LogField.Message] : [LogField.Level, LogField.Message], [LogField.Latency]);
        foreach (var r in records)
            b.Add(r.Ts, (LogField.Service, serviceMapped ? r.Service : null), (LogField.Level, r.Level), (LogField.Latency, r.LatencyMicros), (LogField.Message, "hello"));
        return b;
    }

    /// <summary>Feeds <paramref name="builder"/>'s records in batches of <paramref name="batchSize"/>.</summary>
    public static void Feed(IAggregator aggregator, ViewsBatchBuilder builder, int batchSize = 37, int start = 0, int count = -1)
    {
        if (count < 0) count = builder.Count - start;
        for (var s = start; s < start + count; s += batchSize)
        {
            var (batch, block) = builder.Build(s, Math.Min(batchSize, start + count - s));
            aggregator.Consume(batch, block);
        }
    }
}
