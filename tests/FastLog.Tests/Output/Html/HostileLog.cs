using System.Text;

namespace FastLog.Tests.Output.Html;

/// <summary>
/// A combined log whose every free field carries the payloads report generators have fallen to
/// (GoAccess and AWStats stored XSS): script tags, event handlers, <c>&lt;/style&gt;</c>, SVG,
/// <c>javascript:</c> referers, template syntax, pre-escaped entities, very long values, RTL and
/// other bidi controls, NUL and invalid UTF-8. Some lines are malformed on purpose, so payloads
/// reach the malformed-line excerpts too; one client repeats a traversal and a scanner agent so
/// the detection rules fire and payloads reach findings and evidence.
/// </summary>
public static class HostileLog
{
    /// <summary>The payloads, as UTF-8 text (NUL and invalid bytes are added separately).</summary>
    public static readonly string[] Payloads =
    [
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(2)>",
        "</style><script>alert(3)</script>",
        "<svg onload=alert(4)>",
        "javascript:alert(5)",
        "{{constructor.constructor('alert(6)')()}}",
        "</text></svg><script>alert(7)</script>",
        "' onmouseover='alert(8)",
        "&lt;script&gt;alert(9)&lt;/script&gt;",
        "<!--<iframe src=javascript:alert(10)>-->",
        "<a href=\"javascript:alert(11)\">x</a>",
        "\u202Egnp.exe\u2066<b>bidi</b>\u2069",
        "<math><mi xlink:href=\"javascript:alert(12)\">",
    ];

    /// <summary>The log bytes.</summary>
    public static byte[] Bytes()
    {
        using var log = new MemoryStream();
        var line = 0;
        void Add(string ip, string user, string request, int status, string referer, string agent, byte[]? tail = null)
        {
            var hour = (line++ % 48).ToString("00", System.Globalization.CultureInfo.InvariantCulture);
            var day = line % 2 == 0 ? "04" : "05";
            var text = $"{ip} - {user} [{day}/Mar/2024:{int.Parse(hour) % 24:00}:00:00 +0000] \"{request}\" {status} 512 \"{referer}\" \"{agent}";
            log.Write(Encoding.UTF8.GetBytes(text));
            if (tail is not null) log.Write(tail);
            log.Write("\"\n"u8);
        }
        foreach (var p in Payloads)
        {
            var noSpace = p.Replace(' ', '+').Replace("\"", "%22");
            var quoted = p.Replace("\"", "\\\"");
            Add("203.0.113.7", noSpace, $"GET /{noSpace} HTTP/1.1", 404, quoted, quoted);
            Add("198.51.100.9", "-", $"POST /login?next={noSpace} HTTP/1.1", 200, "javascript:alert(13)", "Mozilla/5.0 " + quoted);
            // Malformed on purpose: the payload stands where the timestamp belongs.
            log.Write(Encoding.UTF8.GetBytes($"192.0.2.1 - - [{p}] \"GET / HTTP/1.1\" 200 1 \"-\" \"-\"\n"));
        }
        // NUL and invalid UTF-8 inside values.
        Add("203.0.113.7", "-", "GET /nul HTTP/1.1", 200, "-", "agent-with-nul:", [0x00, (byte)'<', (byte)'s', (byte)'>', 0xC3, 0x28, 0xFF, 0xFE]);
        // A very long value (past every cell limit) that ends in a payload.
        Add("203.0.113.7", "-", "GET /" + new string('A', 6000) + "<script>alert(14)</script> HTTP/1.1", 200, "-", new string('B', 6000) + "<svg onload=alert(15)>");
        // Enough traversal and scanner requests from one client for the web rules to fire.
        for (var i = 0; i < 60; i++)
            Add("203.0.113.66", "-", $"GET /../../../../etc/passwd?x=<script>alert({100 + i})</script> HTTP/1.1", 404, "javascript:alert(16)",
                "sqlmap/1.7 <svg onload=alert(17)>");
        return log.ToArray();
    }
}
