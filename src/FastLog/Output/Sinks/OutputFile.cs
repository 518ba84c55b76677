namespace FastLog.Output.Sinks;

/// <summary>
/// An output path (<c>-o</c>, <c>--truth</c>), placed and opened before any input is read, so a
/// path that cannot be written fails at once rather than after a 4 GB run.
/// </summary>
/// <remarks>
/// What happens depends on what is at the path (docs/output-files.md):
/// <list type="bullet">
/// <item>nothing or a regular file: a temporary file in the same directory, renamed over the
/// path by <see cref="Commit"/>; a replaced file keeps its permissions (and owner, as root);</item>
/// <item>a symbolic link: followed, and its final target replaced in the target's directory;</item>
/// <item><c>/dev/stdout</c>, <c>/dev/fd/1</c>, <c>/proc/self/fd/1</c>: standard output itself;</item>
/// <item>a character or block device or a named pipe: opened and written directly;</item>
/// <item>a directory or a socket: refused.</item>
/// </list>
/// </remarks>
public sealed class OutputFile : IDisposable
{
    private static readonly string[] s_stdoutNames = ["/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"];

    private readonly AtomicFileStream? _atomic;
    private readonly string? _finalPath;
    private readonly FileStatus _directory;

    private OutputFile(Stream stream, AtomicFileStream? atomic, string? finalPath, FileStatus target, FileStatus directory)
    {
        Stream = stream;
        _atomic = atomic;
        _finalPath = finalPath;
        Target = target;
        _directory = directory;
    }

    /// <summary>Where the output is written.</summary>
    public Stream Stream { get; }

    /// <summary>What was at the path when it was opened (links followed); <see cref="FileKind.Missing"/> for a new file.</summary>
    public FileStatus Target { get; }

    /// <summary>True when the output replaces a regular file at the end (rather than writing a device, pipe or stdout).</summary>
    public bool ReplacesFile => _atomic is not null;

    /// <summary>Standard output (or a test's) as an output: nothing to place, commit only flushes.</summary>
    public static OutputFile ForStream(Stream stream) => new(stream, null, null, default, default);

    /// <summary>Places <paramref name="path"/> as the remarks describe; <paramref name="openStdout"/> serves the standard-output names.</summary>
    /// <param name="path">The path as given (not empty).</param>
    /// <param name="option">The option's name, for messages (<c>-o</c>).</param>
    /// <param name="openStdout">Opens standard output.</param>
    /// <exception cref="IOException">The path cannot be written; the message names the option and the path.</exception>
    public static OutputFile Open(string path, string option, Func<Stream> openStdout)
    {
        if (s_stdoutNames.Contains(path)) return ForStream(openStdout());
        try
        {
            var target = FileStatus.Of(path);
            switch (target.Kind)
            {
                case FileKind.Directory:
                    throw new IOException("is a directory");
                case FileKind.Socket:
                    throw new IOException("is a socket, which cannot be opened as a file");
                case FileKind.CharacterDevice or FileKind.BlockDevice or FileKind.Fifo:
                    // Written in place, as the shell's '>' would: replacing /dev/null with a file, or a
                    // pipe someone reads from with a file nobody reads, is never what was meant.
                    var direct = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1 << 16);
                    return new OutputFile(direct, null, null, target, default);
            }
            var finalPath = FinalPath(path);
            var directory = Path.GetDirectoryName(finalPath)!;
            if (Path.GetFileName(finalPath).Length == 0) throw new IOException("names a directory, not a file");
            var directoryStatus = FileStatus.Of(directory);
            if (directoryStatus.Kind == FileKind.Missing) throw new IOException($"directory {directory} does not exist");
            if (directoryStatus.Kind != FileKind.Directory) throw new IOException($"{directory} is not a directory");
            var atomic = AtomicFileStream.Create(finalPath, target.Kind == FileKind.Regular ? target : null);
            return new OutputFile(atomic, atomic, finalPath, target, directoryStatus);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new IOException($"{option} {path}: permission denied ({e.Message})", e);
        }
        catch (IOException e)
        {
            throw new IOException($"{option} {path}: {e.Message}", e);
        }
    }

    /// <summary>
    /// True when both outputs would write the same file: the same existing inode, or the same
    /// name in the same directory (found by inode, so <c>d/x</c> and <c>link-to-d/x</c> match).
    /// </summary>
    public bool IsSameFileAs(OutputFile other)
    {
        if (Target.IsSameFileAs(other.Target)) return true;
        return _finalPath is not null && other._finalPath is not null
            && _directory.IsSameFileAs(other._directory)
            && Path.GetFileName(_finalPath) == Path.GetFileName(other._finalPath);
    }

    /// <summary>
    /// Free bytes for an unprivileged writer on the file system that will hold a replacement
    /// file, or null when the output is not a file fastlog creates (a device, a pipe, stdout).
    /// </summary>
    public long? AvailableBytes => _finalPath is null ? null : new DriveInfo(Path.GetDirectoryName(_finalPath)!).AvailableFreeSpace;

    /// <summary>Makes the output final: renames a replacement file into place, or flushes a device or pipe.</summary>
    public void Commit()
    {
        if (_atomic is not null) _atomic.Commit();
        else Stream.Flush();
    }

    /// <summary>Closes the output; a replacement file not committed is removed.</summary>
    public void Dispose() => Stream.Dispose();

    /// <summary>The absolute path that will be replaced: symbolic links followed to their final target (which may not exist yet), whose directory holds the temporary file.</summary>
    private static string FinalPath(string path)
    {
        var current = Path.GetFullPath(path);
        // Bounded by Linux's own limit on links in one lookup (MAXSYMLINKS, 40), so a loop ends.
        for (var hops = 0; hops < 40; hops++)
        {
            string? link;
            try
            {
                link = new FileInfo(current).LinkTarget;
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                return current;
            }
            if (link is null) return current;
            current = Path.GetFullPath(link, Path.GetDirectoryName(current)!);
        }
        throw new IOException("too many levels of symbolic links");
    }
}
