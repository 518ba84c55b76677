using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Output.Html;

/// <summary>
/// One page in Debian's headless Chromium, driven over the DevTools protocol (a WebSocket, no
/// Playwright): emulate a media type, <c>prefers-color-scheme</c> or a phone's viewport, then
/// read the layout and computed styles the browser made of the report. The evaluated
/// expressions run in DevTools, outside the page's CSP, which stays in force for the page itself;
/// every console and log entry (a CSP violation among them) is collected.
/// </summary>
public sealed partial class DevToolsPage : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);
    private readonly Process _browser;
    private readonly TempDirectory _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly string _session;
    private int _nextId;

    /// <summary>Console and log entries the page produced, as "level: text".</summary>
    public List<string> Console { get; } = [];

    [GeneratedRegex(@"DevTools listening on (ws://\S+)")]
    private static partial Regex Listening();

    /// <summary>Starts a browser with one blank page.</summary>
    public DevToolsPage()
    {
        var executable = HeadlessBrowser.Executable ?? throw new InvalidOperationException("no headless chromium: apt-get install chromium-headless-shell");
        _profile = new TempDirectory("chromium-devtools");
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--disable-extensions", "--disable-dev-shm-usage", "--hide-scrollbars",
                     "--remote-debugging-port=0", $"--user-data-dir={_profile.Path}", "about:blank"])
            start.ArgumentList.Add(argument);
        _browser = Process.Start(start) ?? throw new InvalidOperationException("chromium did not start");
        _browser.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
        var endpoint = ReadEndpoint();
        _socket.ConnectAsync(new Uri(endpoint), Timeout()).GetAwaiter().GetResult();
        var target = Send("Target.createTarget", new JsonObject { ["url"] = "about:blank" }, session: null)["targetId"]!.GetValue<string>();
        _session = Send("Target.attachToTarget", new JsonObject { ["targetId"] = target, ["flatten"] = true }, session: null)["sessionId"]!.GetValue<string>();
        Send("Page.enable");
        Send("Runtime.enable");
        Send("Log.enable");
    }

    /// <summary>Loads <paramref name="path"/> and waits for its load event.</summary>
    public void Load(string path)
    {
        Send("Page.navigate", new JsonObject { ["url"] = new Uri(path).AbsoluteUri });
        WaitFor("Page.loadEventFired");
    }

    /// <summary>Sets the viewport: <paramref name="width"/> CSS pixels, as a phone when <paramref name="mobile"/>.</summary>
    public void Viewport(int width, int height, bool mobile)
        => Send("Emulation.setDeviceMetricsOverride", new JsonObject { ["width"] = width, ["height"] = height, ["deviceScaleFactor"] = 1, ["mobile"] = mobile });

    /// <summary>Emulates a media type (<c>print</c>, <c>screen</c>) and a <c>prefers-color-scheme</c> (<c>light</c>, <c>dark</c>).</summary>
    public void Media(string type, string colorScheme)
        => Send("Emulation.setEmulatedMedia", new JsonObject
        {
            ["media"] = type,
            ["features"] = new JsonArray(new JsonObject { ["name"] = "prefers-color-scheme", ["value"] = colorScheme }),
        });

    /// <summary>The value of a JavaScript expression evaluated in the page, as JSON.</summary>
    public JsonNode? Evaluate(string expression)
    {
        var result = Send("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true });
        if (result["exceptionDetails"] is { } error) throw new InvalidOperationException($"{expression}: {error.ToJsonString()}");
        return result["result"]!["value"];
    }

    /// <summary>The page printed to PDF (A4, backgrounds as the print CSS sets them).</summary>
    public byte[] PrintToPdf() => Convert.FromBase64String(Send("Page.printToPDF", new JsonObject { ["paperWidth"] = 8.27, ["paperHeight"] = 11.69 })["data"]!.GetValue<string>());

    private string ReadEndpoint()
    {
        var deadline = DateTime.UtcNow + s_timeout;
        var seen = new StringBuilder();
        while (DateTime.UtcNow < deadline)
        {
            var line = _browser.StandardError.ReadLineAsync();
            if (!line.Wait(deadline - DateTime.UtcNow) || line.Result is null) break;
            seen.AppendLine(line.Result);
            if (Listening().Match(line.Result) is { Success: true } match)
            {
                // Keep draining stderr so the browser never blocks on a full pipe.
                _browser.StandardError.BaseStream.CopyToAsync(Stream.Null);
                return match.Groups[1].Value;
            }
        }
        throw new InvalidOperationException($"chromium gave no DevTools endpoint: {seen}");
    }

    private JsonNode Send(string method, JsonObject? parameters = null) => Send(method, parameters, _session);

    private JsonNode Send(string method, JsonObject? parameters, string? session)
    {
        var id = ++_nextId;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        if (session is not null) message["sessionId"] = session;
        _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, Timeout()).GetAwaiter().GetResult();
        while (true)
        {
            var reply = Receive();
            if (reply["id"]?.GetValue<int>() != id) continue;
            if (reply["error"] is { } error) throw new InvalidOperationException($"{method}: {error.ToJsonString()}");
            return reply["result"]!;
        }
    }

    private void WaitFor(string eventName)
    {
        while (Receive()["method"]?.GetValue<string>() != eventName)
        {
        }
    }

    /// <summary>The next message; console and log entries are collected on the way.</summary>
    private JsonNode Receive()
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[1 << 16];
        WebSocketReceiveResult result;
        do
        {
            result = _socket.ReceiveAsync(chunk, Timeout()).GetAwaiter().GetResult();
            if (result.MessageType == WebSocketMessageType.Close) throw new InvalidOperationException("chromium closed the DevTools connection");
            buffer.Write(chunk, 0, result.Count);
        }
        while (!result.EndOfMessage);
        var message = JsonNode.Parse(buffer.ToArray())!;
        switch (message["method"]?.GetValue<string>())
        {
            case "Log.entryAdded":
                var entry = message["params"]!["entry"]!;
                Console.Add($"{entry["level"]}: {entry["text"]}");
                break;
            case "Runtime.consoleAPICalled":
                Console.Add($"{message["params"]!["type"]}: {message["params"]!["args"]!.ToJsonString()}");
                break;
            case "Runtime.exceptionThrown":
                Console.Add($"exception: {message["params"]!["exceptionDetails"]!.ToJsonString()}");
                break;
        }
        return message;
    }

    private static CancellationToken Timeout() => new CancellationTokenSource(s_timeout).Token;

    /// <inheritdoc/>
    public void Dispose()
    {
        _socket.Dispose();
        try
        {
            if (!_browser.HasExited) _browser.Kill(entireProcessTree: true);
            _browser.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _browser.Dispose();
        _profile.Dispose();
    }
}
