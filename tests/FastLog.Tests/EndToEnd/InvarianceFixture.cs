using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text.Json;
using FastLog.Columns;
using FastLog.Formats;
using FastLog.Tests.TestSupport;
using Xunit;

namespace FastLog.Tests.EndToEnd;

/// <summary>
/// The inputs of the invariance tests and their reference outputs. Inputs: the three committed
/// samples (data/samples/{combined,common,nginx}/access.log) and a generated ~20k-line combined
/// log with 2 % of its lines damaged (<see cref="GeneratedInputs"/>, fixed seed), each also as a
/// .gz copy (and the same bytes under a name without .gz) and as stdin bytes. The reference run of each command is the simplest configuration:
/// one thread, positioned reads, the plain file, the scanner the CPU picks.
/// </summary>
public sealed class InvarianceFixture : IDisposable
{
    /// <summary>
    /// Syslog-framed inputs from the shared corpus (used when present): an auth.log with
    /// <c>message repeated</c> lines and a CRLF /var/log/messages without a final newline. Their
    /// runs add <c>--year</c> (stdin has no modification time to infer it from) and count and
    /// rank their own fields.
    /// </summary>
    public static readonly Dictionary<string, string> SyslogInputs = new()
    {
        ["auth"] = "authlog-elastic/auth.log",
        ["syslog"] = "syslog-linux-loghub/Linux_2k.log",
    };

    /// <summary>Names of the inputs (theory data).</summary>
    public static readonly string[] InputNames = ["combined", "common", "nginx", "generated", .. SyslogInputs.Where(i => File.Exists(RepoPaths.CorpusFile(i.Value))).Select(i => i.Key)];

    /// <summary>The three outputs compared: analyze JSON, a two-field count, a full top list.</summary>
    public static readonly string[] CommandNames = ["analyze", "count", "top"];

    /// <summary>Flags of the reference run.</summary>
    public static readonly string[] ReferenceFlags = ["--threads", "1", "--io", "read"];

    private readonly TempDirectory _temp = new("invariance");
    private readonly Dictionary<string, Input> _inputs = [];
    private readonly ConcurrentDictionary<(string Input, string Command), Lazy<string>> _reference = new();

    /// <summary>One input in its three shapes.</summary>
    public sealed record Input(string Name, string Path, string GzPath, string GzUnsuffixedPath, byte[] Bytes, byte[] GzBytes);

    /// <summary>How an input reaches fastlog.</summary>
    public enum Delivery { File, Gz, GzUnsuffixed, Stdin, GzStdin }

    /// <summary>Prepares the inputs (generates the ~20k-line log: well under a second).</summary>
    public InvarianceFixture()
    {
        var generated = _temp.File("generated.log");
        GeneratedInputs.Write(generated, LogFormat.Combined, 20_000, seed: 20240601);
        GeneratedInputs.Damage(generated, 0.02, seed: 20240601);
        foreach (var name in InputNames)
        {
            var path = name == "generated" ? generated
                : SyslogInputs.TryGetValue(name, out var corpus) ? RepoPaths.CorpusFile(corpus)
                : Path.Combine(RepoPaths.Samples, name, "access.log");
            var bytes = File.ReadAllBytes(path);
            var gzPath = _temp.File(name + ".log.gz");
            using (var gz = new GZipStream(File.Create(gzPath), CompressionLevel.Fastest))
                gz.Write(bytes);
            // The same gzip bytes under a name without .gz: gzip is recognised by its magic bytes.
            var gzUnsuffixed = _temp.File(name + "-gzip.log");
            File.Copy(gzPath, gzUnsuffixed);
            _inputs[name] = new Input(name, path, gzPath, gzUnsuffixed, bytes, File.ReadAllBytes(gzPath));
        }
    }

    /// <summary>The input called <paramref name="name"/>.</summary>
    public Input this[string name] => _inputs[name];

    /// <summary>The reference output of <paramref name="command"/> on <paramref name="input"/>.</summary>
    public string Reference(string input, string command)
        => _reference.GetOrAdd((input, command), key => new Lazy<string>(() => Run(key.Input, key.Command, ReferenceFlags, Delivery.File))).Value;

    /// <summary>
    /// Runs <paramref name="command"/> on <paramref name="input"/> delivered as <paramref name="delivery"/>
    /// with <paramref name="flags"/>; fails unless it exits 0; returns stdout with the input's
    /// name in the analyze JSON replaced by <c>-</c> (the name stdin has), so deliveries compare.
    /// </summary>
    public string Run(string input, string command, string[] flags, Delivery delivery)
    {
        var i = _inputs[input];
        var path = delivery switch
        {
            Delivery.File => i.Path,
            Delivery.Gz => i.GzPath,
            Delivery.GzUnsuffixed => i.GzUnsuffixedPath,
            _ => "-",
        };
        string[] args = (command, input) switch
        {
            ("analyze", "auth" or "syslog") => ["analyze", path, "--output", "json", "--stable", "--year", "2017", .. flags],
            ("count", "auth") => ["count", path, "--by", "app,event", "--output", "csv", "--year", "2017", .. flags],
            ("top", "auth") => ["top", "ip", path, "--where", "event == 'failed_password'", "--output", "csv", "-n", "100000", "--year", "2017", .. flags],
            ("count", "syslog") => ["count", path, "--by", "app,host", "--output", "csv", "--year", "2017", .. flags],
            ("top", "syslog") => ["top", "msg", path, "--output", "csv", "-n", "100000", "--year", "2017", .. flags],
            ("analyze", _) => ["analyze", path, "--output", "json", "--stable", .. flags],
            ("count", _) => ["count", path, "--by", "status,method", "--output", "csv", .. flags],
            ("top", _) => ["top", "ip", path, "--output", "csv", "-n", "100000", .. flags],
            _ => throw new ArgumentOutOfRangeException(nameof(command), command, null),
        };
        var stdin = delivery switch
        {
            Delivery.Stdin => i.Bytes,
            Delivery.GzStdin => i.GzBytes,
            _ => [],
        };
        var run = FastLogCli.RunWithStdin(stdin, args);
        var output = run.Ok();
        if (command == "analyze" && path != "-")
        {
            // The report's writer and JsonSerializer escape a string alike (default encoder).
            var quoted = JsonSerializer.Serialize(path);
            Assert.Contains(quoted, output, StringComparison.Ordinal);
            output = output.Replace(quoted, "\"-\"", StringComparison.Ordinal);
        }
        return output;
    }

    /// <inheritdoc/>
    public void Dispose() => _temp.Dispose();
}
