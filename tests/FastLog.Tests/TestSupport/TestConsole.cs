using FastLog.Cli;

namespace FastLog.Tests.TestSupport;

/// <summary>
/// An in-memory <see cref="IConsole"/> for one in-process run of <see cref="FastLogApp.Run"/>:
/// stdin from a byte array, stdout into a buffer that outlives the CLI's dispose, stderr into a string.
/// </summary>
public sealed class TestConsole(byte[]? stdin = null) : IConsole
{
    private readonly byte[] _stdin = stdin ?? [];
    private readonly MemoryStream _stdout = new();
    private readonly StringWriter _stderr = new() { NewLine = "\n" };
    private int _stdoutOpens;
    private int _stdinOpens;

    /// <summary>How often the CLI opened stdout (the contract allows at most once per run).</summary>
    public int StdoutOpens => _stdoutOpens;

    /// <summary>How often the CLI opened stdin.</summary>
    public int StdinOpens => _stdinOpens;

    /// <summary>Everything written to stdout so far.</summary>
    public byte[] StdoutBytes => _stdout.ToArray();

    /// <summary>Everything written to stderr so far.</summary>
    public string StderrText => _stderr.ToString();

    /// <inheritdoc/>
    public Stream OpenStdout()
    {
        Interlocked.Increment(ref _stdoutOpens);
        return new KeepOpenStream(_stdout);
    }

    /// <inheritdoc/>
    public Stream OpenStdin()
    {
        Interlocked.Increment(ref _stdinOpens);
        return new MemoryStream(_stdin, writable: false);
    }

    /// <inheritdoc/>
    public TextWriter Stderr => _stderr;

    /// <summary>Whether the run sees stdout as a terminal (default: a pipe).</summary>
    public bool Terminal { get; init; }

    /// <inheritdoc/>
    public bool StdoutIsTerminal => Terminal;
}
