using System.IO.Hashing;
using FastLog.Input;
using FastLog.Output.Sinks;
using FastLog.Output.Text;
using FastLog.Partials;
using FastLog.Runs;

namespace FastLog.Cli;

/// <summary>Writes a run's state as a partial (<c>--partial FILE</c>): only when every input was read whole.</summary>
public static class PartialOutput
{
    /// <summary>
    /// Writes the partial of <paramref name="result"/> to <paramref name="output"/> (a temporary file
    /// renamed into place); on any input error, writes nothing and returns 1, so an engine retries
    /// the shard rather than merging a part of it. <paramref name="shards"/>: the inputs when known
    /// (merge), else each input is fingerprinted now.
    /// </summary>
    public static int Write(CliOptions options, IConsole console, OutputFile output, RunSummary result, List<string> errors, IReadOnlyList<ShardInput>? shards)
    {
        if (errors.Count > 0)
        {
            foreach (var error in errors) console.Stderr.Write($"fastlog: error: {TerminalText.Escape(error)}\n");
            console.Stderr.Write($"fastlog: error: no partial written to {TerminalText.Escape(options.PartialPath!)}: an input was not read whole\n");
            return 1;
        }
        var state = new PartialWriter { ChunkFirstLines = result.ChunkFirstLines };
        try
        {
            ((IPartialState)result.Aggregate).WriteState(state);
        }
        catch (NotSupportedException e)
        {
            console.Stderr.Write($"fastlog: error: no partial written to {TerminalText.Escape(options.PartialPath!)}: {e.Message}\n");
            return 1;
        }
        var stateBytes = state.Written.ToArray();
        var partial = new Partial
        {
            ToolVersion = CommandRunner.Version,
            Command = options.Command,
            Options = options.ShapingOptions,
            Inputs = shards ?? Fingerprint(result, stateBytes, options),
            Counters = result.Counters,
            Samples = result.Samples,
            State = stateBytes,
        };
        output.Stream.Write(partial.ToBytes());
        output.Commit();
        return 0;
    }

    private static long Modified(string path) => new DateTimeOffset(File.GetLastWriteTimeUtc(path)).ToUnixTimeSeconds();

    private static List<ShardInput> Fingerprint(RunSummary result, byte[] state, CliOptions options)
    {
        var shards = new List<ShardInput>(result.Inputs.Count);
        foreach (var input in result.Inputs)
        {
            if (options.Shard is { } shard)
            {
                // Only the shard's own bytes are hashed; an input not cut into chunks is shard 0's whole.
                var length = new FileInfo(input.Path).Length;
                var (start, end) = input.ShardRange ?? (shard.Index == 0 ? (0, length) : (length, length));
                var (_, mtime, range) = input.ContentHash is { } read ? (length, Modified(input.Path), read)
                    : ShardInput.Fingerprint(input.Path, start, end) ?? throw new IOException($"{input.Path}: not a regular file");
                var chunkBytes = shard.ChunkBytes(length, options.ChunkBytes);
                shards.Add(new ShardInput(input.Path, input.Format, input.FormatGuessed, input.Bytes, input.Lines, length, mtime, range,
                    new ShardRange(shard.Index, shard.Index + 1, shard.Count, chunkBytes)));
                continue;
            }
            // A file cut into chunks was hashed as it was read; a gzip file or a whole-stream format
            // (w3c, a CloudTrail document) is read again. A stream (stdin, a FIFO) cannot be: its
            // identity is the content of what it gave.
            var (size, modified, hash) = input.ContentHash is { } hashed ? (new FileInfo(input.Path).Length, Modified(input.Path), hashed)
                : ShardInput.Fingerprint(input.Path) ?? (-1, 0, XxHash128.HashToUInt128(state));
            shards.Add(new ShardInput(input.Path, input.Format, input.FormatGuessed, input.Bytes, input.Lines, size, modified, hash));
        }
        return shards;
    }
}
