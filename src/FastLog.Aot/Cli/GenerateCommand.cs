using System.Globalization;
using FastLog.Columns;
using FastLog.Formats;
using FastLog.Generation;
using FastLog.Generation.Samples;
using FastLog.Generation.Traffic;
using FastLog.Generation.Truth;
using FastLog.Output.Sinks;

namespace FastLog.Cli;

/// <summary>
/// <c>fastlog generate</c>: validates its options (it reads no inputs, so it does not go through
/// <see cref="CliOptions"/>), writes the log to stdout or <c>-o</c>, and the truth manifest to
/// <c>--truth</c>. Both files are written to a temporary name and renamed when complete.
/// </summary>
public sealed class GenerateCommand : ICommand
{
    /// <summary>Options only generate takes (other commands reject them).</summary>
    public static readonly string[] OwnFlags = ["--lines", "--size", "--seed", "--attacks", "--truth", "--samples", "--clients", "--paths", "--agents", "--id-paths"];

    /// <inheritdoc/>
    public string Name => CommandName.Generate;

    /// <summary>Its own options and <c>--format</c>, <c>-o</c>, <c>--threads</c>.</summary>
    public IReadOnlyCollection<string> FlagNames { get; } = [.. OwnFlags, "--format", "-o", "--threads"];

    /// <summary><c>--samples</c> takes no other option: the samples are fixed.</summary>
    public bool Takes(string flag, CliArgs args) => args.Values.ContainsKey("--samples") ? flag == "--samples" : FlagNames.Contains(flag);

    /// <inheritdoc/>
    public string? Refusal(string flag, CliArgs args)
        => args.Values.ContainsKey("--samples") ? $"option '{flag}' does not apply to generate --samples" : $"option '{flag}' does not apply to generate";

    int ICommand.Run(CliArgs args, IConsole console) => Run(args, console);

    /// <summary>Runs generate with <paramref name="args"/> (its flags checked by <see cref="FlagCheck"/>); returns the exit code.</summary>
    public static int Run(CliArgs args, IConsole console)
    {
        if (args.Values.ContainsKey("--samples")) return WriteSamples(args, console);
        var options = Parse(args, out var outputPath, out var truthPath);
        // Both outputs are placed before a byte is generated: a path that cannot be written
        // fails at once, and a truth file that would overwrite the log is refused.
        using var output = outputPath is null ? OutputFile.ForStream(console.OpenStdout()) : OutputFile.Open(outputPath, "-o", console.OpenStdout);
        using var truth = truthPath is null ? null : OutputFile.Open(truthPath, "--truth", console.OpenStdout);
        if (truth is not null && outputPath is not null && truth.IsSameFileAs(output))
            throw new UsageException($"--truth {truthPath}: is the same file as -o {outputPath}");
        // The size is known before a byte is written: a run that cannot fit is refused rather
        // than left to fill the disk (the replaced file's space is freed only by the final rename).
        if (options.SizeBytes is { } size && output.AvailableBytes is { } available && size > available)
            throw new IOException($"--size {args.Values["--size"]}: needs {size} bytes, but the file system of -o {outputPath} has {available} bytes free");
        var result = LogGenerator.Generate(options, output.Stream);
        output.Commit();
        if (output.ReplacesFile)
        {
            // Dated like a real log: last written at the end of its period. Syslog lines carry no
            // year, and readers take it from this time (so generate && analyze needs no --year).
            File.SetLastWriteTimeUtc(outputPath!, DateTimeOffset.FromUnixTimeSeconds(result.EndUnixSeconds).UtcDateTime);
        }
        if (truth is not null)
        {
            var manifest = TruthManifest.From(result, GeneratedFormats.NameOf(options.Format), options.Seed);
            manifest.WriteJson(truth.Stream);
            truth.Commit();
        }
        return 0;
    }

    /// <summary>
    /// <c>--samples DIR</c>: writes the committed sample logs (<c>DIR/combined/access.log</c>, …),
    /// each through a temporary file renamed when complete. It takes no other option: the samples
    /// are fixed.
    /// </summary>
    private static int WriteSamples(CliArgs args, IConsole console)
    {
        if (args.Positionals.Count > 0) throw new UsageException($"generate reads no input (got '{args.Positionals[0]}')");
        var folder = OutputTargets.CheckPath(args.Values["--samples"], "--samples")!;
        foreach (var (relativePath, bytes) in SampleLogs.All())
        {
            var path = Path.Combine(folder, relativePath);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var file = OutputFile.Open(path, "--samples", console.OpenStdout);
            file.Stream.Write(bytes);
            file.Commit();
        }
        return 0;
    }

