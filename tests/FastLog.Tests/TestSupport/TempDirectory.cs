namespace FastLog.Tests.TestSupport;

/// <summary>A fresh directory under the system temp folder, deleted with everything in it on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    /// <summary>Creates <c>$TMPDIR/fastlog-tests-NAME-RANDOM</c>.</summary>
    public TempDirectory(string name)
    {
        // Only [a-z0-9-] in the name, so paths need no quoting in shell commands or JSON.
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"fastlog-tests-{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    /// <summary>The directory.</summary>
    public string Path { get; }

    /// <summary>A path inside the directory.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <inheritdoc/>
    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Deliberate: a leftover temp folder must not fail a test run.
        }
    }
}
