using System.Text.Json;
using FastLog.Tests.TestSupport;
using Xunit;

namespace FastLog.Tests.Formats;

/// <summary>
/// One line must not decide a file's format: whoever sends the first request after a rotation
/// writes the first line. For every auto-detected format, a log still detects as itself after a
/// huge first line (cut by the 64 KiB sample, or longer than a stream may buffer), garbage first
/// lines, or a first line of another format; from a file and from stdin.
/// </summary>
public sealed class FormatDetectionRobustnessTests : IClassFixture<FormatDetectionRobustnessTests.Logs>
{
    private readonly Logs _logs;

    public FormatDetectionRobustnessTests(Logs logs) => _logs = logs;

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var format in Logs.Formats)
            foreach (var damage in new[] { "huge first line", "huge first line inside the last field", "2 MiB first line", "20 garbage lines", "first line of another format" })
                data.Add(format, damage);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void TheFormatIsDetectedWhateverTheFirstLines(string format, string damage)
    {
        var path = _logs.Damaged(format, damage);
        AssertDetected(format, FastLogCli.Run("analyze", "--output", "json", "--stable", path), $"{damage}, file");
        // A stream buffers at most 1 MiB of a first line; past that only files can skip it.
        if (damage != "2 MiB first line")
            AssertDetected(format, FastLogCli.RunWithStdin(File.ReadAllBytes(path), "analyze", "--output", "json", "--stable", "-"), $"{damage}, stdin");
    }

    private static void AssertDetected(string format, CliResult run, string what)
    {
        var input = JsonDocument.Parse(run.Stdout).RootElement.GetProperty("overview").GetProperty("inputs")[0];
        Assert.True(format == input.GetProperty("format").GetString(), $"{format}, {what}: detected as {input.GetProperty("format")}; stderr: {run.Stderr}");
        Assert.False(input.TryGetProperty("format_guessed", out var guessed) && guessed.GetBoolean(), $"{format}, {what}: guessed");
    }

    /// <summary>Generated logs of every auto-detected format, and their damaged copies.</summary>
    public sealed class Logs : IDisposable
    {
        public static readonly string[] Formats = ["nginx", "combined", "common", "w3c", "alb", "syslog", "auth", "cloudtrail", "github", "jsonl"];

        private readonly TempDirectory _temp = new("detection");

        public Logs()
        {
            foreach (var format in Formats)
            {
                if (format == "jsonl")
                    File.WriteAllLines(Clean(format), Enumerable.Range(0, 2000).Select(i => $"{{\"ts\":\"2024-03-04T10:{i / 60 % 60:00}:{i % 60:00}Z\",\"level\":\"info\",\"msg\":\"request {i} done\"}}"));
                else
                    FastLogCli.Run("generate", "--format", format, "--size", "300K", "--seed", "3", "-o", Clean(format)).Ok();
            }
        }

        public string Clean(string format) => _temp.File(format + ".log");

        /// <summary>Writes (once) and returns the log of <paramref name="format"/> with <paramref name="damage"/> at its start.</summary>
        public string Damaged(string format, string damage)
        {
            var path = _temp.File($"{format}-{damage.Replace(' ', '-')}.log");
            if (File.Exists(path)) return path;
            var clean = Clean(format);
            var other = Clean(format is "nginx" or "combined" or "common" ? "syslog" : "combined");
            var prefix = damage switch
            {
                "huge first line" => "head -c 102400 /dev/zero | tr '\\000' x; echo",
                // The attack on a combined log: the first 64 KiB of this line parse as common.
                "huge first line inside the last field" => $"head -n 1 {clean} | awk '{{ s = sprintf(\"%102400s\", \"\"); gsub(/ /, \"A\", s); print substr($0, 1, length($0) - 5) s substr($0, length($0) - 4) }}'",
                "2 MiB first line" => "head -c 2097152 /dev/zero | tr '\\000' x; echo",
                "20 garbage lines" => "for i in $(seq 20); do echo \"garbage line $i: <<<>>> \\\"unbalanced\"; done",
                _ => $"head -n 1 {other}",
            };
            Shell.Run($"({prefix}; cat {clean}) > {path}");
            return path;
        }

        public void Dispose() => _temp.Dispose();
    }
}
