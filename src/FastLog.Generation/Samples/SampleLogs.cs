using System.Globalization;
using System.Text;

namespace FastLog.Generation.Samples;

/// <summary>
/// The small logs committed under <c>data/samples/</c> (<c>fastlog generate --samples DIR</c>):
/// made up from fixed seeds, nothing copied from a real log. Tests name their lines by index
/// and compare with oracles over them, so the bytes never change; the CI regenerates them and
/// compares (<c>build.ps1 check-samples</c>).
/// </summary>
public static class SampleLogs
{
    private const uint Seed = 20240309;

    /// <summary>Each sample's path below the samples folder and its bytes.</summary>
    public static IReadOnlyList<(string RelativePath, byte[] Bytes)> All() =>
    [
        ("combined/access.log", Encoding.UTF8.GetBytes(Combined())),
        ("common/access.log", Encoding.UTF8.GetBytes(Common())),
        ("nginx/access.log", Encoding.UTF8.GetBytes(Nginx())),
    ];

    /// <summary>
    /// Hand-placed lines of the combined sample, each at a fixed index (into the final list) so a
    /// failing test can name it. Inserted in index order.
    /// </summary>
    private static readonly (int Index, string Line)[] s_combinedSpecials =
    [
        // A request target with escaped quotes (Apache escapes " as \").
        (37, "198.51.100.42 - - [09/Mar/2024:09:14:07 -0700] \"GET /search?q=\\\"quoted+phrase\\\" HTTP/1.1\" 200 5120 \"-\" \"Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0\""),
        // A backslash escape inside the user agent.
        (58, "203.0.113.9 - - [09/Mar/2024:10:02:44 -0700] \"GET /docs/getting-started HTTP/1.1\" 200 8812 \"https://www.example.com/\" \"Agent with \\\\ backslash and \\\"quotes\\\"\""),
        // Garbage: not an access log line at all.
        (91, "<<< this is not an access log line: just some garbage text >>>"),
        // Blank line.
        (120, ""),
        // Truncated in the middle of the request (the writer died mid-line).
        (147, "192.0.2.77 - - [10/Mar/2024:02:11:09 +0200] \"GET /static/js/app.js HTT"),
        // Impossible date and time.
        (176, "198.51.100.4 - - [32/Foo/2024:25:61:99 -0700] \"GET / HTTP/1.1\" 200 1024 \"-\" \"curl/8.5.0\""),
        // Status is not a number.
        (203, "203.0.113.5 - - [10/Mar/2024:11:45:00 -0700] \"GET /pricing HTTP/1.1\" 2O0 3321 \"-\" \"curl/8.5.0\""),
        // Raw (unescaped) spaces inside the request target: awk's $9 is no longer the status.
        (231, "192.0.2.10 - - [10/Mar/2024:12:00:01 -0700] \"GET /files/annual report 2023.pdf HTTP/1.1\" 404 196 \"-\" \"Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0\""),
        // A request line with only a method and no target or protocol (as sent by some scanners).
        (259, "203.0.113.66 - - [10/Mar/2024:13:13:13 +0200] \"-\" 400 0 \"-\" \"-\""),
        // A 404-byte response to a 200: grep ' 404 ' counts it, a parser must not.
        (288, "192.0.2.11 - - [10/Mar/2024:14:04:04 -0700] \"GET /robots.txt HTTP/1.1\" 200 404 \"-\" \"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)\""),
        // Authenticated user with a long UUID path.
        (317, "2001:db8::1 - alice [11/Mar/2024:08:30:00 +0200] \"DELETE /api/orders/a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d HTTP/1.1\" 204 - \"-\" \"python-requests/2.31.0\""),
    ];

