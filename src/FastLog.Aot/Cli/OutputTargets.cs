using FastLog.Input;
using FastLog.Output.Sinks;
using FileStatus = FastLog.Output.Sinks.FileStatus;

namespace FastLog.Cli;

/// <summary>
/// Opens a run's output (<c>-o PATH</c> or standard output) before any input is read, and refuses
/// an output file that is one of the inputs: replacing it would destroy what the run reads.
/// </summary>
public static class OutputTargets
{
    /// <summary>The output of a run over <paramref name="inputs"/>: <paramref name="path"/> placed by <see cref="OutputFile.Open"/>, or standard output when null.</summary>
    /// <exception cref="UsageException">The output file is an input (the same inode, by whatever path).</exception>
    /// <exception cref="IOException">The output cannot be written (a missing directory, a closed stdout).</exception>
    public static OutputFile Open(string? path, IConsole console, IReadOnlyList<InputSource> inputs)
    {
        if (path is null) return OutputFile.ForStream(console.OpenStdout());
        var output = OutputFile.Open(path, "-o", console.OpenStdout);
        if (output.Target.Kind != FileKind.Regular) return output;
        foreach (var input in inputs)
        {
            var status = input.Kind == InputKind.Stdin ? FileStatus.OfDescriptor(0) : InputStatus(input.Path);
            if (status is { } same && output.Target.IsSameFileAs(same))
            {
                output.Dispose();
                throw new UsageException($"-o {path}: is also the input {(input.Kind == InputKind.Stdin ? "on standard input" : input.Path)}; writing it would destroy what is read");
            }
        }
        return output;
    }

    /// <summary>Checks an output option's value as given: an empty path names no file.</summary>
    /// <exception cref="UsageException">The path is empty.</exception>
    public static string? CheckPath(string? path, string option)
        => path is { Length: 0 } ? throw new UsageException($"{option}: expected a file path, got an empty string") : path;

    private static FileStatus? InputStatus(string path)
    {
        try
        {
            return FileStatus.Of(path);
        }
        catch (IOException)
        {
            // An input that cannot be examined is reported by the run when it fails to read it.
            return null;
        }
    }
}