    private static GenerationOptions Parse(CliArgs args, out string? outputPath, out string? truthPath)
    {
        if (args.Positionals.Count > 0) throw new UsageException($"generate reads no input (got '{args.Positionals[0]}'); write to a file with -o PATH");
        var formatName = args.Values.GetValueOrDefault("--format", "combined");
        var format = GeneratedFormats.Find(formatName)
            ?? throw new UsageException($"--format: generate writes {string.Join(", ", GeneratedFormats.All.Select(f => f.Name))}, not '{formatName}'");

        var hasLines = args.Values.TryGetValue("--lines", out var linesText);
        var hasSize = args.Values.TryGetValue("--size", out var sizeText);
        if (hasLines == hasSize) throw new UsageException("generate needs exactly one of --lines N and --size SIZE (e.g. --size 1G)");
        long? lines = hasLines ? WholeNumber("--lines", linesText!, 1, long.MaxValue / 2) : null;
        long? size = hasSize ? ParseSize(sizeText!) : null;

        ulong seed = 1;
        if (args.Values.TryGetValue("--seed", out var seedText)
            && !ulong.TryParse(seedText, NumberStyles.None, CultureInfo.InvariantCulture, out seed))
            throw new UsageException($"--seed: expected a whole number from 0 to {ulong.MaxValue}, got '{seedText}'");

        var attacks = args.Values.GetValueOrDefault("--attacks", "default") switch
        {
            "default" => true,
            "none" => false,
            var other => throw new UsageException($"--attacks: unknown value '{other}' (expected default or none)"),
        };
        var threads = args.Values.TryGetValue("--threads", out var threadsText)
            ? (int)WholeNumber("--threads", threadsText, 1, 1024)
            : Environment.ProcessorCount;

        var shape = ParseShape(args, format);

        outputPath = OutputTargets.CheckPath(args.Values.GetValueOrDefault("-o"), "-o");
        truthPath = OutputTargets.CheckPath(args.Values.GetValueOrDefault("--truth"), "--truth");
        return new GenerationOptions { Format = format, Lines = lines, SizeBytes = size, Seed = seed, Attacks = attacks, Threads = threads, Shape = shape };
    }

    /// <summary>The cardinality knobs; null for each one not given, so the default model is untouched.</summary>
    private static TrafficShape ParseShape(CliArgs args, LogFormat format)
    {
        int? Count(string name, int min, int max)
            => args.Values.TryGetValue(name, out var text) ? (int)WholeNumber(name, text, min, max) : null;
        var clients = Count("--clients", TrafficShape.MinClients, TrafficShape.MaxClients);
        var paths = Count("--paths", TrafficShape.MinPaths, TrafficShape.MaxPaths);
        var agents = Count("--agents", TrafficShape.MinAgents, TrafficShape.MaxAgents);
        var idPaths = 0.0;
        if (args.Values.TryGetValue("--id-paths", out var idText)
            && (!double.TryParse(idText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out idPaths) || idPaths > 1))
            throw new UsageException($"--id-paths: expected a share from 0 to 1 (e.g. 0.3), got '{idText}'");
        var shape = new TrafficShape(clients, paths, agents, idPaths);
        if (shape != TrafficShape.Default && !GeneratedFormats.HasWebTraffic(format))
            throw new UsageException($"--clients, --paths, --agents and --id-paths shape web traffic: common, combined, nginx, w3c and alb, not {GeneratedFormats.NameOf(format)}");
        return shape;
    }

    private static long WholeNumber(string name, string text, long min, long max)
    {
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            throw new UsageException($"{name}: expected a whole number from {min} to {max}, got '{text}'");
        return value;
    }

    /// <summary>
    /// <c>123</c> bytes, or a number with a binary suffix: <c>64K</c>, <c>100M</c>, <c>1G</c>,
    /// <c>1.5G</c>, <c>2T</c> (<c>KB</c>, <c>KiB</c> and lower case too; K = 1024).
    /// </summary>
    public static long ParseSize(string text)
    {
        var t = text.Trim();
        var upper = t.ToUpperInvariant();
        if (upper.EndsWith("IB", StringComparison.Ordinal)) upper = upper[..^2];
        else if (upper.EndsWith('B')) upper = upper[..^1];
        var multiplier = 1L;
        if (upper.Length > 0)
        {
            switch (upper[^1])
            {
                case 'K': multiplier = 1L << 10; break;
                case 'M': multiplier = 1L << 20; break;
                case 'G': multiplier = 1L << 30; break;
                case 'T': multiplier = 1L << 40; break;
            }
            if (multiplier > 1) upper = upper[..^1];
        }
        if (!decimal.TryParse(upper, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
            || number <= 0 || number * multiplier > (1L << 50))
            throw new UsageException($"--size: expected a size such as 500M, 1G or 1073741824 (at most 1P), got '{text}'");
        return Math.Max(1, (long)(number * multiplier));
    }
}
