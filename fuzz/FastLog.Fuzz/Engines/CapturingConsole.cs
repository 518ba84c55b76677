using FastLog.Cli;

namespace FastLog.Fuzz.Engines;

/// <summary>A console whose stdin is given bytes and whose stdout and stderr are kept in memory.</summary>
public sealed class CapturingConsole(byte[] stdin, bool terminal = false) : IConsole
{
    private readonly MemoryStream _stdout = new();
    private readonly StringWriter _stderr = new();

    /// <summary>What was written to stdout.</summary>
    public byte[] StdoutBytes => _stdout.ToArray();

    /// <summary>What was written to stderr.</summary>
    public string StderrText => _stderr.ToString();

    /// <inheritdoc/>
    public Stream OpenStdout() => new KeptOpen(_stdout);

    /// <inheritdoc/>
    public Stream OpenStdin() => new MemoryStream(stdin, writable: false);

    /// <inheritdoc/>
    public TextWriter Stderr => _stderr;

    /// <inheritdoc/>
    public bool StdoutIsTerminal => terminal;

    /// <summary>The command disposes stdout when done; the bytes must outlive that.</summary>
    private sealed class KeptOpen(MemoryStream inner) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
        public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);
    }

    /// <summary>Runs <c>fastlog <paramref name="args"/></c> in-process; returns the exit code and the console.</summary>
    public static (int Exit, CapturingConsole Console) Run(byte[] stdin, bool terminal, params string[] args)
    {
        var console = new CapturingConsole(stdin, terminal);
        return (FastLogApp.Run(args, console), console);
    }
}
