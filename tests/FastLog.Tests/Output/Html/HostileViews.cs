using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace FastLog.Tests.Output.Html;

/// <summary>
/// Logs of every format with a per-format section (auth, syslog, CloudTrail, GitHub, a JSON
/// application log) whose free fields carry <see cref="HostileLog.Payloads"/>, next to the
/// hostile access log under a file name that is itself a payload: every value the per-format
/// panels, the inputs list and the findings show comes from them.
/// </summary>
public static class HostileViews
{
    /// <summary>The access log's file name (a payload; the report lists its inputs).</summary>
    public const string AccessLogName = "<svg onload=alert(20)>.log";

    // Relaxed: keeps < > & as they are in the file, as a log would hold them; controls stay escaped.
    private static readonly JsonSerializerOptions s_json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes the logs into <paramref name="directory"/>; returns their paths.</summary>
    public static string[] Write(string directory)
    {
        var access = Path.Combine(directory, AccessLogName);
        File.WriteAllBytes(access, HostileLog.Bytes());
        var auth = new StringBuilder();
        var syslog = new StringBuilder();
        var trail = new StringBuilder();
        var github = new StringBuilder();
        var app = new StringBuilder();
        for (var i = 0; i < HostileLog.Payloads.Length; i++)
        {
            var p = HostileLog.Payloads[i];
            // Syslog-style fields end at a space (and a program name at '[' or ':').
            var word = p.Replace(' ', '+');
            var program = word.Replace(':', '=').Replace('[', '(');
            var time = $"Mar  4 10:{i:00}";
            // Enough failures from one address for the brute-force rule to fire, each with a payload user.
            for (var k = 0; k < 6; k++)
                auth.Append(CultureInfo.InvariantCulture, $"{time}:{k:00} {word} sshd[100]: Failed password for invalid user {word} from 203.0.113.50 port 22 ssh2\n");
            auth.Append(CultureInfo.InvariantCulture, $"{time}:10 {word} sshd[101]: Accepted publickey for {word} from 198.51.100.{i} port 22 ssh2\n");
            auth.Append(CultureInfo.InvariantCulture, $"{time}:20 {word} sudo: {word} : TTY=pts/0 ; PWD=/ ; USER=root ; COMMAND={p}\n");
            syslog.Append(CultureInfo.InvariantCulture, $"{time}:00 {word} {program}[7]: {p}\n");
            var ts = $"2024-03-04T10:{i:00}:00Z";
            trail.Append(Json(new Dictionary<string, object>
            {
                ["eventVersion"] = "1.09",
                ["userIdentity"] = new Dictionary<string, object> { ["type"] = p, ["userName"] = p, ["arn"] = "arn:aws:iam::1:user/" + p },
                ["eventTime"] = ts, ["eventSource"] = p, ["eventName"] = i % 2 == 0 ? "ConsoleLogin" : p, ["awsRegion"] = p,
                ["sourceIPAddress"] = p, ["userAgent"] = p, ["errorCode"] = p, ["errorMessage"] = p,
                ["responseElements"] = new Dictionary<string, object> { ["ConsoleLogin"] = "Failure" },
                ["additionalEventData"] = new Dictionary<string, object> { ["MFAUsed"] = "No" },
                ["eventType"] = "AwsConsoleSignIn",
            })).Append('\n');
            github.Append(Json(new Dictionary<string, object>
            {
                ["id"] = (1000 + i).ToString(CultureInfo.InvariantCulture), ["type"] = p,
                ["actor"] = new Dictionary<string, object> { ["id"] = i, ["login"] = p },
                ["repo"] = new Dictionary<string, object> { ["id"] = i, ["name"] = p },
                ["payload"] = new Dictionary<string, object>(), ["public"] = true, ["created_at"] = ts,
            })).Append('\n');
            app.Append(Json(new Dictionary<string, object> { ["ts"] = ts, ["service"] = p, ["level"] = i % 2 == 0 ? "error" : p, ["msg"] = p }))
                .Append('\n');
        }
        // NUL, bidi and invalid UTF-8 through JSON escapes and raw bytes.
        app.Append("{\"ts\":\"2024-03-04T11:00:00Z\",\"service\":\"nul:\\u0000<s>\\u202E\",\"level\":\"info\"}\n");
        string[] paths = [access, .. new[] { ("auth.log", auth), ("syslog.log", syslog), ("trail.json", trail), ("github.json", github), ("app.jsonl", app) }
            .Select(f =>
            {
                var path = Path.Combine(directory, f.Item1);
                File.WriteAllText(path, f.Item2.ToString());
                return path;
            })];
        return paths;
    }

    private static string Json(Dictionary<string, object> value) => JsonSerializer.Serialize(value, s_json);
}
