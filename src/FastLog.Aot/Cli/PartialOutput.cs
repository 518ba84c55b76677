using System.IO.Hashing;
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
            Inputs = shards ?? Fingerprint(result, stateBytes),
            Counters = result.Counters,
            Samples = result.Samples,
            State = stateBytes,
        };
        output.Stream.Write(partial.ToBytes());
        output.Commit();
        return 0;
    }

    private static List<ShardInput> Fingerprint(RunSummary result, byte[] state)
    {
        var shards = new List<ShardInput>(result.Inputs.Count);
        foreach (var input in result.Inputs)
        {
            // A stream (stdin, a FIFO) cannot be read again: its identity is the content of what it gave.
            var (size, modified, hash) = ShardInput.Fingerprint(input.Path) ?? (-1, 0, XxHash128.HashToUInt128(state));
            shards.Add(new ShardInput(input.Path, input.Format, input.FormatGuessed, input.Bytes, input.Lines, size, modified, hash));
        }
        return shards;
    }
}
