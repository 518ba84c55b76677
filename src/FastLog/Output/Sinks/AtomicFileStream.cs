namespace FastLog.Output.Sinks;

/// <summary>
/// Writes <c>-o PATH</c> to a unique temporary name beside it and renames it over PATH only on
/// <see cref="Commit"/>: an interrupted or failed run never leaves a file that looks complete,
/// and two runs writing the same path never interleave (the last rename wins).
/// </summary>
public sealed class AtomicFileStream : FileStream
{
    private readonly string _finalPath;
    private readonly string _tempPath;
    private bool _committed;

    private AtomicFileStream(string finalPath, string tempPath)
        : base(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16)
    {
        _finalPath = finalPath;
        _tempPath = tempPath;
    }

    /// <summary>Creates the temporary file for <paramref name="path"/>.</summary>
    public static AtomicFileStream Create(string path)
    {
        var full = Path.GetFullPath(path);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        return new AtomicFileStream(full, temp);
    }

    /// <summary>Flushes, closes and renames the temporary file to the final path.</summary>
    public void Commit()
    {
        Flush(flushToDisk: true);
        base.Dispose(true);
        File.Move(_tempPath, _finalPath, overwrite: true);
        _committed = true;
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!_committed)
        {
            try
            {
                File.Delete(_tempPath);
            }
            catch (IOException)
            {
                // Best effort: the temporary name never looks like the final file.
            }
        }
    }
}