    /// <summary>
    /// Apache combined over three days (mixed -0700 and +0200 offsets), the special lines of
    /// <see cref="s_combinedSpecials"/>, one CRLF line end (after line 64) and no final newline.
    /// </summary>
    public static string Combined()
    {
        var traffic = new SampleTraffic(new SampleRandom(Seed), new DateTimeOffset(2024, 3, 9, 6, 0, 0, TimeSpan.Zero), [-7, -7, 2]);
        (string, int)[] methods = [("GET", 86), ("POST", 6), ("HEAD", 5), ("PUT", 2), ("DELETE", 1)];
        var lines = new List<string>();
        for (var i = 0; i < 420; i++)
        {
            var (client, user, request) = ClientUserRequest(traffic, 0.05, methods);
            var time = traffic.NextTime();
            var protocol = traffic.Protocol();
            var referer = traffic.Referer();
            var agent = traffic.UserAgent(request.Target);
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"{client} - {user} [{time}] \"{request.Method} {request.Target} {protocol}\" {request.Status} {SizeOrDash(request.Size)} \"{referer}\" \"{agent}\""));
        }
        foreach (var (index, line) in s_combinedSpecials)
            lines.Insert(index, line);

        const int CrlfIndex = 64;
        var text = new StringBuilder();
        for (var i = 0; i < lines.Count; i++)
        {
            text.Append(lines[i]);
            if (i == lines.Count - 1) break;
            text.Append(i == CrlfIndex ? "\r\n" : "\n");
        }
        return text.ToString();
    }

    /// <summary>Apache common log format: one authenticated user per ten lines, the Apache documentation's example shape, one request without its closing quote.</summary>
    public static string Common()
    {
        var traffic = new SampleTraffic(new SampleRandom(Seed + 1), new DateTimeOffset(2024, 2, 27, 7, 30, 0, TimeSpan.Zero), [-7]);
        (string, int)[] methods = [("GET", 90), ("POST", 5), ("HEAD", 4), ("PUT", 1)];
        var lines = new List<string>();
        for (var i = 0; i < 100; i++)
        {
            var (client, user, request) = ClientUserRequest(traffic, 0.1, methods);
            var time = traffic.NextTime();
            var protocol = traffic.Protocol();
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"{client} - {user} [{time}] \"{request.Method} {request.Target} {protocol}\" {request.Status} {SizeOrDash(request.Size)}"));
        }
        lines.Insert(0, "127.0.0.1 - frank [27/Feb/2024:06:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 2326");
        lines.Insert(50, "192.0.2.200 - - [27/Feb/2024:19:00:00 -0700] \"GET /index.html HTTP/1.1 200 512");
        return string.Join('\n', lines) + "\n";
    }

    /// <summary>
    /// nginx combined plus <c>$request_time</c> (three decimals): <c>0</c> for empty bodies, slow
    /// 5xx, a TLS handshake logged as <c>\xHH</c> escapes and an empty <c>""</c> request.
    /// </summary>
    public static string Nginx()
    {
        var traffic = new SampleTraffic(new SampleRandom(Seed + 2), new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero), [0]);
        var rng = traffic.Random;
        (string, int)[] methods = [("GET", 80), ("POST", 12), ("HEAD", 4), ("PUT", 3), ("DELETE", 1)];
        var lines = new List<string>();
        for (var i = 0; i < 200; i++)
        {
            var (client, user, request) = ClientUserRequest(traffic, 0.03, methods);
            // nginx writes 0, not "-", for an empty body ($body_bytes_sent).
            var body = request.Size ?? 0;
            var seconds = request.Target.StartsWith("/api/", StringComparison.Ordinal)
                ? 0.002 + Math.Pow(rng.Unit(), 3) * 1.5
                : Math.Pow(rng.Unit(), 4) * 0.2;
            if (request.Status is 500 or 503) seconds += 2.0 + rng.Unit() * 3.0;
            var time = traffic.NextTime();
            var protocol = traffic.Protocol();
            var referer = traffic.Referer();
            var agent = traffic.UserAgent(request.Target);
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"{client} - {user} [{time}] \"{request.Method} {request.Target} {protocol}\" {request.Status} {body} \"{referer}\" \"{agent}\" {seconds:F3}"));
        }
        lines.Insert(77, "203.0.113.129 - - [01/Mar/2024:13:37:00 +0000] \"\\x16\\x03\\x01\\x00\\xF1\\x01\\x00\\x00\\xED\\x03\\x03\" 400 157 \"-\" \"-\" 0.001");
        lines.Insert(140, "198.51.100.250 - - [02/Mar/2024:04:20:00 +0000] \"\" 400 0 \"-\" \"-\" 0.000");
        return string.Join('\n', lines) + "\n";
    }

    /// <summary>Draws, in this order, a client, a user (authenticated with probability <paramref name="userChance"/>) and a request.</summary>
    private static (string Client, string User, SampleRequest Request) ClientUserRequest(SampleTraffic traffic, double userChance, (string, int)[] methods)
    {
        var rng = traffic.Random;
        var client = rng.Weighted(SampleCatalog.ClientWeights);
        var user = rng.Chance(userChance) ? rng.Pick(SampleCatalog.Users) : "-";
        return (client, user, traffic.NextRequest(methods));
    }

    private static string SizeOrDash(long? size) => size is { } s ? s.ToString(CultureInfo.InvariantCulture) : "-";
}
